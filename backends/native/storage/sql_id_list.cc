#include "backends/native/storage/sql_id_list.h"

namespace ankc::native::storage {

std::string sql_id_list(const std::vector<int64_t>& ids) {
  std::string s = "(";
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? "," : "") + std::to_string(ids[i]);
  return s + ")";
}

std::string sql_id_list(const std::vector<DeckId>& ids) {
  std::vector<int64_t> raw;
  raw.reserve(ids.size());
  for (DeckId id : ids) raw.push_back(id.v);
  return sql_id_list(raw);
}

}  // namespace ankc::native::storage
