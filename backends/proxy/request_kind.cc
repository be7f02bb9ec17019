#include "backends/proxy/request_kind.h"

#include <boost/json/value.hpp>

#include "compat/actions.h"
#include "compat/pyjson.h"

namespace ankc::proxy {

namespace {

namespace json = boost::json;

// The body as AnkiConnect's json.loads reads it (the same superset: NaN, duplicate keys, ...); nullopt
// when it is not JSON (AnkiConnect then answers an error and runs nothing).
std::optional<json::value> parse(std::string_view body) {
  pyjson::LoadResult r = pyjson::loads(body, PyFlavour::py313);
  if (!r.ok) return std::nullopt;
  return std::move(r.value);
}

// An element of a request (the body, or one element of a multi): read-only when it names no action
// or a read-only one; a multi when every element is.
bool read_only_element(const json::value& v, int depth) {
  if (!v.is_object()) return true;  // answered with an error
  const json::object& o = v.as_object();
  auto action = o.find("action");
  if (action == o.end() || !action->value().is_string()) return true;
  std::string_view name = action->value().as_string();
  if (name != "multi") return is_read_only_action(name);
  if (depth > 32) return false;
  auto params = o.find("params");
  if (params == o.end() || !params->value().is_object()) return true;  // a binding error, nothing runs
  auto actions = params->value().as_object().find("actions");
  if (actions == params->value().as_object().end() || !actions->value().is_array()) return true;
  for (const json::value& element : actions->value().as_array())
    if (!read_only_element(element, depth + 1)) return false;
  return true;
}

}  // namespace

std::optional<std::string> request_action(std::string_view body) {
  auto v = parse(body);
  if (!v || !v->is_object()) return std::nullopt;
  auto it = v->as_object().find("action");
  if (it == v->as_object().end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().as_string());
}

bool is_read_only_request(std::string_view body) {
  auto v = parse(body);
  if (!v) return true;
  return read_only_element(*v, 0);
}

}  // namespace ankc::proxy
