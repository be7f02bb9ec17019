// AnkiConnect's request schema and jsonschema's verbose ValidationError text (spec §1.4–1.5).
//
// jsonschema reports best_match() of all errors; for this small schema that reduces to fixed rules:
// a non-object instance only fails `type`; a missing `action` beats every member error; member errors
// are tried action → version → params (4.1.2) or version → params → action (>= 4.24).
#include "compat/request_schema.h"

#include <boost/json.hpp>
#include <cmath>
#include <string>

#include "compat/pyjson.h"

namespace ankc {

namespace {

// The schema in the plugin's definition order (js412 prints it sorted, js424 as defined).
boost::json::value member_schema(std::string_view member) {
  if (member == "action") return boost::json::object{{"type", "string"}, {"minLength", 1}};
  if (member == "version") return boost::json::object{{"type", "integer"}};
  return boost::json::object{{"type", "object"}};
}

boost::json::value request_schema() {
  boost::json::object props;
  props["action"] = member_schema("action");
  props["version"] = member_schema("version");
  props["params"] = member_schema("params");
  boost::json::object schema;
  schema["type"] = "object";
  schema["properties"] = std::move(props);
  schema["required"] = boost::json::array{"action"};
  return schema;
}

// _utils.indent: four spaces before every line.
std::string indent4(const std::string& text) {
  std::string out = "    ";
  for (char c : text) {
    out += c;
    if (c == '\n') out += "    ";
  }
  return out;
}

struct Failure {
  std::string message;
  std::string keyword;
  std::string member;  // "" for a root error
};

std::string render(const Failure& f, const boost::json::value& request, JsonschemaFlavour flavour) {
  const bool sorted = flavour == JsonschemaFlavour::js412;
  const bool root = f.member.empty();
  const std::string index = root ? "" : "['" + f.member + "']";
  const boost::json::value schema = root ? request_schema() : member_schema(f.member);
  const boost::json::value& instance = root ? request : request.as_object().at(f.member);
  return f.message + "\n\nFailed validating '" + f.keyword + "' in schema" + (root ? "" : "['properties']" + index) +
         ":\n" + indent4(pyjson::pformat(schema, sorted)) + "\n\nOn instance" + index + ":\n" +
         indent4(pyjson::pformat(instance, sorted));
}

// jsonschema's "integer": an int, or a float with is_integer(); never a bool.
bool is_integer(const boost::json::value& v) {
  if (v.is_int64() || v.is_uint64()) return true;
  if (v.is_double()) return std::isfinite(v.get_double()) && std::floor(v.get_double()) == v.get_double();
  return false;
}

std::optional<Failure> check_member(const boost::json::object& request, std::string_view member,
                                    JsonschemaFlavour flavour) {
  const boost::json::value* v = request.if_contains(member);
  if (v == nullptr) return std::nullopt;
  const std::string name(member);
  if (member == "action") {
    if (!v->is_string()) return Failure{pyjson::repr(*v) + " is not of type 'string'", "type", name};
    if (v->get_string().empty()) {
      return Failure{flavour == JsonschemaFlavour::js412 ? "'' is too short" : "'' should be non-empty", "minLength",
                     name};
    }
  } else if (member == "version") {
    if (!is_integer(*v)) return Failure{pyjson::repr(*v) + " is not of type 'integer'", "type", name};
  } else if (!v->is_object()) {
    return Failure{pyjson::repr(*v) + " is not of type 'object'", "type", name};
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> validate_request(const boost::json::value& request, JsonschemaFlavour flavour) {
  if (!request.is_object()) {
    return render(Failure{pyjson::repr(request) + " is not of type 'object'", "type", ""}, request, flavour);
  }
  const auto& obj = request.get_object();
  if (!obj.contains("action")) return render(Failure{"'action' is a required property", "required", ""}, request, flavour);
  static const std::string_view js412_order[] = {"action", "version", "params"};
  static const std::string_view js424_order[] = {"version", "params", "action"};
  for (std::string_view member : flavour == JsonschemaFlavour::js412 ? js412_order : js424_order) {
    if (auto f = check_member(obj, member, flavour)) return render(*f, request, flavour);
  }
  return std::nullopt;
}

}  // namespace ankc
