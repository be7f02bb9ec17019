// The derived text of a note (collection-format.md §8.3–§8.6): field normalisation on save, `flds`
// joining, the HTML stripping used for `sfld` and `csum` (media tags keep their file names), the
// first-field checksum and the sort-field value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::native {

// Removes ASCII control characters except TAB and LF; NFC when normalize_text (config
// normalize_note_text, default true).
std::string normalize_field(std::string_view field, bool normalize_text = true);
// Fields joined with U+001F / split on it.
std::string join_fields(const std::vector<std::string>& fields);
std::vector<std::string> split_fields(std::string_view flds);
// §8.4: media tags → " filename ", markup removed, entities decoded (all or nothing, NBSP → space).
std::string strip_html_preserving_media_filenames(std::string_view html);
// §8.6: the first 4 bytes of SHA-1(text) as a big-endian unsigned integer.
uint32_t field_checksum_of_text(std::string_view stripped_text);
// csum of a note whose first field is field0 (stripped first).
uint32_t field_checksum(std::string_view field0);
// Trims Unicode whitespace as Rust's str::trim.
std::string_view trim_whitespace(std::string_view s);

}  // namespace ankc::native
