#include "backends/native/notetypes/list_position.h"

#include <string>

#include "backends/action_error.h"

namespace ankc::native {

namespace {

const char* python_type_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "NoneType";
    case boost::json::kind::bool_: return "bool";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "int";
    case boost::json::kind::double_: return "float";
    case boost::json::kind::string: return "str";
    case boost::json::kind::array: return "list";
    case boost::json::kind::object: return "dict";
  }
  return "object";
}

}  // namespace

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
    throw ActionError(std::string("'") + python_type_name(index) + "' object cannot be interpreted as an integer");
  }
  if (idx == static_cast<int64_t>(old_index)) return std::nullopt;
  int64_t n = static_cast<int64_t>(size) - 1;  // after list.remove
  if (idx < 0) idx += n;
  if (idx < 0) idx = 0;
  if (idx > n) idx = n;
  return static_cast<std::size_t>(idx);
}

}  // namespace ankc::native
