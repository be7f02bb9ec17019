// Python repr()/str() of the values json.loads produces: str, int, float, bool, None, list, dict.
#include <boost/json.hpp>

#include "compat/pyjson.h"

namespace ankc::pyjson {

namespace {

const char kHex[] = "0123456789abcdef";

void append_hex(std::string& out, char32_t cp, int digits) {
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
}

void repr_to(std::string& out, const boost::json::value& v);

void repr_str_to(std::string& out, std::string_view s) {
  // Single quotes unless the text has a ' and no ", as unicode_repr decides.
  const bool has_single = s.find('\'') != std::string_view::npos;
  const bool has_double = s.find('"') != std::string_view::npos;
  const char quote = (has_single && !has_double) ? '"' : '\'';
  out += quote;
  out.reserve(out.size() + s.size() + 1);
  for (std::size_t i = 0; i < s.size();) {
    // Runs of plain printable ASCII are copied as they are.
    std::size_t run = i;
    while (run < s.size() && s[run] >= 0x20 && s[run] < 0x7F && s[run] != quote && s[run] != '\\') ++run;
    if (run > i) {
      out.append(s, i, run - i);
      i = run;
      continue;
    }
    const char32_t cp = next_code_point(s, i);
    if (cp == static_cast<char32_t>(quote) || cp == '\\') {
      out += '\\';
      out += static_cast<char>(cp);
    } else if (cp == '\t') {
      out += "\\t";
    } else if (cp == '\n') {
      out += "\\n";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp < 0x20 || cp == 0x7F) {
      out += "\\x";
      append_hex(out, cp, 2);
    } else if (cp < 0x7F) {
      out += static_cast<char>(cp);
    } else if (is_printable(cp)) {
      append_utf8(out, cp);
    } else if (cp <= 0xFF) {
      out += "\\x";
      append_hex(out, cp, 2);
    } else if (cp <= 0xFFFF) {
      out += "\\u";
      append_hex(out, cp, 4);
    } else {
      out += "\\U";
      append_hex(out, cp, 8);
    }
  }
  out += quote;
}

void repr_to(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: out += "None"; break;
    case boost::json::kind::bool_: out += v.get_bool() ? "True" : "False"; break;
    case boost::json::kind::int64: out += std::to_string(v.get_int64()); break;
    case boost::json::kind::uint64: out += std::to_string(v.get_uint64()); break;
    case boost::json::kind::double_: out += float_repr(v.get_double()); break;
    case boost::json::kind::string: repr_str_to(out, v.get_string()); break;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ", ";
        first = false;
        repr_to(out, e);
      }
      out += ']';
      break;
    }
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out += ", ";
        first = false;
        repr_str_to(out, kv.key());
        out += ": ";
        repr_to(out, kv.value());
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string repr_str(std::string_view utf8) {
  std::string out;
  repr_str_to(out, utf8);
  return out;
}

std::string repr(const boost::json::value& v) {
  std::string out;
  repr_to(out, v);
  return out;
}

std::string str(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  return repr(v);
}

}  // namespace ankc::pyjson
