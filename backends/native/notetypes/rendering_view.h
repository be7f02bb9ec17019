// The plain values rendering/ works on (rendering::Notetype, rendering::Note), made from a stored
// note type and a notes row, for requirements and card generation.
#pragma once

#include "backends/native/notetypes/notetype.h"
#include "backends/native/rendering/card_render.h"
#include "backends/native/storage/notes/notes.h"

namespace ankc::native {

// Name, kind, field names, templates (name, qfmt, afmt), css, latex_svg.
rendering::Notetype rendering_view(const Notetype& nt);
// Fields split on U+001F and tags split on spaces.
rendering::Note rendering_note(const storage::NoteRow& row);

}  // namespace ankc::native
