#include "backends/native/search/text.h"

#include "backends/native/notes/note_text.h"

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

// One implementation of §8.4–§8.6 for the whole backend: notes/note_text.h.
std::string strip_html_preserving_media(std::string_view html) {
  return strip_html_preserving_media_filenames(html);
}

uint32_t field_checksum(std::string_view text) { return field_checksum_of_text(text); }

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
