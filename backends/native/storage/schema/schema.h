// The schema-18 DDL (spec §2.1, in Anki's creation order) and the col row of a new collection.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

// Executes the §2.1 DDL on an empty database (inside the caller's transaction).
void create_schema_18(Db& db);
// Creates the §2.1 tables/indexes with the given names (e.g. {"deck_config", "config"}), in §2.1 order.
void create_schema_objects(Db& db, std::initializer_list<std::string_view> names);
// Creates whichever of the 16 §2.1 indexes are missing (CREATE INDEX IF NOT EXISTS, same DDL), e.g.
// in schema-11 files written without the ix_* indexes.
void create_missing_indexes(Db& db);
// Schema-17 step: re-creates `tags` with collapsed/config columns, keeping every tag.
void upgrade_rebuild_tags(Db& db);
// Schema-18 step: re-creates `graves` as (oid, type, usn) with its primary key (duplicates dropped).
void upgrade_rebuild_graves(Db& db);
// Sets col.ver.
void set_schema_version(Db& db, int ver);
// Empties col.conf/models/decks/dconf/tags (they stay '' in schema 18).
void clear_legacy_json_columns(Db& db);
// The text of one legacy JSON column of col ("conf", "models", "decks", "dconf", "tags").
std::string get_legacy_json_column(Db& db, std::string_view column);
// Inserts the col row (1, crt, 0, scm, 18, 0, 0, 0, '', '', '', '', '').
void insert_new_col_row(Db& db, TimestampSecs crt, TimestampMillis scm);

}  // namespace ankc::native::storage
