#include "backends/native/search/rust_regex.h"

#include <re2/re2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <vector>

namespace ankc::native::search {
namespace {

constexpr const char* kWordClassBody = "\\p{L}\\p{M}\\p{Nd}\\p{Pc}\\p{Nl}\\x{200C}\\x{200D}";
constexpr const char* kSpaceClassBody = "\\t\\n\\x0B\\f\\r \\x{85}\\p{Z}";

struct Translation {
  std::string re2;
  std::vector<size_t> word_boundaries;  // input offsets of \b tokens outside classes
  bool other_assertions = false;        // \B, or \b inside alternation nesting we can't emulate
  bool top_level_alternation = false;
};

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

size_t utf8_len(char lead) {
  auto b = static_cast<unsigned char>(lead);
  return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
}

Translation translate(std::string_view p) {
  Translation t;
  std::string& out = t.re2;
  int class_depth = 0;
  int paren_depth = 0;
  for (size_t i = 0; i < p.size();) {
    char c = p[i];
    if (c == '\\' && i + 1 < p.size()) {
      char e = p[i + 1];
      bool in_class = class_depth > 0;
      switch (e) {
        case 'd': out += "\\p{Nd}"; i += 2; continue;
        case 'D': out += "\\P{Nd}"; i += 2; continue;
        case 'w':
          out += in_class ? std::string(kWordClassBody) : "[" + std::string(kWordClassBody) + "]";
          i += 2;
          continue;
        case 's':
          out += in_class ? std::string(kSpaceClassBody) : "[" + std::string(kSpaceClassBody) + "]";
          i += 2;
          continue;
        case 'W':
          if (!in_class) {
            out += "[^" + std::string(kWordClassBody) + "]";
            i += 2;
            continue;
          }
          break;
        case 'S':
          if (!in_class) {
            out += "[^" + std::string(kSpaceClassBody) + "]";
            i += 2;
            continue;
          }
          break;
        case 'b':
          if (!in_class) t.word_boundaries.push_back(i);
          break;
        case 'B':
          if (!in_class) t.other_assertions = true;
          break;
        case 'u':
        case 'U': {
          size_t j = i + 2;
          std::string hex;
          if (e == 'u' && j < p.size() && p[j] == '{') {
            size_t close = p.find('}', j);
            if (close != std::string_view::npos) {
              hex = std::string(p.substr(j + 1, close - j - 1));
              j = close + 1;
            }
          } else {
            size_t want = e == 'u' ? 4 : 8;
            if (j + want <= p.size()) {
              hex = std::string(p.substr(j, want));
              j += want;
            }
          }
          bool valid = !hex.empty();
          for (char h : hex) valid = valid && is_hex(h);
          if (valid) {
            out += "\\x{" + hex + "}";
            i = j;
            continue;
          }
          break;
        }
        default:
          break;
      }
      // copy the escape and its (whole UTF-8) character
      size_t len = 1 + utf8_len(e);
      out += p.substr(i, len);
      i += len;
      continue;
    }
    if (class_depth > 0) {
      if (c == '[' && i + 1 < p.size() && p[i + 1] == ':') {
        size_t close = p.find(":]", i + 2);
        if (close != std::string_view::npos) {
          out += p.substr(i, close + 2 - i);
          i = close + 2;
          continue;
        }
      }
      if (c == ']') --class_depth;
      out += c;
      ++i;
      continue;
    }
    if (c == '[') {
      ++class_depth;
      out += c;
      ++i;
      // a leading ']' (after an optional '^') is literal
      if (i < p.size() && p[i] == '^') out += p[i++];
      if (i < p.size() && p[i] == ']') out += p[i++];
      continue;
    }
    if (c == '(') {
      ++paren_depth;
      if (p.substr(i, 3) == "(?<" && i + 3 < p.size() && p[i + 3] != '=' && p[i + 3] != '!') {
        out += "(?P<";
        i += 3;
        continue;
      }
    } else if (c == ')') {
      --paren_depth;
    } else if (c == '|' && paren_depth == 0) {
      t.top_level_alternation = true;
    }
    size_t len = utf8_len(c);
    out += p.substr(i, len);
    i += len;
  }
  return t;
}

size_t char_count(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

// Position (byte offset) of the last unmatched opener, scanning escapes and classes.
size_t unmatched_open(std::string_view p, char open) {
  std::vector<size_t> parens, classes;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (!classes.empty()) {
      if (c == ']') classes.pop_back();
      else if (c == '[') classes.push_back(i);
      continue;
    }
    if (c == '[') {
      classes.push_back(i);
      if (i + 1 < p.size() && p[i + 1] == ']') ++i;
    } else if (c == '(') {
      parens.push_back(i);
    } else if (c == ')' && !parens.empty()) {
      parens.pop_back();
    }
  }
  const auto& v = open == '(' ? parens : classes;
  return v.empty() ? 0 : v.back();
}

size_t unmatched_close(std::string_view p) {
  int depth = 0;
  bool in_class = false;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      ++i;
      continue;
    }
    if (in_class) {
      if (c == ']') in_class = false;
      continue;
    }
    if (c == '[') in_class = true;
    else if (c == '(') ++depth;
    else if (c == ')' && --depth < 0) return i;
  }
  return 0;
}

std::string format_error(std::string_view pattern, size_t pos, size_t span, const std::string& kind) {
  std::string out = "<pre>regex parse error:\n    ";
  out += pattern;
  out += "\n    ";
  out += std::string(char_count(pattern.substr(0, std::min(pos, pattern.size()))), ' ');
  out += std::string(std::max<size_t>(1, span), '^');
  out += "\nerror: ";
  out += kind;
  out += "</pre>";
  return out;
}

std::string describe_error(std::string_view pattern, const re2::RE2& re) {
  const std::string& arg = re.error_arg();
  size_t at = arg.empty() ? std::string_view::npos : pattern.find(arg);
  size_t pos = at == std::string_view::npos ? 0 : at;
  size_t span = at == std::string_view::npos ? 1 : char_count(arg);
  switch (re.error_code()) {
    case re2::RE2::ErrorMissingParen:
      return format_error(pattern, unmatched_open(pattern, '('), 1, "unclosed group");
    case re2::RE2::ErrorUnexpectedParen:
      return format_error(pattern, unmatched_close(pattern), 1, "unopened group");
    case re2::RE2::ErrorMissingBracket:
      return format_error(pattern, unmatched_open(pattern, '['), 1, "unclosed character class");
    case re2::RE2::ErrorRepeatArgument:
    case re2::RE2::ErrorRepeatOp:
      return format_error(pattern, pos, 1, "repetition operator missing expression");
    case re2::RE2::ErrorRepeatSize:
      return format_error(pattern, pos, span, "invalid repetition count(s)");
    case re2::RE2::ErrorTrailingBackslash:
      return format_error(pattern, pattern.size() - 1, 1,
                          "incomplete escape sequence, reached end of pattern prematurely");
    case re2::RE2::ErrorBadCharRange:
      return format_error(pattern, pos, span,
                          "invalid character class range, the start must be <= the end");
    case re2::RE2::ErrorBadEscape:
      if (arg.size() >= 2 && arg[1] >= '0' && arg[1] <= '9')
        return format_error(pattern, pos, span, "backreferences are not supported");
      return format_error(pattern, pos, span, "unrecognized escape sequence");
    case re2::RE2::ErrorBadCharClass:
      return format_error(pattern, pos, span, "invalid Unicode character class");
    case re2::RE2::ErrorBadPerlOp:
      if (arg.rfind("(?=", 0) == 0 || arg.rfind("(?!", 0) == 0 || arg.rfind("(?<=", 0) == 0 ||
          arg.rfind("(?<!", 0) == 0 || arg == "(?<")
        return format_error(pattern, pos, span,
                            "look-around, including look-ahead and look-behind, is not supported");
      return format_error(pattern, pos + span - 1, 1, "unrecognized flag");
    case re2::RE2::ErrorPatternTooLarge:
      return "Compiled regex exceeds size limit of 10485760 bytes.";
    default:
      return format_error(pattern, pos, span, re.error());
  }
}

re2::RE2::Options options() {
  re2::RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(int64_t{64} << 20);
  return o;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

// Rust's Unicode \w.
bool is_word_char(UChar32 c) {
  if (c < 0x80)
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  if (u_hasBinaryProperty(c, UCHAR_ALPHABETIC) || u_hasBinaryProperty(c, UCHAR_JOIN_CONTROL))
    return true;
  int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK ||
         t == U_DECIMAL_DIGIT_NUMBER || t == U_CONNECTOR_PUNCTUATION;
}

// Byte offsets in `s` that are Unicode word boundaries.
std::vector<size_t> word_boundaries(std::string_view s) {
  std::vector<size_t> out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0, n = static_cast<int32_t>(s.size());
  bool prev = false;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    bool cur = c >= 0 && is_word_char(c);
    if (cur != prev) out.push_back(static_cast<size_t>(start));
    prev = cur;
  }
  if (prev) out.push_back(s.size());
  return out;
}

}  // namespace

RustRegex::RustRegex(std::string_view pattern) {
  Translation t = translate(pattern);
  re_ = std::make_unique<re2::RE2>(t.re2, options());
  if (!re_->ok()) {
    error_ = describe_error(pattern, *re_);
    return;
  }
  if (t.word_boundaries.empty() || t.other_assertions || t.top_level_alternation) return;
  // leading flag groups such as (?i) / (?is)
  size_t body_start = 0;
  while (pattern.substr(body_start, 2) == "(?") {
    size_t close = pattern.find(')', body_start);
    std::string_view flags = pattern.substr(body_start + 2, close == std::string_view::npos
                                                                ? 0
                                                                : close - body_start - 2);
    if (close == std::string_view::npos || flags.empty() ||
        flags.find_first_not_of("imsxU-") != std::string_view::npos)
      break;
    body_start = close + 1;
  }
  size_t body_end = pattern.size();
  bool lead = t.word_boundaries.front() == body_start;
  bool trail = t.word_boundaries.back() + 2 == body_end && t.word_boundaries.back() >= body_start;
  size_t expected = size_t(lead) + size_t(trail);
  if (lead && trail && t.word_boundaries.front() == t.word_boundaries.back()) expected = 1;
  if (t.word_boundaries.size() != expected || expected == 0) return;
  if (lead && trail && body_end - body_start == 2) trail = false;  // pattern is just \b
  std::string body(pattern.substr(0, body_start));
  size_t inner_start = body_start + (lead ? 2 : 0);
  size_t inner_end = body_end - (trail ? 2 : 0);
  body += "(?:" + translate(pattern.substr(inner_start, inner_end - inner_start)).re2 + ")";
  body_ = std::make_unique<re2::RE2>(body, options());
  if (!body_->ok()) {
    body_.reset();
    return;
  }
  lead_b_ = lead;
  trail_b_ = trail;
}

RustRegex::~RustRegex() = default;

bool RustRegex::is_match(std::string_view text) const {
  if (!re_ || !ok()) return false;
  if (!body_ || is_ascii(text)) return re2::RE2::PartialMatch(text, *re_);
  return emulated_match(text);
}

bool RustRegex::emulated_match(std::string_view text) const {
  // Dropping the boundary assertions only widens the match set: reject early.
  if (!re2::RE2::PartialMatch(text, *body_)) return false;
  std::vector<size_t> bounds = word_boundaries(text);
  if (lead_b_ && !trail_b_) {
    for (size_t s : bounds)
      if (body_->Match(text, s, text.size(), re2::RE2::ANCHOR_START, nullptr, 0)) return true;
    return false;
  }
  if (!lead_b_ && trail_b_) {
    for (size_t e : bounds) {
      std::string_view prefix = text.substr(0, e);
      for (size_t s = 0; s <= e; ++s) {
        if (s < e && (static_cast<unsigned char>(text[s]) & 0xC0) == 0x80) continue;
        if (body_->Match(prefix, s, e, re2::RE2::ANCHOR_BOTH, nullptr, 0)) return true;
      }
    }
    return false;
  }
  for (size_t s : bounds) {
    if (!body_->Match(text, s, text.size(), re2::RE2::ANCHOR_START, nullptr, 0)) continue;
    for (size_t e : bounds) {
      if (e < s) continue;
      if (body_->Match(text.substr(0, e), s, e, re2::RE2::ANCHOR_BOTH, nullptr, 0)) return true;
    }
  }
  return false;
}

}  // namespace ankc::native::search
