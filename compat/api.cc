#include "compat/api.h"

#include <openssl/crypto.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cmath>

#include "backends/action_error.h"
#include "compat/actions.h"
#include "compat/binding.h"
#include "compat/py_errors.h"
#include "compat/pyjson.h"
#include "compat/request_schema.h"

namespace ankc {
namespace json = boost::json;

namespace {

// Python's `version <= 4` for a request's version value; throws Python's TypeError text for
// non-numbers (reachable only inside multi: top-level versions are schema-checked).
bool wants_bare_result(const json::value& version) {
  switch (version.kind()) {
    case json::kind::int64: return version.get_int64() <= 4;
    case json::kind::uint64: return false;
    case json::kind::double_: return version.get_double() <= 4.0;  // NaN compares false
    case json::kind::bool_: return true;                            // True == 1, False == 0
    default:
      throw ActionError(std::string("'<=' not supported between instances of '") +
                        pyjson::type_name(version) + "' and 'int'");
  }
}

// Python's `key != apiKey` where apiKey is a string or None; strings compared in constant time.
bool key_matches(const json::value* key, const std::optional<std::string>& api_key) {
  bool key_is_null = key == nullptr || key->is_null();
  if (!api_key) return key_is_null;
  if (key_is_null || !key->is_string()) return false;
  const json::string& given = key->get_string();
  if (given.size() != api_key->size()) return false;
  return CRYPTO_memcmp(given.data(), api_key->data(), given.size()) == 0;
}

json::value error_reply(const std::string& text) {
  return json::object{{"result", nullptr}, {"error", text}};
}

}  // namespace

Api::Api(CompatSettings settings, Backend& backend) : settings_(std::move(settings)), backend_(backend) {}

ApiOutcome Api::handle(std::string_view body, bool allowed, const std::optional<std::string>& origin) {
  return answer(body, nullptr, allowed, origin);
}

ApiOutcome Api::handle_owned(std::string body, bool allowed, const std::optional<std::string>& origin) {
  return answer(body, &body, allowed, origin);
}

ApiOutcome Api::answer(std::string_view body, std::string* owned, bool allowed,
                       const std::optional<std::string>& origin) {
  ApiOutcome out;
  pyjson::LoadResult parsed = pyjson::loads(body, settings_.emulation.py);
  const bool body_empty = body.empty();
  if (owned) {
    body = {};
    std::string().swap(*owned);
  }
  std::optional<std::string> invalid;
  if (!parsed.ok) {
    invalid = parsed.error;
  } else {
    invalid = validate_request(parsed.value, settings_.emulation.js);
  }
  if (invalid) {
    if (!allowed) {
      out.forbidden = true;
      return out;
    }
    if (body_empty) {
      out.body = pyjson::dumps(json::object{
          {"apiVersion", "AnkiConnect v." + std::to_string(settings_.api_version)}});
    } else {
      out.body = pyjson::dumps(error_reply(*invalid));
    }
    return out;
  }

  json::object& request = parsed.value.get_object();
  const json::string& action = request.at("action").get_string();
  out.action = std::string(action);
  bool is_permission = action == "requestPermission";
  if (!allowed && !is_permission) {
    out.forbidden = true;
    return out;
  }
  if (is_permission) {
    json::value& params = request["params"];
    if (!params.is_object()) params = json::object{};
    params.get_object()["origin"] = origin.value_or("");
    params.get_object()["allowed"] = allowed;
    if (!allowed) out.cors_origin = origin.value_or("");
  }
  out.body = pyjson::dumps(dispatch(std::move(parsed.value)));
  return out;
}

json::value Api::dispatch(json::value request) {
  // R.get(...) on a non-dict raises before AnkiConnect's try block: it escapes to the caller (multi).
  if (!request.is_object()) {
    throw ActionError(std::string("'") + pyjson::type_name(request) + "' object has no attribute 'get'");
  }
  json::object& r = request.get_object();
  const json::value* action = r.if_contains("action");
  const json::value* version = r.if_contains("version");
  json::value* params = r.if_contains("params");
  static const json::value kDefaultVersion = 4;
  json::value empty_params = json::object{};
  if (!version) version = &kDefaultVersion;
  if (!params) params = &empty_params;

  try {
    std::string name = action && action->is_string() ? std::string(action->get_string()) : "";
    if (name != "requestPermission" && !key_matches(r.if_contains("key"), settings_.api_key)) {
      throw ActionError("valid api key must be provided");
    }
    const ActionSpec* spec = find_action_or_extension(name);
    if (!spec) throw ActionError("unsupported action");
    json::object bound = bind_params(*spec, std::move(*params), settings_.emulation.py, settings_.addon_package);
    json::value result = run_action(name, bound);
    if (wants_bare_result(*version)) return result;
    // The envelope shares the result's storage (an action may build its answer in an arena): moving a
    // value into a container of another storage would copy it node by node.
    json::object envelope(result.storage());
    envelope.reserve(2);
    envelope.emplace("result", std::move(result));
    envelope.emplace("error", nullptr);
    return envelope;
  } catch (const ActionError& e) {
    return error_reply(e.what());
  } catch (const std::exception& e) {
    // Not an AnkiConnect error text: a defect, but the client still gets an answer.
    return error_reply(e.what());
  }
}

json::value Api::run_action(const std::string& action, const json::object& params) {
  if (action == "version") return settings_.api_version;

  if (action == "requestPermission") {
    if (pyjson::truthy(params.at("allowed"))) {
      bool require_key = settings_.api_key && !settings_.api_key->empty();
      return json::object{{"permission", "granted"}, {"requireApikey", require_key}, {"version", 6}};
    }
    // Headless: no prompt. Origins in ignoreOriginList and all others are denied alike.
    return json::object{{"permission", "denied"}};
  }

  if (action == "multi") {
    const json::value& actions = params.at("actions");
    json::array results;
    switch (actions.kind()) {
      case json::kind::array:
        for (const json::value& element : actions.get_array()) results.push_back(dispatch(element));
        return results;
      case json::kind::object:  // iterating a dict yields its keys, which are str
        if (!actions.get_object().empty()) throw ActionError("'str' object has no attribute 'get'");
        return results;
      case json::kind::string:  // iterating a str yields one-character strs
        if (!actions.get_string().empty()) throw ActionError("'str' object has no attribute 'get'");
        return results;
      default:
        throw ActionError(std::string("'") + pyjson::type_name(actions) + "' object is not iterable");
    }
  }

  if (action == "apiReflect") {
    const json::value& scopes = params.at("scopes");
    const json::value& names = params.at("actions");
    if (!scopes.is_array()) throw ActionError("scopes has invalid value");
    if (!names.is_null() && !names.is_array()) throw ActionError("actions has invalid value");
    json::object result;
    json::array& out_scopes = result["scopes"].emplace_array();
    bool wants_actions = false;
    for (const json::value& s : scopes.get_array())
      if (s.is_string() && s.get_string() == "actions") wants_actions = true;
    if (wants_actions) {
      json::array listed;
      if (names.is_null()) {
        for (const ActionSpec& a : all_actions()) listed.emplace_back(a.name);
      } else {
        for (const json::value& n : names.get_array()) {
          if (!n.is_string()) throw ActionError(pyerr::getattr_name(settings_.emulation.py, pyjson::type_name(n)));
          if (find_action(std::string_view(n.get_string()))) listed.push_back(n);
        }
      }
      out_scopes.emplace_back("actions");
      result["actions"] = std::move(listed);
    }
    return result;
  }

  return backend_.call(action, params);
}

}  // namespace ankc
