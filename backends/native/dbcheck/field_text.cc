#include "backends/native/dbcheck/field_text.h"

#include "backends/native/notes/note_text.h"

namespace ankc::native::dbcheck {

std::string stripped_field_text(std::string_view field_html) { return strip_html_preserving_media_filenames(field_html); }

uint32_t stripped_text_checksum(std::string_view stripped_text) { return field_checksum_of_text(stripped_text); }

}  // namespace ankc::native::dbcheck
