// The note model: one row of the `notes` table with its fields split and tags parsed
// (collection-format.md §2.4). Storage keeps rows; sfld/csum are derived on save (note_ops.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"
#include "backends/native/storage/notes/notes.h"

namespace ankc::native {

struct Note {
  NoteId id;  // 0 until added
  std::string guid;
  NotetypeId notetype_id;
  TimestampSecs mtime;
  Usn usn;
  std::vector<std::string> fields;  // in notetype field order
  std::vector<std::string> tags;    // canonical after save
};

// The note of a row.
Note note_from_row(const storage::NoteRow& row);
// The note with that id, or nullopt.
std::optional<Note> load_note(storage::Db& db, NoteId id);
// Throws Python's "surrogates not allowed" UnicodeEncodeError (ActionError) when a tag or field holds a
// lone surrogate: Anki's backend receives the note as protobuf, tags encoded before fields (pylib's
// Note._to_backend_note), and Python cannot encode one, so AnkiConnect's request fails there.
void check_encodable(const Note& note);

}  // namespace ankc::native
