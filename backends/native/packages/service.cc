#include "backends/native/packages/service.h"

#include <boost/json/value.hpp>
#include <string>

#include "backends/action_error.h"
#include "backends/native/packages/legacy_export.h"
#include "backends/native/packages/legacy_import.h"
#include "backends/native/session.h"

namespace ankc::native {
namespace json = boost::json;

namespace {

// Python's type(x).__name__ of what json.loads would have produced.
const char* python_type_name(const boost::json::value& v) {
  if (v.is_object()) return "dict";
  if (v.is_array()) return "list";
  if (v.is_string()) return "str";
  if (v.is_bool()) return "bool";
  if (v.is_double()) return "float";
  if (v.is_null()) return "NoneType";
  return "int";
}

// Python's bool() of the value.
bool truthy(const json::value& v) {
  if (v.is_null()) return false;
  if (v.is_bool()) return v.as_bool();
  if (v.is_int64()) return v.as_int64() != 0;
  if (v.is_uint64()) return v.as_uint64() != 0;
  if (v.is_double()) return v.as_double() != 0;
  if (v.is_string()) return !v.as_string().empty();
  if (v.is_array()) return !v.as_array().empty();
  return !v.as_object().empty();
}

std::string path_param(const json::object& params) {
  const json::value* v = params.if_contains("path");
  if (!v || !v->is_string())
    throw ActionError("expected str, bytes or os.PathLike object, not " +
                      std::string(v ? python_type_name(*v) : "NoneType"));
  return std::string(v->as_string());
}

json::value export_package(Session& session, const json::object& params) {
  const json::value* deck = params.if_contains("deck");
  std::string path = path_param(params);
  const json::value* sched = params.if_contains("includeSched");
  if (!deck || !deck->is_string()) return false;
  return export_legacy_package(session, std::string(deck->as_string()), path, sched && truthy(*sched));
}

json::value import_package(Session& session, const json::object& params) {
  import_legacy_package(session, path_param(params));
  return true;
}

const ServiceAction kActions[] = {
    {"exportPackage", &export_package},
    {"importPackage", &import_package},
};

}  // namespace

std::span<const ServiceAction> packages_actions() { return kActions; }

}  // namespace ankc::native
