// Binding `**params` to an action's Python signature with CPython's TypeError texts (spec §2.2).
#include "compat/binding.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "backends/action_error.h"
#include "compat/pyjson.h"

namespace ankc {

namespace {

constexpr long kMoveCost = 2;
constexpr long kCaseCost = 1;
constexpr std::size_t kMaxStringSize = 40;
constexpr std::size_t kMaxCandidates = 750;

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

long substitution_cost(char a, char b) {
  if (a == b) return 0;
  return ascii_lower(a) == ascii_lower(b) ? kCaseCost : kMoveCost;
}

// Levenshtein distance over bytes with CPython's costs, giving up (max_cost + 1) once it must exceed
// max_cost.
long bounded_distance(std::string_view a, std::string_view b, long max_cost) {
  while (!a.empty() && !b.empty() && a.front() == b.front()) {
    a.remove_prefix(1);
    b.remove_prefix(1);
  }
  while (!a.empty() && !b.empty() && a.back() == b.back()) {
    a.remove_suffix(1);
    b.remove_suffix(1);
  }
  if (a.empty() || b.empty()) return static_cast<long>(a.size() + b.size()) * kMoveCost;
  if (a.size() > kMaxStringSize || b.size() > kMaxStringSize) return max_cost + 1;
  if (b.size() < a.size()) std::swap(a, b);
  if (static_cast<long>(b.size() - a.size()) * kMoveCost > max_cost) return max_cost + 1;
  std::vector<long> row(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) row[i] = static_cast<long>(i + 1) * kMoveCost;
  long result = 0;
  for (std::size_t bi = 0; bi < b.size(); ++bi) {
    long distance = result = static_cast<long>(bi) * kMoveCost;
    long minimum = -1;
    for (std::size_t ai = 0; ai < a.size(); ++ai) {
      const long substitute = distance + substitution_cost(b[bi], a[ai]);
      distance = row[ai];
      const long insert_delete = std::min(result, distance) + kMoveCost;
      result = std::min(insert_delete, substitute);
      row[ai] = result;
      if (minimum < 0 || result < minimum) minimum = result;
    }
    if (minimum > max_cost) return max_cost + 1;
  }
  return result;
}

// "'a'", "'a' and 'b'", "'a', 'b', and 'c'".
std::string format_missing(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) {
      if (names.size() == 2) {
        out += " and ";
      } else {
        out += i + 1 == names.size() ? ", and " : ", ";
      }
    }
    out += '\'';
    out += names[i];
    out += '\'';
  }
  return out;
}

// True if `s` holds a lone surrogate (ED A0..BF xx): CPython cannot encode it to UTF-8 and offers
// no suggestion.
bool has_surrogate(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xED && static_cast<unsigned char>(s[i + 1]) >= 0xA0) return true;
  }
  return false;
}

}  // namespace

std::string suggest_name(std::string_view bad, std::span<const std::string_view> candidates) {
  if (candidates.size() >= kMaxCandidates || has_surrogate(bad)) return "";
  long best_distance = -1;
  std::string_view best;
  bool found = false;
  for (std::string_view cand : candidates) {
    if (cand == bad) continue;
    long max_distance = static_cast<long>(bad.size() + cand.size() + 3) * kMoveCost / 6;
    if (found) max_distance = std::min(max_distance, best_distance - 1);
    const long d = bounded_distance(bad, cand, max_distance);
    if (d > max_distance) continue;
    if (!found || d < best_distance) {
      found = true;
      best = cand;
      best_distance = d;
    }
  }
  return found ? std::string(best) : std::string();
}

namespace {

// Throws bind_params' errors for `params`; returns them as an object otherwise.
const boost::json::object& check_params(const ActionSpec& action, const boost::json::value& params,
                                        PyFlavour flavour, std::string_view addon_package) {
  if (!params.is_object()) {
    throw ActionError(std::string(addon_package) + ".AnkiConnect." + std::string(action.name) +
                      "() argument after ** must be a mapping, not " + pyjson::type_name(params));
  }
  const std::string qualname =
      (flavour == PyFlavour::py39 ? "" : "AnkiConnect.") + std::string(action.name) + "()";
  const auto& given = params.get_object();
  for (const auto& kv : given) {
    const std::string_view key = kv.key();
    if (key == "self") throw ActionError(qualname + " got multiple values for argument 'self'");
    const bool known = std::any_of(action.params.begin(), action.params.end(),
                                   [&](const ParamSpec& p) { return p.name == key; });
    if (known) continue;
    std::string text = qualname + " got an unexpected keyword argument '" + std::string(key) + "'";
    if (flavour == PyFlavour::py313) {
      std::vector<std::string_view> candidates{"self"};
      for (const ParamSpec& p : action.params) candidates.push_back(p.name);
      const std::string s = suggest_name(key, candidates);
      if (!s.empty()) text += ". Did you mean '" + s + "'?";
    }
    throw ActionError(text);
  }
  std::vector<std::string_view> missing;
  for (const ParamSpec& p : action.params) {
    if (p.required && !given.contains(p.name)) missing.push_back(p.name);
  }
  if (!missing.empty()) {
    const bool one = missing.size() == 1;
    throw ActionError(qualname + " missing " + std::to_string(missing.size()) + " required positional argument" +
                      (one ? "" : "s") + ": " + format_missing(missing));
  }
  return given;
}

}  // namespace

boost::json::object bind_params(const ActionSpec& action, const boost::json::value& params,
                                PyFlavour flavour, std::string_view addon_package) {
  const boost::json::object& given = check_params(action, params, flavour, addon_package);
  boost::json::object bound;
  for (const ParamSpec& p : action.params) {
    if (const auto* v = given.if_contains(p.name)) {
      bound[p.name] = *v;
    } else {
      bound[p.name] = boost::json::parse(p.default_json);
    }
  }
  return bound;
}

boost::json::object bind_params(const ActionSpec& action, boost::json::value&& params,
                                PyFlavour flavour, std::string_view addon_package) {
  check_params(action, params, flavour, addon_package);
  boost::json::object& given = params.get_object();
  boost::json::object bound;
  for (const ParamSpec& p : action.params) {
    if (auto* v = given.if_contains(p.name)) {
      bound[p.name] = std::move(*v);
    } else {
      bound[p.name] = boost::json::parse(p.default_json);
    }
  }
  return bound;
}

}  // namespace ankc
