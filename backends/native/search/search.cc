#include "backends/native/search/search.h"

#include <sqlite3.h>

#include <string>

#include "backends/action_error.h"
#include "backends/native/search/parser.h"

namespace ankc::native::search {
namespace {

// Rust's {:?} for a string.
std::string rust_debug(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

// Anki's text for an SQLite failure while searching (search.md §8.3). Regex errors raised by
// our SQL functions already carry Anki's text.
[[noreturn]] void throw_db_error(sqlite3* db) {
  std::string msg = sqlite3_errmsg(db);
  if (msg.rfind("<pre>regex parse error", 0) == 0 || msg.rfind("Compiled regex exceeds", 0) == 0)
    throw ankc::ActionError(msg);
  std::string info = "SqliteFailure(Error { code: Unknown, extended_code: " +
                     std::to_string(sqlite3_extended_errcode(db)) + " }, Some(" +
                     rust_debug(msg) + "))";
  throw ankc::ActionError("DbError { info: " + rust_debug(info) + ", kind: Other }");
}

}  // namespace

SqlQuery build_search_sql(std::string_view query, ReturnItem item, SearchContext& ctx) {
  return write_search_sql(parse_search(query), item, ctx);
}

std::vector<int64_t> run_id_query(sqlite3* db, const SqlQuery& query) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, query.sql.c_str(), static_cast<int>(query.sql.size()), &stmt,
                         nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    throw_db_error(db);
  }
  for (size_t i = 0; i < query.args.size(); ++i)
    sqlite3_bind_text(stmt, static_cast<int>(i + 1), query.args[i].data(),
                      static_cast<int>(query.args[i].size()), SQLITE_STATIC);
  std::vector<int64_t> ids;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) ids.push_back(sqlite3_column_int64(stmt, 0));
  if (rc != SQLITE_DONE) {
    std::string keep;  // finalize after reading the message
    try {
      throw_db_error(db);
    } catch (...) {
      sqlite3_finalize(stmt);
      throw;
    }
  }
  sqlite3_finalize(stmt);
  return ids;
}

std::vector<int64_t> find_cards(sqlite3* db, std::string_view query, SearchContext& ctx) {
  return run_id_query(db, build_search_sql(query, ReturnItem::Cards, ctx));
}

std::vector<int64_t> find_notes(sqlite3* db, std::string_view query, SearchContext& ctx) {
  return run_id_query(db, build_search_sql(query, ReturnItem::Notes, ctx));
}

std::vector<int64_t> find_cards(sqlite3* db, std::string_view query, Clock clock) {
  SqliteSearchContext ctx(db, clock);
  return find_cards(db, query, ctx);
}

std::vector<int64_t> find_notes(sqlite3* db, std::string_view query, Clock clock) {
  SqliteSearchContext ctx(db, clock);
  return find_notes(db, query, ctx);
}

}  // namespace ankc::native::search
