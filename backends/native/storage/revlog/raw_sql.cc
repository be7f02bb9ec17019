#include "backends/native/storage/revlog/raw_sql.h"

#include <sqlite3.h>

#include <cstdio>

#include "backends/action_error.h"
#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {

// rusqlite's ErrorCode names for SQLite's primary result codes.
const char* rusqlite_code_name(int primary) {
  switch (primary) {
    case SQLITE_INTERNAL: return "InternalMalfunction";
    case SQLITE_PERM: return "PermissionDenied";
    case SQLITE_ABORT: return "OperationAborted";
    case SQLITE_BUSY: return "DatabaseBusy";
    case SQLITE_LOCKED: return "DatabaseLocked";
    case SQLITE_NOMEM: return "OutOfMemory";
    case SQLITE_READONLY: return "ReadOnly";
    case SQLITE_INTERRUPT: return "OperationInterrupted";
    case SQLITE_IOERR: return "SystemIoFailure";
    case SQLITE_CORRUPT: return "DatabaseCorrupt";
    case SQLITE_NOTFOUND: return "NotFound";
    case SQLITE_FULL: return "DiskFull";
    case SQLITE_CANTOPEN: return "CannotOpen";
    case SQLITE_PROTOCOL: return "FileLockingProtocolFailed";
    case SQLITE_SCHEMA: return "SchemaChanged";
    case SQLITE_TOOBIG: return "TooBig";
    case SQLITE_CONSTRAINT: return "ConstraintViolation";
    case SQLITE_MISMATCH: return "TypeMismatch";
    case SQLITE_MISUSE: return "ApiMisuse";
    case SQLITE_NOLFS: return "NoLargeFileSupport";
    case SQLITE_AUTH: return "AuthorizationForStatementDenied";
    case SQLITE_RANGE: return "ParameterOutOfRange";
    case SQLITE_NOTADB: return "NotADatabase";
    default: return "Unknown";
  }
}

// Rust's Debug formatting of a string: quoted, with \" \\ \n \r \t and \u{..} for other controls.
std::string rust_debug(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[16];
          std::snprintf(buf, sizeof buf, "\\u{%x}", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace

std::string db_error_text(int extended_code, const std::string& message) {
  const std::string info = std::string("SqliteFailure(Error { code: ") + rusqlite_code_name(extended_code & 0xff) +
                           ", extended_code: " + std::to_string(extended_code) + " }, Some(" + rust_debug(message) + "))";
  return "DbError { info: " + rust_debug(info) + ", kind: Other }";
}

namespace {

// Prepares and steps `sql` to the end, handing each row to on_row; DbError texts on failure.
template <typename OnRow>
void run_raw_sql(Db& db, const std::string& sql, OnRow on_row) {
  sqlite3* h = db.handle();
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(h, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK) {
    const std::string text = db_error_text(sqlite3_extended_errcode(h), sqlite3_errmsg(h));
    sqlite3_finalize(stmt);
    throw ActionError(text);
  }
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) on_row(stmt);
  if (rc != SQLITE_DONE) {
    const std::string text = db_error_text(sqlite3_extended_errcode(h), sqlite3_errmsg(h));
    sqlite3_finalize(stmt);
    throw ActionError(text);
  }
  sqlite3_finalize(stmt);
}

}  // namespace

void exec_raw_sql(Db& db, const std::string& sql) {
  run_raw_sql(db, sql, [](sqlite3_stmt*) {});
}

std::vector<int64_t> query_raw_sql_ints(Db& db, const std::string& sql) {
  std::vector<int64_t> out;
  run_raw_sql(db, sql, [&out](sqlite3_stmt* stmt) { out.push_back(sqlite3_column_int64(stmt, 0)); });
  return out;
}

}  // namespace ankc::native::storage
