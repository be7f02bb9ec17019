#include "backends/native/dbcheck/names.h"

#include "backends/native/decks/nfc.h"
#include "backends/native/rendering/html_text.h"
#include "backends/native/tags/tag_names.h"

namespace ankc::native::dbcheck {
namespace {

std::string without_chars(std::string_view s, std::string_view bad) {
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (bad.find(c) == std::string_view::npos) out += c;
  return out;
}

}  // namespace

std::string normalized_tag(std::string_view tag) { return tags::normalize_tag_name(tag); }

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
