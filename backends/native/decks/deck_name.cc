#include "backends/native/decks/deck_name.h"

#include "backends/native/decks/nfc.h"

namespace ankc::native {

namespace {

bool is_ascii_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// Rust's char::is_whitespace (White_Space property), decoded from UTF-8 at `s[i]`; sets `len`.
bool whitespace_at(std::string_view s, std::size_t i, std::size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  len = 1;
  if (c == ' ' || (c >= 0x09 && c <= 0x0d)) return true;
  if (c < 0x80) return false;
  char32_t cp = 0;
  if ((c & 0xe0) == 0xc0 && i + 1 < s.size()) {
    cp = ((c & 0x1f) << 6) | (s[i + 1] & 0x3f);
    len = 2;
  } else if ((c & 0xf0) == 0xe0 && i + 2 < s.size()) {
    cp = ((c & 0x0f) << 12) | ((s[i + 1] & 0x3f) << 6) | (s[i + 2] & 0x3f);
    len = 3;
  } else {
    len = (c & 0xf8) == 0xf0 ? 4 : 1;
    return false;
  }
  switch (cp) {
    case 0x85: case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f:
    case 0x3000:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200a;
  }
}

// Byte length of the UTF-8 sequence that ends at s[end-1].
std::size_t last_char_len(std::string_view s, std::size_t end) {
  std::size_t start = end - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xc0) == 0x80 && end - start < 4) --start;
  return end - start;
}

bool trimmable_at(std::string_view s, std::size_t i, std::size_t& len) {
  if (s[i] == ':') {
    len = 1;
    return true;
  }
  return whitespace_at(s, i, len);
}

}  // namespace

std::string normalized_deck_name_component(std::string_view component) {
  std::string nfc = to_nfc(component);
  std::string cleaned;
  cleaned.reserve(nfc.size());
  for (char c : nfc)
    if (!is_ascii_control(static_cast<unsigned char>(c))) cleaned += c;
  std::size_t begin = 0, end = cleaned.size(), len = 0;
  while (begin < end && trimmable_at(cleaned, begin, len)) begin += len;
  while (end > begin) {
    std::size_t n = last_char_len(cleaned, end);
    std::size_t check = 0;
    if (!trimmable_at(cleaned, end - n, check) || check != n) break;
    end -= n;
  }
  if (begin == end) return "blank";
  return cleaned.substr(begin, end - begin);
}

std::string native_deck_name(std::string_view human_name) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    std::size_t sep = human_name.find("::", start);
    std::string_view part =
        human_name.substr(start, sep == std::string_view::npos ? std::string_view::npos : sep - start);
    if (!out.empty() || start > 0) out += '\x1f';
    out += normalized_deck_name_component(part);
    if (sep == std::string_view::npos) break;
    start = sep + 2;
  }
  return out;
}

std::string human_deck_name(std::string_view native_name) {
  std::string out;
  out.reserve(native_name.size() + 8);
  for (char c : native_name) {
    if (c == '\x1f')
      out += "::";
    else
      out += c;
  }
  return out;
}

std::vector<std::string> deck_name_components(std::string_view native_name) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t sep = native_name.find('\x1f', start);
    if (sep == std::string_view::npos) {
      parts.emplace_back(native_name.substr(start));
      return parts;
    }
    parts.emplace_back(native_name.substr(start, sep - start));
    start = sep + 1;
  }
}

std::optional<std::string> immediate_parent_name(std::string_view native_name) {
  std::size_t sep = native_name.rfind('\x1f');
  if (sep == std::string_view::npos) return std::nullopt;
  return std::string(native_name.substr(0, sep));
}

std::string_view deck_basename(std::string_view native_name) {
  std::size_t sep = native_name.rfind('\x1f');
  return sep == std::string_view::npos ? native_name : native_name.substr(sep + 1);
}

}  // namespace ankc::native
