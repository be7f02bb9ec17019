// Converts the stored models (Notetype, Note, card row) into the plain values rendering/ works on.
#pragma once

#include "backends/native/notes/note.h"
#include "backends/native/notetypes/notetype.h"
#include "backends/native/rendering/card_render.h"

namespace ankc::native {

rendering::Notetype to_render_notetype(const Notetype& nt);
rendering::Note to_render_note(const Note& note);

}  // namespace ankc::native
