// json.loads(body.decode('utf-8')) as CPython does it: the strict UTF-8 codec's error texts, then the
// C scanner of Modules/_json.c with its JSONDecodeError texts and positions (spec §1.5).
//
// Positions in Python's messages count code points; the parser walks bytes (all JSON syntax is ASCII)
// and converts a byte offset to a code-point offset only when it reports an error.
// Deliberate limits: integers beyond 64 bits become doubles; nesting deeper than kMaxDepth reports
// Python's RecursionError text (CPython's real limit depends on its stack at the time).
#include <boost/json.hpp>
#include <cstdlib>
#include <string>

#include "compat/pyjson.h"

namespace ankc::pyjson {

namespace {

constexpr int kMaxDepth = 1000;
constexpr std::size_t kMaxIntDigits = 4300;  // sys.get_int_max_str_digits() default

struct DecodeError {
  std::string text;
};

// Python's 'utf-8' codec error for `bytes`, or "" if they are valid (surrogates and overlongs are not).
std::string utf8_error(std::string_view bytes) {
  const std::size_t n = bytes.size();
  for (std::size_t i = 0; i < n;) {
    const auto b0 = static_cast<unsigned char>(bytes[i]);
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    int need;
    unsigned char lo = 0x80, hi = 0xBF;  // valid range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {
      need = 0;
    }
    const char* reason = nullptr;
    std::size_t end = i + 1;  // one past the bytes named in the message
    if (need == 0) {
      reason = "invalid start byte";
    } else {
      for (int k = 1; k <= need; ++k) {
        if (i + k >= n) {
          reason = "unexpected end of data";
          end = n;
          break;
        }
        const auto b = static_cast<unsigned char>(bytes[i + k]);
        const bool ok = k == 1 ? (b >= lo && b <= hi) : (b >= 0x80 && b <= 0xBF);
        if (!ok) {
          reason = "invalid continuation byte";
          end = i + k;
          break;
        }
      }
    }
    if (reason == nullptr) {
      i += need + 1;
      continue;
    }
    std::string msg = "'utf-8' codec can't decode ";
    if (end - i == 1) {
      static const char hex[] = "0123456789abcdef";
      msg += "byte 0x";
      msg += hex[b0 >> 4];
      msg += hex[b0 & 0xF];
      msg += " in position " + std::to_string(i);
    } else {
      msg += "bytes in position " + std::to_string(i) + "-" + std::to_string(end - 1);
    }
    return msg + ": " + reason;
  }
  return "";
}

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

class Parser {
 public:
  Parser(std::string_view s, PyFlavour flavour) : s_(s), py313_(flavour == PyFlavour::py313) {}

  boost::json::value parse_document() {
    std::size_t idx = skip_ws(0);
    boost::json::value v = scan_value(idx, idx, 0);
    idx = skip_ws(idx);
    if (idx != s_.size()) fail("Extra data", idx);
    return v;
  }

  // JSONDecodeError's str(): "<msg>: line L column C (char P)".
  [[noreturn]] void fail(const char* msg, std::size_t byte_pos) const {
    std::size_t cp = 0, line = 1, last_nl_cp = 0;
    bool seen_nl = false;
    for (std::size_t i = 0; i < byte_pos; ++i) {
      const auto b = static_cast<unsigned char>(s_[i]);
      if ((b & 0xC0) == 0x80) continue;
      if (b == '\n') {
        ++line;
        seen_nl = true;
        last_nl_cp = cp;
      }
      ++cp;
    }
    const std::size_t col = seen_nl ? cp - last_nl_cp : cp + 1;
    throw DecodeError{std::string(msg) + ": line " + std::to_string(line) + " column " +
                      std::to_string(col) + " (char " + std::to_string(cp) + ")"};
  }

 private:
  std::size_t skip_ws(std::size_t i) const {
    while (i < s_.size() && is_ws(s_[i])) ++i;
    return i;
  }

  bool has(std::size_t idx, std::string_view word) const { return s_.substr(idx, word.size()) == word; }

  // scan_once: one value at idx; `next` receives the index after it. A failure to start a value is
  // Python's StopIteration, which json.decoder turns into "Expecting value" at idx.
  boost::json::value scan_value(std::size_t idx, std::size_t& next, int depth) {
    if (idx >= s_.size()) fail("Expecting value", idx);
    switch (s_[idx]) {
      case '"': {
        // Scanned straight into the value's string: no second copy of a large one.
        boost::json::value v(boost::json::string_kind);
        next = scan_string(idx + 1, v.get_string());
        return v;
      }
      case '{':
        if (depth >= kMaxDepth) recursion("object");
        return parse_object(idx + 1, next, depth + 1);
      case '[':
        if (depth >= kMaxDepth) recursion("array");
        return parse_array(idx + 1, next, depth + 1);
      case 'n':
        if (has(idx, "null")) return next = idx + 4, boost::json::value(nullptr);
        break;
      case 't':
        if (has(idx, "true")) return next = idx + 4, boost::json::value(true);
        break;
      case 'f':
        if (has(idx, "false")) return next = idx + 5, boost::json::value(false);
        break;
      case 'N':
        if (has(idx, "NaN")) return next = idx + 3, boost::json::value(std::nan(""));
        break;
      case 'I':
        if (has(idx, "Infinity")) return next = idx + 8, boost::json::value(HUGE_VAL);
        break;
      case '-':
        if (has(idx, "-Infinity")) return next = idx + 9, boost::json::value(-HUGE_VAL);
        break;
    }
    return match_number(idx, next);
  }

  [[noreturn]] void recursion(const char* what) const {
    throw DecodeError{std::string("maximum recursion depth exceeded while decoding a JSON ") + what +
                      " from a unicode string"};
  }

  boost::json::value match_number(std::size_t start, std::size_t& next) {
    const std::size_t n = s_.size();
    std::size_t idx = start;
    if (s_[idx] == '-') {
      ++idx;
      if (idx >= n) fail("Expecting value", start);
    }
    if (s_[idx] >= '1' && s_[idx] <= '9') {
      ++idx;
      while (idx < n && is_digit(s_[idx])) ++idx;
    } else if (s_[idx] == '0') {
      ++idx;
    } else {
      fail("Expecting value", start);
    }
    bool is_float = false;
    if (idx + 1 < n && s_[idx] == '.' && is_digit(s_[idx + 1])) {
      is_float = true;
      idx += 2;
      while (idx < n && is_digit(s_[idx])) ++idx;
    }
    if (idx + 1 < n && (s_[idx] == 'e' || s_[idx] == 'E')) {
      const std::size_t e_start = idx;
      ++idx;
      if (idx + 1 < n && (s_[idx] == '-' || s_[idx] == '+')) ++idx;
      while (idx < n && is_digit(s_[idx])) ++idx;
      if (is_digit(s_[idx - 1])) {
        is_float = true;
      } else {
        idx = e_start;
      }
    }
    next = idx;
    const std::string text(s_.substr(start, idx - start));
    if (is_float) return boost::json::value(std::strtod(text.c_str(), nullptr));
    const std::size_t digits = text.size() - (text[0] == '-' ? 1 : 0);
    if (digits > kMaxIntDigits) {
      // Python 3.9's backport of the limit words it without "digits".
      throw DecodeError{std::string(py313_ ? "Exceeds the limit (4300 digits)" : "Exceeds the limit (4300)") +
                        " for integer string conversion: value has " +
                        std::to_string(digits) +
                        " digits; use sys.set_int_max_str_digits() to increase the limit"};
    }
    errno = 0;
    if (text[0] == '-') {
      const long long v = std::strtoll(text.c_str(), nullptr, 10);
      if (errno == 0) return boost::json::value(static_cast<std::int64_t>(v));
    } else {
      const unsigned long long v = std::strtoull(text.c_str(), nullptr, 10);
      if (errno == 0) {
        if (v <= static_cast<unsigned long long>(INT64_MAX)) return boost::json::value(static_cast<std::int64_t>(v));
        return boost::json::value(static_cast<std::uint64_t>(v));
      }
    }
    return boost::json::value(std::strtod(text.c_str(), nullptr));  // beyond 64 bits: documented limit
  }

  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // Four hex digits at pos, or -1.
  long hex4(std::size_t pos) const {
    long v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const int h = hex_value(s_[pos + k]);
      if (h < 0) return -1;
      v = (v << 4) | h;
    }
    return v;
  }

  // scanstring: `end` is just after the opening quote; returns the index after the closing quote.
  // Out is std::string or boost::json::string.
  template <class Out>
  std::size_t scan_string(std::size_t end, Out& out) {
    const std::size_t len = s_.size();
    const std::size_t begin = end - 1;
    while (true) {
      std::size_t next = end;
      char c = 0;
      for (; next < len; ++next) {
        c = s_[next];
        if (c == '"' || c == '\\') break;
        if (static_cast<unsigned char>(c) <= 0x1F) fail("Invalid control character at", next);
      }
      if (next >= len) fail("Unterminated string starting at", begin);
      out.append(s_.substr(end, next - end));
      ++next;
      if (c == '"') return next;
      if (next == len) fail("Unterminated string starting at", begin);
      c = s_[next];
      if (c != 'u') {
        end = next + 1;
        switch (c) {
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          case '/': out += '/'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'n': out += '\n'; break;
          case 'r': out += '\r'; break;
          case 't': out += '\t'; break;
          default: fail("Invalid \\escape", end - 2);
        }
        continue;
      }
      ++next;  // first hex digit
      end = next + 4;
      if (end >= len) fail("Invalid \\uXXXX escape", next - 1);
      long cp = hex4(next);
      if (cp < 0) fail("Invalid \\uXXXX escape", end - 5);
      if (cp >= 0xD800 && cp <= 0xDBFF && end + 6 < len && s_[end] == '\\' && s_[end + 1] == 'u') {
        const long c2 = hex4(end + 2);
        if (c2 < 0) fail("Invalid \\uXXXX escape", end + 1);
        if (c2 >= 0xDC00 && c2 <= 0xDFFF) {
          cp = 0x10000 + ((cp - 0xD800) << 10) + (c2 - 0xDC00);
          end += 6;
        }
      }
      std::string utf8;
      append_utf8(utf8, static_cast<char32_t>(cp));
      out.append(utf8);
    }
  }

  boost::json::value parse_object(std::size_t idx, std::size_t& next_out, int depth) {
    boost::json::object obj;
    const std::size_t n = s_.size();
    idx = skip_ws(idx);
    if (idx >= n || s_[idx] != '}') {
      while (true) {
        if (idx >= n || s_[idx] != '"') fail("Expecting property name enclosed in double quotes", idx);
        std::string key;
        idx = scan_string(idx + 1, key);
        idx = skip_ws(idx);
        if (idx >= n || s_[idx] != ':') fail("Expecting ':' delimiter", idx);
        idx = skip_ws(idx + 1);
        std::size_t next = 0;
        boost::json::value val = scan_value(idx, next, depth);
        // Python dict semantics: a repeated key keeps its first position and takes the last value.
        obj.insert_or_assign(key, std::move(val));
        idx = skip_ws(next);
        if (idx < n && s_[idx] == '}') break;
        if (idx >= n || s_[idx] != ',') fail("Expecting ',' delimiter", idx);
        const std::size_t comma = idx;
        idx = skip_ws(idx + 1);
        if (py313_ && idx < n && s_[idx] == '}') fail("Illegal trailing comma before end of object", comma);
      }
    }
    next_out = idx + 1;
    return boost::json::value(std::move(obj));
  }

  boost::json::value parse_array(std::size_t idx, std::size_t& next_out, int depth) {
    boost::json::array arr;
    const std::size_t n = s_.size();
    idx = skip_ws(idx);
    if (idx >= n || s_[idx] != ']') {
      while (true) {
        std::size_t next = 0;
        arr.push_back(scan_value(idx, next, depth));
        idx = skip_ws(next);
        if (idx < n && s_[idx] == ']') break;
        if (idx >= n || s_[idx] != ',') fail("Expecting ',' delimiter", idx);
        const std::size_t comma = idx;
        idx = skip_ws(idx + 1);
        if (py313_ && idx < n && s_[idx] == ']') fail("Illegal trailing comma before end of array", comma);
      }
    }
    next_out = idx + 1;
    return boost::json::value(std::move(arr));
  }

  std::string_view s_;
  bool py313_;
};

}  // namespace

LoadResult loads(std::string_view bytes, PyFlavour flavour) {
  LoadResult r;
  if (std::string err = utf8_error(bytes); !err.empty()) {
    r.error = std::move(err);
    return r;
  }
  Parser p(bytes, flavour);
  try {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") p.fail("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0);
    r.value = p.parse_document();
    r.ok = true;
  } catch (const DecodeError& e) {
    r.error = e.text;
  }
  return r;
}

}  // namespace ankc::pyjson
