// The checker's view of a note's derived text (collection-format.md §8.4–§8.6): the stripped text
// behind `sfld` and `csum`. Both come from the backend's one implementation (notes/note_text.h),
// whose spec vectors are tested in notes/note_text_test.cc.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ankc::native::dbcheck {

// §8.4: media tags become " filename ", markup is removed, entities decoded (all or nothing).
std::string stripped_field_text(std::string_view field_html);

// §8.6: the first four bytes of SHA-1(stripped text), big-endian.
uint32_t stripped_text_checksum(std::string_view stripped_text);

}  // namespace ankc::native::dbcheck
