// json.dumps with Python's defaults (spec ankiconnect-api.md §3) and Python's float repr.
#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include "compat/pyjson.h"

namespace ankc::pyjson {

namespace {

const char kHex[] = "0123456789abcdef";

void append_u_escape(std::string& out, unsigned v) {
  out += "\\u";
  out += kHex[(v >> 12) & 0xF];
  out += kHex[(v >> 8) & 0xF];
  out += kHex[(v >> 4) & 0xF];
  out += kHex[v & 0xF];
}

// Lays out shortest round-trip digits the way Python's repr(float) does.
std::string layout_float(bool negative, const std::string& digits, int exp10) {
  std::string out = negative ? "-" : "";
  if (exp10 < -4 || exp10 >= 16) {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out.append(digits, 1);
    }
    out += 'e';
    out += exp10 < 0 ? '-' : '+';
    const int a = exp10 < 0 ? -exp10 : exp10;
    if (a < 10) out += '0';
    out += std::to_string(a);
  } else if (exp10 >= 0) {
    const std::size_t int_len = static_cast<std::size_t>(exp10) + 1;
    if (digits.size() <= int_len) {
      out += digits;
      out.append(int_len - digits.size(), '0');
      out += ".0";
    } else {
      out.append(digits, 0, int_len);
      out += '.';
      out.append(digits, int_len);
    }
  } else {
    out += "0.";
    out.append(static_cast<std::size_t>(-exp10 - 1), '0');
    out += digits;
  }
  return out;
}

template <class Int>
void append_integer(std::string& out, Int v) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(res.ptr - buf));
}

// A guess of the length dumps() will write, so a big reply is allocated once instead of grown
// through a series of copies. Cheap on purpose: an array is guessed from its first element times its
// length (a list of ids or of notesInfo objects is uniform), so the guess costs O(depth), not O(size).
std::size_t estimated_size(const boost::json::value& v, int depth = 0) {
  switch (v.kind()) {
    case boost::json::kind::null: return 4;
    case boost::json::kind::bool_: return 5;
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return 15;
    case boost::json::kind::double_: return 20;
    case boost::json::kind::string: return v.get_string().size() + 2;
    case boost::json::kind::array: {
      const auto& a = v.get_array();
      if (a.empty() || depth > 8) return 2;
      // Capped per element so that one big first element does not inflate the whole guess.
      return 2 + a.size() * (std::min<std::size_t>(estimated_size(a[0], depth + 1), 4096) + 2);
    }
    case boost::json::kind::object: {
      if (depth > 8) return 2;
      std::size_t n = 2;
      for (const auto& kv : v.get_object()) n += kv.key().size() + 6 + estimated_size(kv.value(), depth + 1);
      return n;
    }
  }
  return 0;
}

void dump_float(std::string& out, double d) {
  if (std::isnan(d)) {
    out += "NaN";
  } else if (std::isinf(d)) {
    out += d > 0 ? "Infinity" : "-Infinity";
  } else {
    out += float_repr(d);
  }
}

}  // namespace

std::string float_repr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buf[64];
  // Scientific form with no precision gives the shortest round-trip digits: [-]D[.DDD]e[+-]XX.
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view s(buf, static_cast<std::size_t>(res.ptr - buf));
  bool negative = false;
  if (!s.empty() && s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  const auto e = s.find('e');
  std::string digits;
  for (char c : s.substr(0, e)) {
    if (c != '.') digits += c;
  }
  const int exp10 = std::atoi(std::string(s.substr(e + 1)).c_str());
  return layout_float(negative, digits, exp10);
}

double widen_f32(float f) {
  if (!std::isfinite(f)) return static_cast<double>(f);
  char buf[64];
  // Scientific form keeps only the shortest digits (fixed form would print every digit of a large f32).
  auto res = std::to_chars(buf, buf + sizeof buf - 1, f, std::chars_format::scientific);
  *res.ptr = '\0';
  return std::strtod(buf, nullptr);
}

void dump_string_to(std::string& out, std::string_view utf8) {
  out += '"';
  for (std::size_t i = 0; i < utf8.size();) {
    // A run of printable ASCII other than '"' and '\\' is copied as it is, in one append.
    std::size_t run = i;
    while (run < utf8.size()) {
      const auto b = static_cast<unsigned char>(utf8[run]);
      if (b < 0x20 || b > 0x7E || b == '"' || b == '\\') break;
      ++run;
    }
    if (run > i) {
      out.append(utf8.data() + i, run - i);
      i = run;
      if (i == utf8.size()) break;
    }
    const auto b = static_cast<unsigned char>(utf8[i]);
    if (b == '"' || b == '\\') {
      out += '\\';
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    const char32_t cp = next_code_point(utf8, i);
    switch (cp) {
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (cp >= 0x10000) {
          const unsigned v = static_cast<unsigned>(cp) - 0x10000;
          append_u_escape(out, 0xD800 | (v >> 10));
          append_u_escape(out, 0xDC00 | (v & 0x3FF));
        } else {
          append_u_escape(out, static_cast<unsigned>(cp));
        }
    }
  }
  out += '"';
}

void dump_to(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: out += "null"; break;
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case boost::json::kind::int64: append_integer(out, v.get_int64()); break;
    case boost::json::kind::uint64: append_integer(out, v.get_uint64()); break;
    case boost::json::kind::double_: dump_float(out, v.get_double()); break;
    case boost::json::kind::string: dump_string_to(out, v.get_string()); break;
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.append(", ", 2);
        first = false;
        // Lists of ids (findCards, findNotes) are the big answers: their elements skip the call.
        if (e.is_int64()) append_integer(out, e.get_int64());
        else dump_to(out, e);
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
        dump_string_to(out, kv.key());
        out += ": ";
        dump_to(out, kv.value());
      }
      out += '}';
      break;
    }
  }
}

std::string dumps(const boost::json::value& v) {
  std::string out;
  // Capped: an overestimate only reserves address space (untouched pages are not resident).
  out.reserve(std::min<std::size_t>(estimated_size(v), std::size_t{64} << 20));
  dump_to(out, v);
  return out;
}

}  // namespace ankc::pyjson
