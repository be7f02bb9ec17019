// The "(1,2,3)" id lists pasted into SQL text where a query filters on a set of ids of unknown size.
// Ids are integers, so the text cannot inject anything.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

// "(1,2,3)"; "()" for no ids.
std::string sql_id_list(const std::vector<int64_t>& ids);
std::string sql_id_list(const std::vector<DeckId>& ids);

}  // namespace ankc::native::storage
