#include "backends/native/dbcheck/names.h"

#include "backends/native/decks/nfc.h"
#include "backends/native/rendering/html_text.h"

namespace ankc::native::dbcheck {
namespace {

constexpr std::string_view kIdeographicSpace = "\xe3\x80\x80";

std::string without_chars(std::string_view s, std::string_view bad) {
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (bad.find(c) == std::string_view::npos) out += c;
  return out;
}

std::string normalized_tag_component(std::string_view component) {
  std::string nfc = to_nfc(component);
  std::string cleaned;
  cleaned.reserve(nfc.size());
  for (std::size_t i = 0; i < nfc.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(nfc[i]);
    if (c < 0x20 || c == 0x7f || c == ' ') continue;
    if (nfc.compare(i, kIdeographicSpace.size(), kIdeographicSpace) == 0) {
      i += kIdeographicSpace.size() - 1;
      continue;
    }
    cleaned += nfc[i];
  }
  std::string_view trimmed = rendering::trim_unicode(cleaned);
  return trimmed.empty() ? "blank" : std::string(trimmed);
}

}  // namespace

std::string normalized_tag(std::string_view tag) {
  std::string out;
  std::size_t start = 0;
  while (true) {
    std::size_t sep = tag.find("::", start);
    out += normalized_tag_component(tag.substr(start, sep == std::string_view::npos ? sep : sep - start));
    if (sep == std::string_view::npos) break;
    out += "::";
    start = sep + 2;
  }
  return out;
}

std::string normalized_notetype_name(std::string_view name) { return to_nfc(without_chars(name, "\"")); }

std::string normalized_template_name(std::string_view name) { return to_nfc(without_chars(name, "\"")); }

std::string normalized_field_name(std::string_view name) {
  std::string cleaned = to_nfc(without_chars(name, ":{}\""));
  std::string_view rest = rendering::trim_unicode(cleaned);
  while (!rest.empty()) {
    if (rest.front() == '#' || rest.front() == '/' || rest.front() == '^') {
      rest.remove_prefix(1);
    } else {
      std::string_view after = rendering::trim_start_unicode(rest);
      if (after.size() == rest.size()) break;
      rest = after;
    }
  }
  return std::string(rest);
}

}  // namespace ankc::native::dbcheck
