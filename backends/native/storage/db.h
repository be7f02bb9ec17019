// One open collection file: a SOCI session on the sqlite3 backend, configured as Anki configures its
// connection (spec §1.2: busy_timeout 0, page_size 4096, cache 40 MiB, WAL) with the `unicase`
// collation and Anki's SQL functions registered.
//
// How a file in use is refused (Locking):
// - exclusive: Anki's own way, locking_mode EXCLUSIVE taken at open and held until close; nobody else
//   can even read the file. For files only this connection uses (temporary copies, packages, CLI work).
// - shared_writer: the collection the API serves, which several connections of this process read at
//   once (Locking::reader). locking_mode stays NORMAL so the readers can share the WAL; the promise
//   that nobody else writes the file while we hold it is kept by two locks instead:
//   (1) an exclusive flock() on the collection file for the life of the connection: another
//       ankiconnectd (any program using this class) is refused; SQLite never uses flock, so this does
//       not disturb SQLite's own locks;
//   (2) SQLite's SHARED lock on the database file, which a WAL-mode connection keeps from its first
//       read until it closes: Anki opens collections in locking_mode EXCLUSIVE, which needs an
//       EXCLUSIVE lock on the file, so desktop Anki gets "database is locked" while we hold it.
//   The open itself is refused when Anki (or anyone) holds the file exclusively (the BEGIN EXCLUSIVE
//   probe below), or another ankiconnectd holds the flock. Not kept out: a program opening the file
//   in NORMAL locking mode (the sqlite3 shell, scripts) can read it, and write it between our
//   transactions — SQLite's own locks keep each transaction whole, as for any SQLite database.
// - reader: one more connection on a file a shared_writer of this process holds: NORMAL locking,
//   PRAGMA query_only (any write fails), no flock (the writer holds it).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "backends/native/storage/statement.h"

struct sqlite3;
struct sqlite3_stmt;
namespace soci { class session; }

namespace ankc::native::storage {

// Text of the error for a collection another process holds (Anki's and AnkiConnect's wording).
inline constexpr std::string_view kCollectionLocked = "Anki already open, or media currently syncing.";

// Puts SQLite in its multi-thread mode for this process (SQLITE_CONFIG_MULTITHREAD): a connection and
// its statements take no mutex on every call (sqlite3_step, sqlite3_column_*, ...). SQLite's default,
// serialized, locks one per call so that a connection may be shared by threads; ours never are: the
// writing connection is used under the backend's collection lock, each reading one by one request at
// a time (the reader pool), a sync account's under its mutex, the media database under the writer's
// lock or the media sync's own mutex. In a process of several threads those uncontended locks were
// about a third of the server's perf samples for a 150k-id findCards. Must run before SQLite is first used (main does it);
// returns false when it is too late (the process then stays serialized, which is only slower).
bool use_multithread_mode();

class Db {
 public:
  // Opens an existing file (create=false; a missing file throws) or creates an empty database file
  // (create=true) with page size 4096. Takes the exclusive lock before reading anything; when another
  // connection holds the file throws ActionError(kCollectionLocked) and leaves the file as it was.
  // Does NOT switch to WAL: call enable_wal() once the file is known to be a collection to keep.
  enum class Locking { exclusive, shared_writer, reader };
  static std::unique_ptr<Db> open(const std::filesystem::path& path, bool create,
                                  Locking locking = Locking::exclusive);
  ~Db();

  // PRAGMA journal_mode=WAL (writes the header; only for files we accept).
  void enable_wal();
  // Checkpoints the WAL into the main file (TRUNCATE) and closes; further use is an error.
  void close();

  // The raw handle, e.g. to register more SQL functions (search registers its own).
  sqlite3* handle() const { return raw_; }
  // The SOCI session, for ad-hoc statements. Beware: SOCI binds std::string as TEXT.
  soci::session& soci() { return *session_; }
  const std::filesystem::path& path() const { return path_; }

  // A statement prepared once per connection and cached by its SQL text (use named constants).
  Query query(std::string_view sql);
  // A one-off statement (dynamic SQL such as IN-lists), finalized after use.
  Query query_uncached(std::string_view sql);
  // Runs one or more statements without results (DDL, pragmas).
  void exec(std::string_view sql);
  // sqlite3_changes() of the last statement.
  int changes() const;
  // True while a transaction is open on the connection.
  bool in_transaction() const;

  // This collection is also a sync server's copy (ankiconnectd serving the sync protocol for it):
  // local writes then take the server's usn instead of -1 (see WriteTransaction::commit).
  void set_served_copy(bool served) { served_copy_ = served; }
  bool served_copy() const { return served_copy_; }

 private:
  Db() = default;
  void release_flock();
  std::filesystem::path path_;
  std::unique_ptr<soci::session> session_;
  sqlite3* raw_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  bool served_copy_ = false;
  Locking locking_ = Locking::exclusive;
  int flock_fd_ = -1;  // shared_writer: the descriptor holding the flock
};

}  // namespace ankc::native::storage
