// The legacy (schema 11) notetype dict (collection-format.md §6.1–§6.3; api spec §3): what
// findModelsById/ByName and createModel return. Exact key order, `did` null when unset,
// `originalStockKind`/`originalId` omitted when 0/unset, unknown keys appended in stored order.
#pragma once

#include <boost/json/object.hpp>

#include "backends/native/notetypes/notetype.h"

namespace ankc::native {

// The whole notetype as Anki's `models.get(id)` dict.
boost::json::object notetype_to_schema11(const Notetype& nt);

// One element of `flds`.
boost::json::object field_to_schema11(const NoteField& field);

// One element of `tmpls`.
boost::json::object template_to_schema11(const CardTemplate& tmpl);

}  // namespace ankc::native
