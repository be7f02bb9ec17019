// Text helpers: HTML stripping, entity decoding and encoding, field emptiness.
#include "backends/native/rendering/html_text.h"

#include <cstdint>

#include "backends/native/rendering/html_entities.h"

namespace ankc::native::rendering {
namespace {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// True if `text` at `pos` starts with `word` (ASCII case-insensitive).
bool starts_with_ci(std::string_view text, std::size_t pos, std::string_view word) {
  if (text.size() - pos < word.size() || pos > text.size()) return false;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (ascii_lower(text[pos + i]) != ascii_lower(word[i])) return false;
  }
  return true;
}

std::size_t find_ci(std::string_view text, std::string_view word, std::size_t from) {
  for (std::size_t i = from; i + word.size() <= text.size(); ++i) {
    if (starts_with_ci(text, i, word)) return i;
  }
  return std::string_view::npos;
}

// `<NAME.*?>.*?</NAME>`: the end of the element starting at `pos`, or npos.
std::size_t element_end(std::string_view html, std::size_t pos, std::string_view name) {
  if (!starts_with_ci(html, pos + 1, name)) return std::string_view::npos;
  std::size_t open_end = html.find('>', pos + 1 + name.size());
  if (open_end == std::string_view::npos) return std::string_view::npos;
  std::string closing = "</" + std::string(name) + ">";
  std::size_t close = find_ci(html, closing, open_end + 1);
  if (close == std::string_view::npos) return std::string_view::npos;
  return close + closing.size();
}

// The end of the HTML construct starting with '<' at `pos` (the first alternative that matches:
// comment, style element, script element, any tag), or npos if none does.
std::size_t html_construct_end(std::string_view html, std::size_t pos) {
  if (html.compare(pos, 4, "<!--") == 0) {
    std::size_t end = html.find("-->", pos + 4);
    if (end != std::string_view::npos) return end + 3;
  }
  std::size_t end = element_end(html, pos, "style");
  if (end != std::string_view::npos) return end;
  end = element_end(html, pos, "script");
  if (end != std::string_view::npos) return end;
  end = html.find('>', pos + 1);
  if (end != std::string_view::npos) return end + 1;
  return std::string_view::npos;
}

bool is_unicode_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

// Decodes the UTF-8 character starting at `pos`; sets `len` to its byte length.
char32_t decode_at(std::string_view s, std::size_t pos, std::size_t& len) {
  auto b = static_cast<unsigned char>(s[pos]);
  int extra = b < 0x80 ? 0 : b < 0xE0 ? 1 : b < 0xF0 ? 2 : 3;
  if (pos + extra >= s.size() && extra > 0) {  // truncated sequence: take the byte alone
    len = 1;
    return b;
  }
  char32_t cp = extra == 0 ? b : extra == 1 ? (b & 0x1F) : extra == 2 ? (b & 0x0F) : (b & 0x07);
  for (int i = 1; i <= extra; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[pos + i]) & 0x3F);
  len = extra + 1;
  return cp;
}

// Start of the UTF-8 character that ends just before `end`.
std::size_t char_start_before(std::string_view s, std::size_t end) {
  std::size_t p = end - 1;
  while (p > 0 && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80) --p;
  return p;
}

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Parses a decimal or hex reference body into a valid Unicode scalar value.
bool numeric_reference(std::string_view digits, int radix, char32_t& out) {
  if (digits.empty()) return false;
  std::uint64_t value = 0;
  for (char c : digits) {
    int d = (c >= '0' && c <= '9') ? c - '0' : (ascii_lower(c) - 'a' + 10);
    value = value * radix + d;
    if (value > 0xFFFFFFFFull) return false;
  }
  if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return false;
  out = static_cast<char32_t>(value);
  return true;
}

// The all-or-nothing decoder; false on the first malformed or unknown reference.
bool try_decode(std::string_view text, std::string& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c != '&') {
      out.push_back(c);
      ++i;
      continue;
    }
    ++i;
    if (i >= text.size()) return false;
    if (text[i] != '#') {
      // Named: everything up to the next ';' (at least one character) is the name.
      std::size_t semi = text.find(';', i + 1);
      if (semi == std::string_view::npos) return false;
      char32_t cp = html4_entity(text.substr(i, semi - i));
      if (cp == 0) return false;
      append_utf8(out, cp);
      i = semi + 1;
      continue;
    }
    ++i;
    if (i >= text.size()) return false;
    int radix = 10;
    if (text[i] == 'x') {
      radix = 16;
      ++i;
    } else if (!(text[i] >= '0' && text[i] <= '9')) {
      return false;
    }
    std::size_t start = i;
    while (i < text.size() && text[i] != ';') {
      bool ok = radix == 16 ? is_hex_digit(text[i]) : (text[i] >= '0' && text[i] <= '9');
      if (!ok) return false;
      ++i;
    }
    if (i >= text.size()) return false;
    char32_t cp;
    if (!numeric_reference(text.substr(start, i - start), radix, cp)) return false;
    append_utf8(out, cp);
    ++i;
  }
  return true;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string strip_html_preserving_entities(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t i = 0;
  while (i < html.size()) {
    if (html[i] == '<') {
      std::size_t end = html_construct_end(html, i);
      if (end != std::string_view::npos) {
        i = end;
        continue;
      }
    }
    out.push_back(html[i]);
    ++i;
  }
  return out;
}

std::string strip_html(std::string_view html) {
  return decode_entities(strip_html_preserving_entities(html));
}

std::string decode_entities(std::string_view text) {
  if (text.find('&') == std::string_view::npos) return std::string(text);
  std::string decoded;
  decoded.reserve(text.size());
  if (!try_decode(text, decoded)) return std::string(text);
  // U+00A0 (from &nbsp; or literal) becomes a plain space.
  std::string out;
  out.reserve(decoded.size());
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    if (decoded[i] == '\xC2' && i + 1 < decoded.size() && decoded[i + 1] == '\xA0') {
      out.push_back(' ');
      ++i;
    } else {
      out.push_back(decoded[i]);
    }
  }
  return out;
}

std::string encode_minimal(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '"': out += "&quot;"; break;
      case '&': out += "&amp;"; break;
      case '\'': out += "&#x27;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string encode_attribute(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 2);
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t len = 1;
    char32_t cp = decode_at(text, i, len);
    bool alnum = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    if (cp == '"' || cp == '&' || cp == '\'' || cp == '<' || cp == '>') {
      out += encode_minimal(text.substr(i, 1));
    } else if (cp < 256 && !alnum) {
      out += "&#x";
      out.push_back(kHex[cp >> 4]);
      out.push_back(kHex[cp & 15]);
      out.push_back(';');
    } else {
      out.append(text.substr(i, len));
    }
    i += len;
  }
  return out;
}

bool field_is_empty(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r') {
      ++i;
      continue;
    }
    if (c != '<') return false;
    // </?(br|div) ?/?>
    std::size_t p = i + 1;
    if (p < text.size() && text[p] == '/') ++p;
    if (starts_with_ci(text, p, "br")) {
      p += 2;
    } else if (starts_with_ci(text, p, "div")) {
      p += 3;
    } else {
      return false;
    }
    if (p < text.size() && text[p] == ' ') ++p;
    if (p < text.size() && text[p] == '/') ++p;
    if (p >= text.size() || text[p] != '>') return false;
    i = p + 1;
  }
  return true;
}

std::string_view trim_start_unicode(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t len = 1;
    if (!is_unicode_space(decode_at(text, i, len))) break;
    i += len;
  }
  return text.substr(i);
}

std::string_view trim_unicode(std::string_view text) {
  text = trim_start_unicode(text);
  std::size_t end = text.size();
  while (end > 0) {
    std::size_t start = char_start_before(text, end);
    std::size_t len = 1;
    if (!is_unicode_space(decode_at(text, start, len))) break;
    end = start;
  }
  return text.substr(0, end);
}

}  // namespace ankc::native::rendering
