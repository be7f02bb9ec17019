// Turns parsed nodes into the SQL Anki runs for a search (search.md §4–5): same tables, same
// predicates and parameters, no ORDER BY, so SQLite returns ids in Anki's order. Both of Anki's
// unparenthesised fragments (did:, sc:) are reproduced on purpose.
#pragma once

#include <string>
#include <vector>

#include "backends/native/search/ast.h"
#include "backends/native/search/context.h"

namespace ankc::native::search {

enum class ReturnItem { Cards, Notes };

// SQL text with ?N placeholders and the text values to bind to ?1, ?2, ...
struct SqlQuery {
  std::string sql;
  std::vector<std::string> args;
};

// Writes the select for `nodes` returning card or note ids. Reads lookups from `ctx`.
SqlQuery write_search_sql(const std::vector<Node>& nodes, ReturnItem item, SearchContext& ctx);

// Rust's Display for f32: shortest round-trip decimal, never exponent form; "inf", "NaN".
std::string format_f32(float v);

}  // namespace ankc::native::search
