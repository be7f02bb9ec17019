// A prepared SQLite statement with exact storage classes: Anki rejects protobuf/config values stored
// as TEXT and names stored as BLOB (spec §2.14), so every bind says which class it writes. SOCI binds
// std::string as TEXT, which is why row access goes through this thin wrapper on the raw handle.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace ankc::native::storage {

class Query {
 public:
  // Wraps a prepared statement; the statement is reset (not finalized) when the Query ends, so
  // cached statements can be handed out again. Owned statements (owned=true) are finalized.
  Query(sqlite3* db, sqlite3_stmt* stmt, bool owned);
  Query(Query&& other) noexcept;
  Query& operator=(Query&&) = delete;
  ~Query();

  // Binders; index is 1-based as in SQLite. They return *this for chaining.
  Query& int64(int index, int64_t value);
  Query& text(int index, std::string_view value);  // TEXT storage class
  Query& blob(int index, std::string_view value);  // BLOB storage class (protobufs, config.val)
  Query& null(int index);

  // Steps once; true when a row is available. Throws ActionError with SQLite's message on error.
  bool next();
  // Steps until done (for INSERT/UPDATE/DELETE); returns sqlite3_changes().
  int run();
  // Runs an `INSERT ... RETURNING id` and returns that id: the id the statement chose, which is not
  // the rowid on tables re-created without INTEGER PRIMARY KEY (never use last_insert_rowid as an id).
  int64_t run_returning_id();

  // Column readers for the current row (0-based). text()/blob() read the bytes whatever the class.
  int64_t col_int64(int column) const;
  double col_double(int column) const;
  std::string col_text(int column) const;
  std::string col_blob(int column) const;
  bool col_is_null(int column) const;
  // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB or SQLITE_NULL.
  int col_type(int column) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  bool owned_;
};

}  // namespace ankc::native::storage
