// The downgrade of a schema-18 collection to schema 11 (collection-format.md §9.3) that legacy
// package exports apply to their temporary collection before zipping it: presets, decks, note types,
// config and tags become the JSON columns of `col`, the schema-18 tables go, journal mode DELETE.
#pragma once

namespace ankc::native {
namespace storage { class Db; }

// Downgrades db in place (outside any transaction). Afterwards only closing the Db is valid.
void downgrade_to_schema11(storage::Db& db);

}  // namespace ankc::native
