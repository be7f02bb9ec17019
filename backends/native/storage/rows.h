// Stepping a bound query through a row reader: the two loops every storage function repeats
// ("the row, if any" and "every row"). The SQL and the column reader stay with each table's code.
#pragma once

#include <optional>
#include <vector>

#include "backends/native/storage/statement.h"

namespace ankc::native::storage {

// read(q) of the first row, or nullopt when the query has none.
template <class Read>
auto one_row(Query& q, Read read) -> std::optional<decltype(read(q))> {
  if (!q.next()) return std::nullopt;
  return read(q);
}

// read(q) of every row, in the query's order.
template <class Read>
auto all_rows(Query& q, Read read) -> std::vector<decltype(read(q))> {
  std::vector<decltype(read(q))> rows;
  while (q.next()) rows.push_back(read(q));
  return rows;
}

}  // namespace ankc::native::storage
