// Tag strings as Anki handles them (collection-format.md §8.7): splitting a space-separated string,
// normalising each name (per `::` component: NFC, control characters and separators removed, trimmed,
// empty → "blank"), the note's `tags` column form " a b ", and unicase comparisons.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ankc::native::tags {

// Splits on ASCII space and U+3000, dropping empty pieces.
std::vector<std::string> split_tags(std::string_view text);
// The normalised name of one tag (never empty for non-empty input).
std::string normalize_tag_name(std::string_view name);
// " a b " for {a, b}; "" for none.
std::string join_tags(const std::vector<std::string>& tags);
// Tags of a stored `tags` column.
std::vector<std::string> parse_tags_column(std::string_view column);
// True when the tags are equal ignoring case (unicase).
bool tag_equal(std::string_view a, std::string_view b);
// Sorts by unicase order (stable).
void sort_tags(std::vector<std::string>& tags);

}  // namespace ankc::native::tags
