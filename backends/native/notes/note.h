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

}  // namespace ankc::native
