#include "backends/native/search/query_param.h"

#include "backends/action_error.h"

namespace ankc::native::search {

std::optional<std::string_view> query_param(const boost::json::value& query) {
  if (query.is_null()) return std::nullopt;
  if (!query.is_string()) throw ankc::ActionError("bad argument type for built-in operation");
  return std::string_view(query.get_string());
}

}  // namespace ankc::native::search
