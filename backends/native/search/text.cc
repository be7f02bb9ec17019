#include "backends/native/search/text.h"

#include <openssl/sha.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>

namespace ankc::native::search {
namespace {

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

void append_utf8(std::string& out, UChar32 c) {
  char buf[4];
  int32_t len = 0;
  UBool err = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, 4, c, err);
  if (!err) out.append(buf, static_cast<size_t>(len));
}

// Unicode White_Space (search.md §2.1).
bool is_white_space(UChar32 c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

std::string from_unicode(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

const char* extra_no_combining(UChar32 c) {
  switch (c) {
    case 0x20AC: return "E";
    case 0xC6: return "AE";
    case 0xD0: return "D";
    case 0xD8: return "O";
    case 0xDE: return "TH";
    case 0xDF: return "s";
    case 0xE6: return "ae";
    case 0xF0: return "d";
    case 0xF8: return "o";
    case 0xFE: return "th";
    case 0x110: return "D";
    case 0x111: return "d";
    case 0x126: return "H";
    case 0x127: return "h";
    case 0x131: return "i";
    case 0x138: return "k";
    case 0x141: return "L";
    case 0x142: return "l";
    case 0x14A: return "N";
    case 0x14B: return "n";
    case 0x152: return "OE";
    case 0x153: return "oe";
    case 0x166: return "T";
    case 0x167: return "t";
    case 0x18F: return "E";
    case 0x1DD: return "e";
    case 0x251: return "a";
    default: return nullptr;
  }
}

bool is_mark(UChar32 c) {
  int8_t t = u_charType(c);
  return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK || t == U_COMBINING_SPACING_MARK;
}

bool starts_with_ci(std::string_view s, size_t pos, std::string_view prefix) {
  if (s.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char a = s[pos + i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (a != prefix[i]) return false;
  }
  return true;
}

size_t find_ci(std::string_view s, size_t pos, std::string_view needle) {
  for (size_t i = pos; i + needle.size() <= s.size(); ++i)
    if (starts_with_ci(s, i, needle)) return i;
  return std::string_view::npos;
}

struct Entity {
  const char* name;
  UChar32 code;
};
const Entity kEntities[] = {
#include "backends/native/search/html_entities.inc"
};

// Strict HTML entity decoding; nullopt if any '&' does not start a well-formed known entity.
std::optional<std::string> decode_entities_strict(std::string_view s) {
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '&') {
      out.push_back(s[i++]);
      continue;
    }
    size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos) return std::nullopt;
    std::string_view body = s.substr(i + 1, semi - i - 1);
    UChar32 code = -1;
    if (!body.empty() && body[0] == '#') {
      bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
      std::string_view digits = body.substr(hex ? 2 : 1);
      if (digits.empty() || digits.size() > 8) return std::nullopt;
      long v = 0;
      for (char c : digits) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return std::nullopt;
        v = v * (hex ? 16 : 10) + d;
      }
      if (v > 0x10FFFF) return std::nullopt;
      code = static_cast<UChar32>(v);
    } else {
      auto it = std::lower_bound(std::begin(kEntities), std::end(kEntities), body,
                                 [](const Entity& e, std::string_view n) { return e.name < n; });
      if (it == std::end(kEntities) || body != it->name) return std::nullopt;
      code = it->code;
    }
    append_utf8(out, code);
    i = semi + 1;
  }
  return out;
}

// Replaces media tags with " filename " (collection-format.md §8.4 step 1).
std::string replace_media_tags(std::string_view s) {
  static const char* kTags[] = {"img", "audio", "video", "object", "source"};
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '<') {
      size_t name_len = 0;
      for (const char* t : kTags) {
        size_t n = std::strlen(t);
        if (starts_with_ci(s, i + 1, t)) {
          char after = i + 1 + n < s.size() ? s[i + 1 + n] : '\0';
          bool word_end = !((after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') ||
                            (after >= '0' && after <= '9') || after == '_');
          if (word_end) name_len = n;
        }
      }
      if (name_len) {
        // scan attributes up to '>' looking for src= / data=
        size_t j = i + 1 + name_len;
        std::optional<std::string> value;
        size_t end = std::string_view::npos;
        while (j < s.size()) {
          char c = s[j];
          if (c == '>') {
            end = j;
            break;
          }
          if (c == '"' || c == '\'') {
            size_t close = s.find(c, j + 1);
            if (close == std::string_view::npos) break;
            j = close + 1;
            continue;
          }
          bool at_attr = (s[j - 1] == ' ' || s[j - 1] == '\t' || s[j - 1] == '\n');
          size_t key_len = starts_with_ci(s, j, "src=") ? 4 : starts_with_ci(s, j, "data=") ? 5 : 0;
          if (at_attr && key_len && !value) {
            size_t v = j + key_len;
            if (v < s.size() && (s[v] == '"' || s[v] == '\'')) {
              size_t close = s.find(s[v], v + 1);
              if (close == std::string_view::npos) break;
              value = std::string(s.substr(v + 1, close - v - 1));
              j = close + 1;
            } else {
              size_t e = v;
              while (e < s.size() && s[e] != ' ' && s[e] != '>') ++e;
              value = std::string(s.substr(v, e - v));
              j = e;
            }
            continue;
          }
          ++j;
        }
        if (value && end != std::string_view::npos) {
          out += ' ';
          out += *value;
          out += ' ';
          i = end + 1;
          continue;
        }
      }
    }
    out.push_back(s[i++]);
  }
  return out;
}

}  // namespace

std::string normalize_whitespace_and_trim(std::string_view query) {
  std::string out;
  out.reserve(query.size());
  int32_t i = 0, n = static_cast<int32_t>(query.size());
  const auto* p = reinterpret_cast<const uint8_t*>(query.data());
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && is_white_space(c)) out.push_back(' ');
    else out.append(query.substr(start, i - start));
  }
  size_t b = out.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  size_t e = out.find_last_not_of(' ');
  return out.substr(b, e - b + 1);
}

std::optional<std::string> invalid_escape(std::string_view t) {
  static constexpr std::string_view kEscapable = "\\\":*_()-";
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '\\') continue;
    if (i + 1 >= t.size()) return std::string("\\");
    char next = t[i + 1];
    if (kEscapable.find(next) == std::string_view::npos) {
      // provided = backslash plus the following character (one UTF-8 sequence)
      size_t len = 1;
      auto lead = static_cast<unsigned char>(next);
      if (lead >= 0xF0) len = 4;
      else if (lead >= 0xE0) len = 3;
      else if (lead >= 0xC0) len = 2;
      return std::string(t.substr(i, 1 + len));
    }
    ++i;  // skip the escaped character
  }
  return std::nullopt;
}

std::string unescape_parser_escapes(std::string_view t) {
  std::string out;
  out.reserve(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\\' && i + 1 < t.size()) {
      char n = t[i + 1];
      if (n == '\\') {
        out += "\\\\";
        ++i;
        continue;
      }
      if (n == '"' || n == ':' || n == '(' || n == ')' || n == '-') {
        out.push_back(n);
        ++i;
        continue;
      }
    }
    out.push_back(t[i]);
  }
  return out;
}

std::string unescape_quotes(std::string_view t) {
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '"') {
      out.push_back('"');
      ++i;
    } else {
      out.push_back(t[i]);
    }
  }
  return out;
}

std::string unescape_quotes_and_backslashes(std::string_view t) {
  std::string first = unescape_quotes(t);
  std::string out;
  for (size_t i = 0; i < first.size(); ++i) {
    if (first[i] == '\\' && i + 1 < first.size() && first[i + 1] == '\\') {
      out.push_back('\\');
      ++i;
    } else {
      out.push_back(first[i]);
    }
  }
  return out;
}

bool is_glob(std::string_view t) {
  size_t backslashes = 0;
  for (char c : t) {
    if ((c == '*' || c == '_') && backslashes % 2 == 0) return true;
    backslashes = c == '\\' ? backslashes + 1 : 0;
  }
  return false;
}

std::string to_sql_like(std::string_view t) {
  std::string out;
  out.reserve(t.size() + 2);
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '\\' && i + 1 < t.size() && (t[i + 1] == '\\' || t[i + 1] == '*')) {
      if (t[i + 1] == '\\') out += "\\\\";
      else out += '*';
      ++i;
    } else if (c == '*') {
      out += '%';
    } else if (c == '%') {
      out += "\\%";
    } else {
      out += c;
    }
  }
  return out;
}

std::string regex_escape(std::string_view t) {
  static constexpr std::string_view kMeta = "\\.+*?()|[]{}^$#&-~";
  std::string out;
  for (char c : t) {
    if (kMeta.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string to_custom_re(std::string_view t, std::string_view wildcard) {
  std::string out;
  size_t i = 0;
  while (i < t.size()) {
    // one token: optional backslash plus one character
    size_t start = i;
    if (t[i] == '\\' && i + 1 < t.size()) ++i;
    auto lead = static_cast<unsigned char>(t[i]);
    size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    i = std::min(t.size(), i + len);
    std::string_view tok = t.substr(start, i - start);
    if (tok == "\\\\" || tok == "\\*") out += tok;
    else if (tok == "\\_") out += '_';
    else if (tok == "*") {
      out += wildcard;
      out += '*';
    } else if (tok == "_") out += wildcard;
    else out += regex_escape(tok);
  }
  return out;
}

std::string to_re(std::string_view t) { return to_custom_re(t, "."); }

std::string to_text(std::string_view t) {
  std::string out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\\' && i + 1 < t.size()) ++i;
    out += t[i];
  }
  return out;
}

std::string nfc(std::string_view text) {
  if (is_ascii(text)) return std::string(text);
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFCInstance(err);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  if (n->isNormalized(u, err) && U_SUCCESS(err)) return std::string(text);
  err = U_ZERO_ERROR;
  icu::UnicodeString r = n->normalize(u, err);
  if (U_FAILURE(err)) return std::string(text);
  return from_unicode(r);
}

std::string without_combining(std::string_view text) {
  if (is_ascii(text)) return std::string(text);
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKDInstance(err);
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), text.size()));
  icu::UnicodeString d = n->normalize(u, err);
  if (U_FAILURE(err)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (is_mark(c)) continue;
    if (const char* r = extra_no_combining(c)) out += r;
    else append_utf8(out, c);
  }
  return out;
}

std::string strip_clozes(std::string_view s) {
  // {{c<digits/commas>::text[::hint]}} -> text; lazy matching as in (?s)\{\{c[\d,]+::(.*?)(::.*?)?\}\}
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s.compare(i, 3, "{{c") == 0) {
      size_t j = i + 3;
      size_t digits_start = j;
      while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == ',')) ++j;
      if (j > digits_start && s.compare(j, 2, "::") == 0) {
        size_t text_start = j + 2;
        size_t close = s.find("}}", text_start);
        if (close != std::string_view::npos) {
          std::string_view inner = s.substr(text_start, close - text_start);
          size_t hint = inner.find("::");
          out += inner.substr(0, hint);
          i = close + 2;
          continue;
        }
      }
    }
    out += s[i++];
  }
  return out;
}

std::string native_deck_name(std::string_view human) {
  std::string out;
  size_t start = 0;
  bool first = true;
  while (true) {
    size_t sep = human.find("::", start);
    std::string comp = nfc(human.substr(start, sep == std::string_view::npos ? std::string_view::npos
                                                                             : sep - start));
    comp.erase(std::remove_if(comp.begin(), comp.end(),
                              [](char c) { return (c >= 0 && c < 0x20) || c == 0x7F; }),
               comp.end());
    // trim whitespace and ':' on both ends
    auto trimmable = [](std::string_view s, size_t pos, bool from_end, size_t& len) {
      const auto* p = reinterpret_cast<const uint8_t*>(s.data());
      int32_t n = static_cast<int32_t>(s.size());
      UChar32 c;
      int32_t i = static_cast<int32_t>(pos);
      if (from_end) {
        U8_PREV(p, 0, i, c);
        len = pos - static_cast<size_t>(i);
      } else {
        U8_NEXT(p, i, n, c);
        len = static_cast<size_t>(i) - pos;
      }
      return c == ':' || (c >= 0 && u_isUWhiteSpace(c));
    };
    size_t b = 0, e = comp.size(), len = 0;
    while (b < e && trimmable(comp, b, false, len)) b += len;
    while (e > b && trimmable(comp, e, true, len)) e -= len;
    comp = comp.substr(b, e - b);
    if (comp.empty()) comp = "blank";
    if (!first) out += '\x1f';
    out += comp;
    first = false;
    if (sep == std::string_view::npos) break;
    start = sep + 2;
  }
  return out;
}

std::string strip_html_preserving_media(std::string_view html) {
  std::string s = replace_media_tags(html);
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '<') {
      size_t end = std::string::npos;
      if (s.compare(i, 4, "<!--") == 0) {
        size_t e = s.find("-->", i + 4);
        if (e != std::string::npos) end = e + 3;
      }
      if (end == std::string::npos && starts_with_ci(s, i, "<style")) {
        size_t gt = s.find('>', i);
        size_t e = gt == std::string::npos ? gt : find_ci(s, gt + 1, "</style>");
        if (e != std::string::npos) end = e + 8;
      }
      if (end == std::string::npos && starts_with_ci(s, i, "<script")) {
        size_t gt = s.find('>', i);
        size_t e = gt == std::string::npos ? gt : find_ci(s, gt + 1, "</script>");
        if (e != std::string::npos) end = e + 9;
      }
      if (end == std::string::npos) {
        size_t gt = s.find('>', i + 1);
        if (gt != std::string::npos) end = gt + 1;
      }
      if (end != std::string::npos) {
        i = end;
        continue;
      }
    }
    out += s[i++];
  }
  if (out.find('&') == std::string::npos) return out;
  auto decoded = decode_entities_strict(out);
  if (!decoded) return out;
  std::string result;
  for (size_t k = 0; k < decoded->size(); ++k) {
    if (decoded->compare(k, 2, "\xC2\xA0") == 0) {
      result += ' ';
      ++k;
    } else {
      result += (*decoded)[k];
    }
  }
  return result;
}

uint32_t field_checksum(std::string_view text) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return (uint32_t{digest[0]} << 24) | (uint32_t{digest[1]} << 16) | (uint32_t{digest[2]} << 8) |
         uint32_t{digest[3]};
}

int unicase_compare(std::string_view a, std::string_view b) {
  if (is_ascii(a) && is_ascii(b)) {
    size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
      int x = (a[i] >= 'A' && a[i] <= 'Z') ? a[i] + 32 : a[i];
      int y = (b[i] >= 'A' && b[i] <= 'Z') ? b[i] + 32 : b[i];
      if (x != y) return x < y ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
  }
  icu::UnicodeString ua = icu::UnicodeString::fromUTF8(icu::StringPiece(a.data(), a.size()));
  icu::UnicodeString ub = icu::UnicodeString::fromUTF8(icu::StringPiece(b.data(), b.size()));
  ua.foldCase(U_FOLD_CASE_DEFAULT);
  ub.foldCase(U_FOLD_CASE_DEFAULT);
  int r = ua.compareCodePointOrder(ub);
  return r < 0 ? -1 : (r > 0 ? 1 : 0);
}

bool unicase_equal(std::string_view a, std::string_view b) { return unicase_compare(a, b) == 0; }

}  // namespace ankc::native::search
