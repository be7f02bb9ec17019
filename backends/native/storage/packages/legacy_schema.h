// The SQL of the downgrade to schema 11 (collection-format.md §9.3) that legacy package exports run
// on their temporary collection: the legacy graves table, the JSON columns of `col`, dropping the
// schema-18 tables and indexes, and the DELETE journal mode.
#pragma once

#include <string_view>

namespace ankc::native::storage {
class Db;

// Rebuilds `graves` as (usn, oid, type) without a key, keeping the rows.
void rebuild_legacy_graves(Db& db);
// Writes the legacy JSON columns of the col row and sets ver = 11.
void set_legacy_col_json(Db& db, std::string_view conf, std::string_view models, std::string_view decks,
                         std::string_view dconf, std::string_view tags);
// Drops config, deck_config, tags, fields, templates, notetypes, decks and the schema-18 indexes.
void drop_modern_tables(Db& db);
// PRAGMA journal_mode = DELETE.
void use_delete_journal(Db& db);

}  // namespace ankc::native::storage
