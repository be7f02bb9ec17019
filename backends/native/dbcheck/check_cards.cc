// Invariant 21, the part SQL cannot express: cards.data is '' or a JSON object with only the keys
// Anki knows, and its custom data `cd` (a JSON object serialised as a string) within Anki's limits.
#include <boost/json/parse.hpp>

#include "backends/native/dbcheck/checker.h"
#include "backends/native/storage/dbcheck/dbcheck_queries.h"

namespace ankc::native::dbcheck {
namespace {

constexpr std::size_t kMaxCustomDataBytes = 100;
constexpr std::size_t kMaxCustomDataKeyBytes = 8;
const char* const kKnownKeys[] = {"pos", "s", "d", "dr", "decay", "lrt", "cd"};

// Why data is not what Anki accepts, or "" when it is fine.
std::string data_problem(const std::string& data) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(data, ec);
  if (ec || !v.is_object()) return "is not a JSON object";
  for (const auto& [key, value] : v.as_object()) {
    if (std::find(std::begin(kKnownKeys), std::end(kKnownKeys), key) == std::end(kKnownKeys))
      return "has unknown key \"" + std::string(key) + "\"";
    if (key != "cd") continue;
    if (!value.is_string()) return "has a cd that is not a string";
    const boost::json::string& cd = value.as_string();
    if (cd.size() > kMaxCustomDataBytes) return "has a cd longer than 100 bytes";
    boost::json::value custom = boost::json::parse(cd, ec);
    if (ec || !custom.is_object()) return "has a cd that is not a JSON object";
    for (const auto& entry : custom.as_object())
      if (entry.key().size() > kMaxCustomDataKeyBytes) return "has a cd key longer than 8 bytes";
  }
  return "";
}

}  // namespace

void check_card_data(Checker& c) {
  storage::CardDataScan scan(c.db());
  storage::CardDataRow row;
  while (scan.next(row)) {
    std::string problem = data_problem(row.data);
    if (!problem.empty()) c.limited("21 data", 21, true, "card " + std::to_string(row.id.v) + " data " + problem);
  }
}

}  // namespace ankc::native::dbcheck
