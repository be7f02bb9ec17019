#include "backends/native/notetypes/list_position.h"

#include <string>

#include "backends/action_error.h"
#include "compat/pyjson.h"

namespace ankc::native {

std::optional<std::size_t> python_reposition_target(const boost::json::value& index, std::size_t old_index,
                                                    std::size_t size) {
  int64_t idx;
  if (index.is_bool()) {
    idx = index.as_bool() ? 1 : 0;
  } else if (index.is_int64()) {
    idx = index.as_int64();
  } else if (index.is_uint64()) {
    idx = INT64_MAX;
  } else {
    if (index.is_double() && index.as_double() == static_cast<double>(old_index)) return std::nullopt;
    throw ActionError(std::string("'") + pyjson::type_name(index) + "' object cannot be interpreted as an integer");
  }
  if (idx == static_cast<int64_t>(old_index)) return std::nullopt;
  int64_t n = static_cast<int64_t>(size) - 1;  // after list.remove
  if (idx < 0) idx += n;
  if (idx < 0) idx = 0;
  if (idx > n) idx = n;
  return static_cast<std::size_t>(idx);
}

}  // namespace ankc::native
