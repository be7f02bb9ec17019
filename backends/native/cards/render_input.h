// Converts the stored models (Notetype, Note, notes row) into the plain values rendering/ works on.
#pragma once

#include "backends/native/notes/note.h"
#include "backends/native/notetypes/notetype.h"
#include "backends/native/rendering/card_render.h"
#include "backends/native/storage/notes/notes.h"

namespace ankc::native {

// Name, kind, field names, templates (name, qfmt, afmt), css, latex_svg.
rendering::Notetype to_render_notetype(const Notetype& nt);
rendering::Note to_render_note(const Note& note);
// Fields split on U+001F, tags split on spaces.
rendering::Note to_render_note(const storage::NoteRow& row);

}  // namespace ankc::native
