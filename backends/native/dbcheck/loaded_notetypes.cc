#include "backends/native/dbcheck/loaded_notetypes.h"

#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/cards/render_input.h"
#include "backends/native/storage/notetypes/notetypes.h"

namespace ankc::native::dbcheck {

std::map<int64_t, LoadedNotetype> load_all_notetypes(storage::Db& db) {
  std::map<int64_t, LoadedNotetype> out;
  for (const auto& row : storage::all_notetypes(db)) {
    try {
      std::optional<Notetype> nt = load_notetype(db, row.id);
      if (!nt) continue;
      rendering::Notetype view = to_render_notetype(*nt);
      out.emplace(row.id.v, LoadedNotetype{std::move(*nt), std::move(view)});
    } catch (const std::exception&) {
      // undecodable blob: reported by invariant 5
    }
  }
  return out;
}

}  // namespace ankc::native::dbcheck
