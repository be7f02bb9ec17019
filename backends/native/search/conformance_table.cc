#include "backends/native/search/conformance_table.h"

#include <algorithm>
#include <sstream>

#include "backends/native/search/test_collection.h"

namespace ankc::native::search::testing {
namespace {
const ConformanceRow kRows[] = {
#include "backends/native/search/conformance_rows.inc"
};
}  // namespace

std::span<const ConformanceRow> conformance_rows() { return kRows; }

std::vector<int64_t> expected_ids(const std::string& list, bool cards) {
  std::vector<int64_t> out;
  std::stringstream ss(list);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(cards ? fixture_f_cards().at(item) : std::stoll(item));
  return out;
}

std::string dumps_ids(const std::vector<int64_t>& ids) {
  std::string out = "[";
  for (size_t i = 0; i < ids.size(); ++i) out += (i ? ", " : "") + std::to_string(ids[i]);
  return out + "]";
}

std::vector<int64_t> sorted(std::vector<int64_t> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace ankc::native::search::testing
