#include "backends/native/gui/python_errors.h"

#include "backends/action_error.h"
#include "compat/pyjson.h"

namespace ankc::native::gui {

std::string_view python_type_name(const boost::json::value& v) {
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

const boost::json::value& subscript(const boost::json::value& value, std::string_view key) {
  if (value.is_object()) {
    if (const boost::json::value* member = value.get_object().if_contains(key)) return *member;
    throw ActionError(pyjson::repr_str(key));
  }
  if (value.is_string()) throw ActionError("string indices must be integers, not 'str'");
  if (value.is_array()) throw ActionError("list indices must be integers or slices, not str");
  throw ActionError("'" + std::string(python_type_name(value)) + "' object is not subscriptable");
}

}  // namespace ankc::native::gui
