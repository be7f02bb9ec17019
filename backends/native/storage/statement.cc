#include "backends/native/storage/statement.h"

#include <sqlite3.h>

#include "backends/action_error.h"

namespace ankc::native::storage {

Query::Query(sqlite3* db, sqlite3_stmt* stmt, bool owned) : db_(db), stmt_(stmt), owned_(owned) {}

Query::Query(Query&& other) noexcept : db_(other.db_), stmt_(other.stmt_), owned_(other.owned_) {
  other.stmt_ = nullptr;
}

Query::~Query() {
  if (!stmt_) return;
  if (owned_) {
    sqlite3_finalize(stmt_);
  } else {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Query& Query::int64(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Query& Query::text(int index, std::string_view value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Query& Query::blob(int index, std::string_view value) {
  // A zero-length blob still has to be a BLOB, not NULL: sqlite3_bind_zeroblob(0) gives x''.
  if (value.empty())
    sqlite3_bind_zeroblob(stmt_, index, 0);
  else
    sqlite3_bind_blob(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Query& Query::null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Query::next() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string message = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw ActionError(message);
}

int Query::run() {
  while (next()) {
  }
  return sqlite3_changes(db_);
}

int64_t Query::run_returning_id() {
  if (!next()) throw ActionError("an insert returned no id");
  int64_t id = col_int64(0);
  run();
  return id;
}

int64_t Query::col_int64(int column) const { return sqlite3_column_int64(stmt_, column); }
double Query::col_double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Query::col_text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), n) : std::string();
}

std::string Query::col_blob(int column) const {
  const void* p = sqlite3_column_blob(stmt_, column);
  int n = sqlite3_column_bytes(stmt_, column);
  return p ? std::string(static_cast<const char*>(p), n) : std::string();
}

bool Query::col_is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
int Query::col_type(int column) const { return sqlite3_column_type(stmt_, column); }

}  // namespace ankc::native::storage
