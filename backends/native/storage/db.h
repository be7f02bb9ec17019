// One open collection file: a SOCI session on the sqlite3 backend, configured as Anki configures its
// connection (spec §1.2: busy_timeout 0, locking_mode EXCLUSIVE, page_size 4096, cache 40 MiB, WAL)
// with the `unicase` collation and Anki's SQL functions registered. The exclusive lock is taken at
// open and held until close, so a collection in use by Anki (or another ankiconnectd, or any sqlite3
// writer) is refused and never written.
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

class Db {
 public:
  // Opens an existing file (create=false; a missing file throws) or creates an empty database file
  // (create=true) with page size 4096. Takes the exclusive lock before reading anything; when another
  // connection holds the file throws ActionError(kCollectionLocked) and leaves the file as it was.
  // Does NOT switch to WAL: call enable_wal() once the file is known to be a collection to keep.
  static std::unique_ptr<Db> open(const std::filesystem::path& path, bool create);
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
  std::filesystem::path path_;
  std::unique_ptr<soci::session> session_;
  sqlite3* raw_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
  bool served_copy_ = false;
};

}  // namespace ankc::native::storage
