// The single `col` row (spec §2.3): creation day, modification and schema times, schema version.
#pragma once

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

struct ColRow {
  TimestampSecs crt;
  TimestampMillis mod;
  TimestampMillis scm;
  int ver = 0;
  int dty = 0;
  Usn usn;
  TimestampMillis ls;
};

// Reads the col row (throws ActionError when missing).
ColRow get_col(Db& db);
// col.ver, or -1 when there is no col table/row (not a collection).
int schema_version(Db& db);
// Sets col.mod (ms) as given (the sync server at a sync's finish; local writes use set_col_changed).
void set_col_modified(Db& db, TimestampMillis mod);
// What a write transaction does at commit: mod = now, but never at or before the last sync's time
// (ls), so that sync clients, which read equal mod times as "no changes", see the change.
void set_col_changed(Db& db, TimestampMillis now);
// Sets col.scm (ms): a change that forces the next sync to be a full sync.
void set_col_schema_modified(Db& db, TimestampMillis scm);
// Sets col.crt (secs).
void set_col_creation(Db& db, TimestampSecs crt);
// The usn to stamp on locally changed objects: always -1 (this is a client, not a sync server).
inline Usn usn_for_local_change(Db&) { return kLocalUsn; }

}  // namespace ankc::native::storage
