#include "backends/native/cards/render_input.h"

namespace ankc::native {

rendering::Notetype to_render_notetype(const Notetype& nt) {
  rendering::Notetype r;
  r.name = nt.name;
  r.kind = nt.is_cloze() ? rendering::NotetypeKind::kCloze : rendering::NotetypeKind::kNormal;
  for (const auto& f : nt.fields) r.field_names.push_back(f.name);
  for (const auto& t : nt.templates) r.templates.push_back(rendering::CardTemplate{t.name, t.q_format, t.a_format});
  r.css = nt.css;
  r.latex_svg = nt.latex_svg;
  return r;
}

rendering::Note to_render_note(const Note& note) { return rendering::Note{note.fields, note.tags}; }

rendering::Note to_render_note(const storage::NoteRow& row) {
  rendering::Note note;
  size_t start = 0;
  while (true) {
    size_t pos = row.flds.find('\x1f', start);
    note.fields.push_back(row.flds.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  for (size_t i = 0; i < row.tags.size();) {
    size_t end = row.tags.find(' ', i);
    if (end == std::string::npos) end = row.tags.size();
    if (end > i) note.tags.push_back(row.tags.substr(i, end - i));
    i = end + 1;
  }
  return note;
}

}  // namespace ankc::native
