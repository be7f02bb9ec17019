// The SQL functions Anki registers on every collection connection and that its search SQL calls
// (search.md §5.3, §5.9, §7): regexp, regexp_fields, regexp_tags, process_text, field_at_index,
// extract_custom_data, extract_fsrs_variable, extract_fsrs_retrievability. Regexes follow
// Rust-regex semantics through RustRegex (see rust_regex.h for the RE2 differences).
#pragma once

struct sqlite3;

namespace ankc::native::search {

// Registers the functions on `db` (deterministic, UTF-8). Returns the first SQLite error code,
// or SQLITE_OK. Safe to call more than once on a handle.
int register_search_functions(sqlite3* db);

// Registers a `unicase` collation (Unicode full case folding, as Anki's) on `db`. The storage
// layer normally does this; search tests and tools that open raw handles use this one.
int register_unicase_collation(sqlite3* db);

}  // namespace ankc::native::search
