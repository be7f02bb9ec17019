// The collection validator: checks a collection against the 25 invariants of collection-format.md
// §12 (what Anki, AnkiDroid and AnkiWeb need from a file written by a non-Anki program). Tests of
// every module call it on whatever the engine wrote; `ankiconnectd check PATH` prints its result.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native {

namespace storage { class Db; }

struct Violation {
  int invariant = 0;   // 1..25, the §12 item
  bool error = false;  // false = warning (Anki tolerates or repairs it)
  std::string message;
  // "<invariant> error|warning: <message>", the line `check` prints.
  std::string line() const;
};

// Checks an open collection (the connection must have unicase registered, as storage::Db does).
// `now` bounds "not in the future" checks.
std::vector<Violation> check_collection(storage::Db& db, TimestampMillis now);
// Opens a copy-free read of the file at path (which must not be open elsewhere), checks it,
// closes it. Also checks the file-level invariant 1 (no leftover -wal, page size, encoding).
std::vector<Violation> check_collection_file(const std::filesystem::path& path);

// Recovers the -wal file a process killed before its last checkpoint leaves beside the collection:
// SQLite replays a WAL when the database is opened read-write, and closing checkpoints it into the
// main file and removes it. Returns false when there was none. Throws ActionError when the collection
// cannot be opened (held by another process, not a collection) or the -wal file is still there after.
bool recover_leftover_wal(const std::filesystem::path& path);

}  // namespace ankc::native
