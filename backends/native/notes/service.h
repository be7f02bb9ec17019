// The note actions of AnkiConnect (api spec §5.4): addNote(s), canAddNote(s)(WithErrorDetail),
// updateNoteFields, updateNote, updateNoteModel, updateNoteTags, getNoteTags, notesInfo,
// notesModTime, deleteNotes, removeEmptyNotes.
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

// The table native_backend.cc concatenates.
std::span<const ServiceAction> notes_actions();

}  // namespace ankc::native
