#include "backends/native/gui/python_errors.h"

#include "backends/action_error.h"
#include "compat/py_errors.h"
#include "compat/pyjson.h"

namespace ankc::native::gui {

const boost::json::value& subscript(const boost::json::value& value, std::string_view key, PyFlavour py) {
  if (value.is_object()) {
    if (const boost::json::value* member = value.get_object().if_contains(key)) return *member;
    throw ActionError(pyjson::repr_str(key));
  }
  if (value.is_string()) throw ActionError(pyerr::str_indices(py));
  if (value.is_array()) throw ActionError("list indices must be integers or slices, not str");
  throw ActionError("'" + std::string(pyjson::type_name(value)) + "' object is not subscriptable");
}

}  // namespace ankc::native::gui
