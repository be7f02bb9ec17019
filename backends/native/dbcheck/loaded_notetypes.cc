#include "backends/native/dbcheck/loaded_notetypes.h"

#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/storage/notetypes/notetypes.h"

namespace ankc::native::dbcheck {

rendering::Notetype rendering_view(const Notetype& nt) {
  rendering::Notetype r;
  r.name = nt.name;
  r.kind = nt.is_cloze() ? rendering::NotetypeKind::kCloze : rendering::NotetypeKind::kNormal;
  for (const auto& f : nt.fields) r.field_names.push_back(f.name);
  for (const auto& t : nt.templates) r.templates.push_back({t.name, t.q_format, t.a_format});
  r.css = nt.css;
  return r;
}

std::map<int64_t, LoadedNotetype> load_all_notetypes(storage::Db& db) {
  std::map<int64_t, LoadedNotetype> out;
  for (const auto& row : storage::all_notetypes(db)) {
    try {
      std::optional<Notetype> nt = load_notetype(db, row.id);
      if (!nt) continue;
      rendering::Notetype view = rendering_view(*nt);
      out.emplace(row.id.v, LoadedNotetype{std::move(*nt), std::move(view)});
    } catch (const std::exception&) {
      // undecodable blob: reported by invariant 5
    }
  }
  return out;
}

}  // namespace ankc::native::dbcheck
