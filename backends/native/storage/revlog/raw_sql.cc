#include "backends/native/storage/revlog/raw_sql.h"

#include <sqlite3.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>

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

void check_raw_sql(Db& db, const std::string& sql) {
  sqlite3* h = db.handle();
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(h, sql.c_str(), static_cast<int>(sql.size()), &stmt, nullptr);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) throw ActionError(db_error_text(sqlite3_extended_errcode(h), sqlite3_errmsg(h)));
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// SQLite's numeric literal (tokenize.c): digits [. digits] [e [+-] digits], . digits [...], 0x hex.
std::optional<SqlValue> number_value(std::string_view t, bool negative) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    if (t.size() > 18) return std::nullopt;  // "hex literal too big" in SQLite: not ours to run
    uint64_t v = 0;
    for (char c : t.substr(2)) {
      if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
      v = v * 16 + static_cast<uint64_t>(std::isdigit(static_cast<unsigned char>(c)) ? c - '0' : (std::tolower(c) - 'a' + 10));
    }
    int64_t i = static_cast<int64_t>(v);  // two's complement, as SQLite reads it
    return negative ? SqlValue(static_cast<int64_t>(0ULL - static_cast<uint64_t>(i))) : SqlValue(i);
  }
  size_t i = 0, int_digits = 0, frac_digits = 0;
  while (i < t.size() && digit(t[i])) ++i, ++int_digits;
  bool real = false;
  if (i < t.size() && t[i] == '.') {
    real = true;
    ++i;
    while (i < t.size() && digit(t[i])) ++i, ++frac_digits;
  }
  if (int_digits + frac_digits == 0) return std::nullopt;
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    real = true;
    ++i;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < t.size() && digit(t[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return std::nullopt;
  }
  if (i != t.size()) return std::nullopt;
  std::string text(t);
  if (!real) {
    errno = 0;
    char* end = nullptr;
    unsigned long long v = std::strtoull(text.c_str(), &end, 10);
    if (errno == 0 && v <= 9223372036854775807ULL)
      return SqlValue(negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v));
    // Beyond 64 bits SQLite reads the literal as REAL.
  }
  double d = std::strtod(text.c_str(), nullptr);
  return SqlValue(negative ? -d : d);
}

}  // namespace

std::optional<SqlValue> sql_literal_value(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  if (iequals(text, "null")) return SqlValue(std::monostate{});
  if (iequals(text, "true")) return SqlValue(int64_t{1});
  if (iequals(text, "false")) return SqlValue(int64_t{0});
  if (text.size() >= 2 && text.front() == '\'' && text.back() == '\'') {
    std::string out;
    for (size_t i = 1; i + 1 < text.size(); ++i) {
      if (text[i] == '\'') {
        if (i + 2 >= text.size() || text[i + 1] != '\'') return std::nullopt;  // a quote that ends the string early
        ++i;
      }
      out += text[i];
    }
    return SqlValue(std::move(out));
  }
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  return number_value(text, negative);
}

std::string sql_literal_text(const SqlValue& value) {
  if (const auto* n = std::get_if<int64_t>(&value)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&value)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    std::string out = buf;
    if (out.find_first_of(".e") == std::string::npos) out += ".0";  // stays REAL
    return out;
  }
  if (const auto* t = std::get_if<std::string>(&value)) {
    std::string out = "'";
    for (char c : *t) {
      if (c == '\'') out += '\'';
      out += c;
    }
    return out + "'";
  }
  return "NULL";
}

}  // namespace ankc::native::storage
