#include "backends/native/storage/packages/legacy_schema.h"

#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kRebuildGraves =
    "CREATE TABLE graves_legacy (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);"
    "INSERT INTO graves_legacy (usn, oid, type) SELECT usn, oid, type FROM graves;"
    "DROP TABLE graves;"
    "ALTER TABLE graves_legacy RENAME TO graves;";
constexpr const char* kSetCol =
    "UPDATE col SET conf = ?1, models = ?2, decks = ?3, dconf = ?4, tags = ?5, ver = 11";
constexpr const char* kDrop =
    "DROP TABLE IF EXISTS config; DROP TABLE IF EXISTS deck_config; DROP TABLE IF EXISTS tags;"
    "DROP TABLE IF EXISTS fields; DROP TABLE IF EXISTS templates; DROP TABLE IF EXISTS notetypes;"
    "DROP TABLE IF EXISTS decks; DROP INDEX IF EXISTS idx_cards_odid; DROP INDEX IF EXISTS idx_notes_mid;";
}  // namespace

void rebuild_legacy_graves(Db& db) { db.exec(kRebuildGraves); }

void set_legacy_col_json(Db& db, std::string_view conf, std::string_view models, std::string_view decks,
                         std::string_view dconf, std::string_view tags) {
  db.query_uncached(kSetCol).text(1, conf).text(2, models).text(3, decks).text(4, dconf).text(5, tags).run();
}

void drop_modern_tables(Db& db) { db.exec(kDrop); }

void use_delete_journal(Db& db) { db.exec("PRAGMA journal_mode = DELETE"); }

}  // namespace ankc::native::storage
