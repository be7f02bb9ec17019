// Parser for Anki's search language (search.md §2): turns a query string into the node list the
// SQL writer consumes, validating every qualifier as it is read. Errors are thrown as
// ankc::ActionError with Anki's exact "Invalid search: ⁨…⁩" text (search_error.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "backends/native/search/ast.h"

namespace ankc::native::search {

// Parses `query`; an empty/blank query gives a single WholeCollection term.
std::vector<Node> parse_search(std::string_view query);

// Rust's integer FromStr: optional '+' (and '-' if min < 0), ASCII digits only, within [min, max].
std::optional<int64_t> parse_rust_int(std::string_view text, int64_t min, int64_t max);

// Rust's f32 FromStr: [+-](digits[.digits]|.digits)[e[+-]digits], inf, infinity, nan.
std::optional<float> parse_rust_f32(std::string_view text);

}  // namespace ankc::native::search
