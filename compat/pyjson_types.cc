// pyjson::type_name and pyjson::truthy: Python's view of a decoded JSON value.
#include <boost/json/value.hpp>

#include "compat/pyjson.h"

namespace ankc::pyjson {
namespace json = boost::json;

const char* type_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "NoneType";
    case json::kind::bool_: return "bool";
    case json::kind::int64:
    case json::kind::uint64: return "int";
    case json::kind::double_: return "float";
    case json::kind::string: return "str";
    case json::kind::array: return "list";
    case json::kind::object: return "dict";
  }
  return "object";
}

bool truthy(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return false;
    case json::kind::bool_: return v.get_bool();
    case json::kind::int64: return v.get_int64() != 0;
    case json::kind::uint64: return v.get_uint64() != 0;
    case json::kind::double_: return v.get_double() != 0.0;
    case json::kind::string: return !v.get_string().empty();
    case json::kind::array: return !v.get_array().empty();
    case json::kind::object: return !v.get_object().empty();
  }
  return false;
}

}  // namespace ankc::pyjson
