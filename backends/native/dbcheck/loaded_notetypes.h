// The collection's note types, loaded once per check (there are few) and viewed the way the
// rendering code wants them. Note types whose blobs do not decode are left out (invariant 5 reports
// them).
#pragma once

#include <map>

#include "backends/native/notetypes/notetype.h"
#include "backends/native/rendering/card_render.h"
#include "backends/native/storage/db.h"

namespace ankc::native::dbcheck {

struct LoadedNotetype {
  Notetype nt;
  rendering::Notetype view;  // names, kind and templates for cardgen
};

std::map<int64_t, LoadedNotetype> load_all_notetypes(storage::Db& db);

}  // namespace ankc::native::dbcheck
