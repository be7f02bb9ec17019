#include "backends/native/notetypes/rendering_view.h"

namespace ankc::native {

namespace {

std::vector<std::string> split(const std::string& text, char sep, bool skip_empty) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    std::size_t pos = text.find(sep, start);
    std::string piece = text.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
    if (!skip_empty || !piece.empty()) out.push_back(std::move(piece));
    if (pos == std::string::npos) return out;
    start = pos + 1;
  }
}

}  // namespace

rendering::Notetype rendering_view(const Notetype& nt) {
  rendering::Notetype r;
  r.name = nt.name;
  r.kind = nt.is_cloze() ? rendering::NotetypeKind::kCloze : rendering::NotetypeKind::kNormal;
  for (const auto& f : nt.fields) r.field_names.push_back(f.name);
  for (const auto& t : nt.templates) r.templates.push_back({t.name, t.q_format, t.a_format});
  r.css = nt.css;
  r.latex_svg = nt.latex_svg;
  return r;
}

rendering::Note rendering_note(const storage::NoteRow& row) {
  rendering::Note note;
  note.fields = split(row.flds, '\x1f', false);
  note.tags = split(row.tags, ' ', true);
  return note;
}

}  // namespace ankc::native
