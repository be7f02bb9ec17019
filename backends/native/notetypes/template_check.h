// The template checks Anki runs when a note type is saved (rslib notetype/mod.rs check_templates,
// api spec §4.2, collection-format §8.9): identical fronts, unparsable templates, a front without
// any field, unknown field names, and a cloze note type without `cloze:` on both sides. Failures
// are Anki's localised CardType texts, with U+2068/U+2069 around the variables.
#pragma once

#include <cstddef>
#include <string>

#include "backends/native/notetypes/notetype.h"

namespace ankc::native {

// Throws ActionError with the first problem found, in Anki's order (fronts, then each template,
// then cloze); returns when the templates are fine.
void check_templates(const Notetype& nt);

// "Card template ⁨{ordinal+1}⁩ in note type '⁨{name}⁩' has a problem.<br>{detail}".
std::string card_type_error(const std::string& notetype_name, std::size_t ordinal, const std::string& detail);

}  // namespace ankc::native
