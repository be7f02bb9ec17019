// Generalised UTF-8 helpers for pyjson: strings hold Python str values as UTF-8, where a lone
// surrogate (legal in a Python str, illegal in UTF-8) keeps its 3-byte form ED A0..BF xx.
#include "compat/pyjson.h"

namespace ankc::pyjson {

char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int extra;
  char32_t cp;
  char32_t min;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    extra = 1, cp = b0 & 0x1F, min = 0x80;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    extra = 2, cp = b0 & 0x0F, min = 0x800;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    extra = 3, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return 0xFFFD;
  }
  if (s.size() - i <= static_cast<std::size_t>(extra)) {
    ++i;
    return 0xFFFD;
  }
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF) {
    ++i;
    return 0xFFFD;
  }
  i += extra + 1;
  return cp;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::size_t code_point_count(std::string_view utf8) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    if (static_cast<unsigned char>(utf8[i]) < 0x80) {
      ++i;
    } else {
      next_code_point(utf8, i);
    }
    ++n;
  }
  return n;
}

bool has_lone_surrogate(std::string_view utf8) {
  // ED A0..BF can only start an encoded surrogate: UTF-8 proper stops at ED 9F.
  for (std::size_t i = 0; i + 1 < utf8.size(); ++i)
    if (static_cast<unsigned char>(utf8[i]) == 0xED && static_cast<unsigned char>(utf8[i + 1]) >= 0xA0) return true;
  return false;
}

bool has_lone_surrogate_anywhere(const boost::json::value& v) {
  if (v.is_string()) return has_lone_surrogate(std::string_view(v.get_string()));
  if (v.is_array()) {
    for (const auto& e : v.get_array())
      if (has_lone_surrogate_anywhere(e)) return true;
  } else if (v.is_object()) {
    for (const auto& kv : v.get_object())
      if (has_lone_surrogate(std::string_view(kv.key())) || has_lone_surrogate_anywhere(kv.value())) return true;
  }
  return false;
}

}  // namespace ankc::pyjson
