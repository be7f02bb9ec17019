#include "backends/native/notes/note.h"

#include "backends/native/notes/note_text.h"
#include "backends/native/tags/tag_names.h"

namespace ankc::native {

Note note_from_row(const storage::NoteRow& row) {
  Note n;
  n.id = row.id;
  n.guid = row.guid;
  n.notetype_id = row.mid;
  n.mtime = row.mtime;
  n.usn = row.usn;
  n.fields = split_fields(row.flds);
  n.tags = tags::parse_tags_column(row.tags);
  return n;
}

std::optional<Note> load_note(storage::Db& db, NoteId id) {
  auto row = storage::get_note(db, id);
  if (!row) return std::nullopt;
  return note_from_row(*row);
}

}  // namespace ankc::native
