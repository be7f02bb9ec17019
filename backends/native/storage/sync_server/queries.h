// The col-row bookkeeping only a sync server does (sync-protocol.md §9, §0.1, §0.9); everything a
// sync shares with the client is in storage/sync/sync.h.
#pragma once

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

namespace sync_server {

// col.usn += 1 (a full download raises the server's usn before sending the file).
void increment_col_usn(Db& db);
// A new account's collection (§9, §0.9): mod = 0, scm = scm, usn = 0, ls = 0.
void reset_col_for_new_account(Db& db, TimestampMillis scm);

}  // namespace sync_server
}  // namespace ankc::native::storage
