// Test support: the §11.2 conformance table of search.md (conformance_rows.inc) and what its expected
// lists mean on fixture F, shared by the search tests that replay it (in-process, through the service
// table, over HTTP, and as the atoms of the property test). Not part of any library.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ankc::native::search::testing {

// One row: the query, the expected note ids and card names of fixture F (comma-separated).
struct ConformanceRow {
  const char* num;
  const char* query;
  const char* notes;
  const char* cards;
};

// Every row, in the table's order.
std::span<const ConformanceRow> conformance_rows();

// The ids a comma-separated expected list names, in its order (empty items skipped): note ids as
// written, or (cards=true) card names (c1, c4a, …) through fixture_f_cards().
std::vector<int64_t> expected_ids(const std::string& list, bool cards);

// json.dumps of a list of ids: "[1, 2]".
std::string dumps_ids(const std::vector<int64_t>& ids);

// The ids, ascending.
std::vector<int64_t> sorted(std::vector<int64_t> ids);

}  // namespace ankc::native::search::testing
