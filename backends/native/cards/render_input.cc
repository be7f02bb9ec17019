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

}  // namespace ankc::native
