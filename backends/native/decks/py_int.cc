#include "backends/native/decks/py_int.h"

#include <cmath>
#include <string>

#include "backends/action_error.h"
#include "compat/py_errors.h"
#include "compat/pyjson.h"

namespace ankc::native {

namespace {

bool py_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r') || c == '\x1c' || c == '\x1d' || c == '\x1e' || c == '\x1f'; }

[[noreturn]] void invalid_literal(const boost::json::value& v) {
  throw ActionError("invalid literal for int() with base 10: " + pyjson::repr(v));
}

}  // namespace

int64_t py_int(const boost::json::value& v, PyFlavour py) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) return static_cast<int64_t>(v.as_uint64());
  if (v.is_bool()) return v.as_bool() ? 1 : 0;
  if (v.is_double()) {
    double d = v.as_double();
    if (std::isnan(d)) throw ActionError("cannot convert float NaN to integer");
    if (std::isinf(d)) throw ActionError("cannot convert float infinity to integer");
    return static_cast<int64_t>(std::trunc(d));
  }
  if (v.is_string()) {
    std::string_view s = v.as_string();
    std::size_t b = 0, e = s.size();
    while (b < e && py_space(s[b])) ++b;
    while (e > b && py_space(s[e - 1])) --e;
    std::string_view t = s.substr(b, e - b);
    bool neg = false;
    std::size_t i = 0;
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) neg = t[i++] == '-';
    if (i == t.size()) invalid_literal(v);
    int64_t out = 0;
    bool prev_digit = false;
    for (; i < t.size(); ++i) {
      char c = t[i];
      if (c == '_' && prev_digit && i + 1 < t.size() && t[i + 1] >= '0' && t[i + 1] <= '9') {
        prev_digit = false;
        continue;
      }
      if (c < '0' || c > '9') invalid_literal(v);
      out = out * 10 + (c - '0');
      prev_digit = true;
    }
    return neg ? -out : out;
  }
  std::string type = v.is_null() ? "NoneType" : v.is_array() ? "list" : "dict";
  throw ActionError(pyerr::int_argument(py, type));
}

}  // namespace ankc::native
