#include "backends/native/notes/note.h"

#include "backends/action_error.h"
#include "backends/native/notes/note_text.h"
#include "backends/native/tags/tag_names.h"
#include "compat/py_errors.h"

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

void check_encodable(const Note& note) {
  for (const auto* strings : {&note.tags, &note.fields})
    for (const std::string& s : *strings)
      if (auto error = pyerr::utf8_encode_error(s)) throw ActionError(*error);
}

}  // namespace ankc::native
