// A normal (incremental) sync of the client's collection (sync-protocol.md §4.2-§4.5): the whole
// exchange from start to finish inside one SQLite transaction, committed only after `finish`; any
// failure rolls back, sends `abort`, and leaves the collection exactly as it was. A `bad` sanity check
// or a notetype whose fields/templates changed on both sides (resync required) additionally sets
// col.scm = now afterwards, so the next sync is a full one (§7).
#pragma once

#include <cstddef>

#include "backends/native/collection/clock.h"
#include "backends/native/storage/sync/sync.h"
#include "backends/native/sync/client/transport.h"
#include "backends/native/sync/protocol/messages.h"

namespace ankc::native::storage { class Db; }

namespace ankc::native::sync {

// What moved, for the one log line per sync.
struct SyncCounts {
  size_t sent = 0;      // objects (graves, notetypes, decks, deck configs, tags, revlog, cards, notes) sent
  size_t received = 0;  // objects received
};

// Runs steps 2-8 of §4.2 after meta decided on a normal sync. remote is meta's answer.
SyncCounts normal_sync(storage::Db& db, Transport& transport, const SyncMeta& remote,
                       const storage::LocalMeta& local, Clock& clock);

}  // namespace ankc::native::sync
