// The `notes` table (spec §2.4). Rows are stored as given: computing sfld/csum/tags is domain work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"
#include "backends/native/storage/new_row_ids.h"

namespace ankc::native::storage {

class Db;

struct NoteRow {
  NoteId id;
  std::string guid;
  NotetypeId mid;
  TimestampSecs mtime;
  Usn usn;
  std::string tags;  // " a b " or ""
  std::string flds;  // fields joined by U+001F
  std::string sfld;  // bound as TEXT; SQLite's integer affinity converts numbers (read back as text)
  uint32_t csum = 0;
};

// The note with that id, or nullopt.
std::optional<NoteRow> get_note(Db& db, NoteId id);
// Inserts a new note; row.id is set to max(now, max(id)+1) and returned.
NoteId add_note(Db& db, NoteRow& row, TimestampMillis now);
// add_note for one of many notes added at `now` (see NewRowIds in storage/new_row_ids.h).
NoteId add_note(Db& db, NoteRow& row, TimestampMillis now, NewRowIds& ids);
// Inserts or replaces the row with its given id.
void put_note(Db& db, const NoteRow& row);
// Deletes the note row only (the caller writes graves and deletes cards).
void remove_note(Db& db, NoteId id);
// Ids of the notes of a notetype, ascending.
std::vector<NoteId> note_ids_of_notetype(Db& db, NotetypeId mid);
// Every note id, ascending.
std::vector<NoteId> all_note_ids(Db& db);
// The distinct non-empty `tags` column values of all notes (" a b " form).
std::vector<std::string> all_note_tags(Db& db);
// Ids of notes of a notetype whose first-field checksum is csum (duplicate candidates), ascending.
std::vector<NoteId> note_ids_with_csum(Db& db, NotetypeId mid, uint32_t csum);

}  // namespace ankc::native::storage
