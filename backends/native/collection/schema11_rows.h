// Legacy (schema 11) notetype dicts to the schema-18 rows that store them: the conversion the 11→18
// upgrade applies to col.models, also used by sync, where notetypes travel as schema-11 JSON
// (sync-protocol.md §4.4). Unknown keys are kept in the protobuf `other` fields.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "backends/native/storage/notetypes/notetypes.h"

namespace ankc::native {

struct NotetypeRows {
  storage::NotetypeRow notetype;
  std::vector<storage::FieldRow> fields;       // in `flds` order
  std::vector<storage::TemplateRow> templates; // in `tmpls` order
};

// Lenient as serde's defaults: missing keys take Anki's defaults.
NotetypeRows notetype_rows_from_schema11(const boost::json::object& model);

}  // namespace ankc::native
