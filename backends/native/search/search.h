// Public entry points of Anki's search language for the native backend: findCards / findNotes /
// notesInfo(query) answer through find_cards() and find_notes(). The caller owns the sqlite3*
// handle; it must have the unicase collation and the search SQL functions registered
// (register_search_functions() in sql_functions.h; the collation comes from storage, or
// register_unicase_collation()). Every failure is thrown as ankc::ActionError with Anki's text.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "backends/native/search/context.h"
#include "backends/native/search/sqlwriter.h"

struct sqlite3;

namespace ankc::native::search {

// Parses `query` and writes its SQL (no execution). Throws on parse errors.
SqlQuery build_search_sql(std::string_view query, ReturnItem item, SearchContext& ctx);

// Card ids matching `query`, in the order SQLite returns them for Anki's SQL.
std::vector<int64_t> find_cards(sqlite3* db, std::string_view query, SearchContext& ctx);

// Note ids matching `query`, in the order SQLite returns them for Anki's SQL.
std::vector<int64_t> find_notes(sqlite3* db, std::string_view query, SearchContext& ctx);

// Convenience overloads using a SqliteSearchContext over `db` with `clock`.
std::vector<int64_t> find_cards(sqlite3* db, std::string_view query, Clock clock = {});
std::vector<int64_t> find_notes(sqlite3* db, std::string_view query, Clock clock = {});

// Runs a built query and returns the first column of every row (used by the entry points).
std::vector<int64_t> run_id_query(sqlite3* db, const SqlQuery& query);

}  // namespace ankc::native::search
