// The name rules the checker compares stored names against (collection-format.md §8.7–§8.9): each
// function returns the form Anki would store for the given name, so "stored != expected" means the
// stored name is not normalised. An empty result means Anki would refuse the name altogether.
#pragma once

#include <string>
#include <string_view>

namespace ankc::native::dbcheck {

// A tag: per "::" component NFC, ASCII control characters, spaces and U+3000 removed, trimmed,
// an empty component becoming "blank" (the rule of tags::normalize_tag_name, which it calls).
std::string normalized_tag(std::string_view tag);

// A notetype or template name: NFC, '"' removed.
std::string normalized_notetype_name(std::string_view name);
std::string normalized_template_name(std::string_view name);

// A field name: NFC, ':' '{' '}' '"' removed, whitespace trimmed and leading '#', '/', '^' stripped.
std::string normalized_field_name(std::string_view name);

}  // namespace ankc::native::dbcheck
