#include "backends/native/storage/schema/schema.h"

#include <initializer_list>
#include <string>
#include <string_view>

#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {

// One statement per entry, text as Anki stores it in sqlite_master.
constexpr const char* kSchema18[] = {
    "CREATE TABLE col (\n"
    "  id integer PRIMARY KEY,\n"
    "  crt integer NOT NULL,\n"
    "  mod integer NOT NULL,\n"
    "  scm integer NOT NULL,\n"
    "  ver integer NOT NULL,\n"
    "  dty integer NOT NULL,\n"
    "  usn integer NOT NULL,\n"
    "  ls integer NOT NULL,\n"
    "  conf text NOT NULL,\n"
    "  models text NOT NULL,\n"
    "  decks text NOT NULL,\n"
    "  dconf text NOT NULL,\n"
    "  tags text NOT NULL\n"
    ")",
    "CREATE TABLE notes (\n"
    "  id integer PRIMARY KEY,\n"
    "  guid text NOT NULL,\n"
    "  mid integer NOT NULL,\n"
    "  mod integer NOT NULL,\n"
    "  usn integer NOT NULL,\n"
    "  tags text NOT NULL,\n"
    "  flds text NOT NULL,\n"
    "  -- The use of type integer for sfld is deliberate, because it means that integer values in this\n"
    "  -- field will sort numerically.\n"
    "  sfld integer NOT NULL,\n"
    "  csum integer NOT NULL,\n"
    "  flags integer NOT NULL,\n"
    "  data text NOT NULL\n"
    ")",
    "CREATE TABLE cards (\n"
    "  id integer PRIMARY KEY,\n"
    "  nid integer NOT NULL,\n"
    "  did integer NOT NULL,\n"
    "  ord integer NOT NULL,\n"
    "  mod integer NOT NULL,\n"
    "  usn integer NOT NULL,\n"
    "  type integer NOT NULL,\n"
    "  queue integer NOT NULL,\n"
    "  due integer NOT NULL,\n"
    "  ivl integer NOT NULL,\n"
    "  factor integer NOT NULL,\n"
    "  reps integer NOT NULL,\n"
    "  lapses integer NOT NULL,\n"
    "  left integer NOT NULL,\n"
    "  odue integer NOT NULL,\n"
    "  odid integer NOT NULL,\n"
    "  flags integer NOT NULL,\n"
    "  data text NOT NULL\n"
    ")",
    "CREATE TABLE revlog (\n"
    "  id integer PRIMARY KEY,\n"
    "  cid integer NOT NULL,\n"
    "  usn integer NOT NULL,\n"
    "  ease integer NOT NULL,\n"
    "  ivl integer NOT NULL,\n"
    "  lastIvl integer NOT NULL,\n"
    "  factor integer NOT NULL,\n"
    "  time integer NOT NULL,\n"
    "  type integer NOT NULL\n"
    ")",
    "CREATE INDEX ix_notes_usn ON notes (usn)",
    "CREATE INDEX ix_cards_usn ON cards (usn)",
    "CREATE INDEX ix_revlog_usn ON revlog (usn)",
    "CREATE INDEX ix_cards_nid ON cards (nid)",
    "CREATE INDEX ix_cards_sched ON cards (did, queue, due)",
    "CREATE INDEX ix_revlog_cid ON revlog (cid)",
    "CREATE INDEX ix_notes_csum ON notes (csum)",
    "CREATE TABLE deck_config (\n"
    "  id integer PRIMARY KEY NOT NULL,\n"
    "  name text NOT NULL COLLATE unicase,\n"
    "  mtime_secs integer NOT NULL,\n"
    "  usn integer NOT NULL,\n"
    "  config blob NOT NULL\n"
    ")",
    "CREATE TABLE config (\n"
    "  KEY text NOT NULL PRIMARY KEY,\n"
    "  usn integer NOT NULL,\n"
    "  mtime_secs integer NOT NULL,\n"
    "  val blob NOT NULL\n"
    ") without rowid",
    "CREATE TABLE fields (\n"
    "  ntid integer NOT NULL,\n"
    "  ord integer NOT NULL,\n"
    "  name text NOT NULL COLLATE unicase,\n"
    "  config blob NOT NULL,\n"
    "  PRIMARY KEY (ntid, ord)\n"
    ") without rowid",
    "CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid)",
    "CREATE TABLE templates (\n"
    "  ntid integer NOT NULL,\n"
    "  ord integer NOT NULL,\n"
    "  name text NOT NULL COLLATE unicase,\n"
    "  mtime_secs integer NOT NULL,\n"
    "  usn integer NOT NULL,\n"
    "  config blob NOT NULL,\n"
    "  PRIMARY KEY (ntid, ord)\n"
    ") without rowid",
    "CREATE UNIQUE INDEX idx_templates_name_ntid ON templates (name, ntid)",
    "CREATE INDEX idx_templates_usn ON templates (usn)",
    "CREATE TABLE notetypes (\n"
    "  id integer NOT NULL PRIMARY KEY,\n"
    "  name text NOT NULL COLLATE unicase,\n"
    "  mtime_secs integer NOT NULL,\n"
    "  usn integer NOT NULL,\n"
    "  config blob NOT NULL\n"
    ")",
    "CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name)",
    "CREATE INDEX idx_notetypes_usn ON notetypes (usn)",
    "CREATE TABLE decks (\n"
    "  id integer PRIMARY KEY NOT NULL,\n"
    "  name text NOT NULL COLLATE unicase,\n"
    "  mtime_secs integer NOT NULL,\n"
    "  usn integer NOT NULL,\n"
    "  common blob NOT NULL,\n"
    "  kind blob NOT NULL\n"
    ")",
    "CREATE UNIQUE INDEX idx_decks_name ON decks (name)",
    "CREATE INDEX idx_notes_mid ON notes (mid)",
    "CREATE INDEX idx_cards_odid ON cards (odid)\n"
    "WHERE odid != 0",
    "CREATE TABLE tags (\n"
    "  tag text NOT NULL PRIMARY KEY COLLATE unicase,\n"
    "  usn integer NOT NULL,\n"
    "  collapsed boolean NOT NULL,\n"
    "  config blob NULL\n"
    ") without rowid",
    "CREATE TABLE graves (\n"
    "  oid integer NOT NULL,\n"
    "  type integer NOT NULL,\n"
    "  usn integer NOT NULL,\n"
    "  PRIMARY KEY (oid, type)\n"
    ") WITHOUT ROWID",
    "CREATE INDEX idx_graves_pending ON graves (usn)",
};

constexpr const char* kInsertCol =
    "INSERT INTO col (id, crt, mod, scm, ver, dty, usn, ls, conf, models, decks, dconf, tags)"
    " VALUES (1, ?, 0, ?, 18, 0, 0, 0, '', '', '', '', '')";

}  // namespace

void create_schema_18(Db& db) {
  for (const char* statement : kSchema18) {
    db.exec(statement);
    // Anki's schema-15 upgrade runs ANALYZE at this point, so sqlite_stat1 sits here in sqlite_master.
    if (std::string_view(statement).find("idx_cards_odid") != std::string_view::npos) db.exec("ANALYZE");
  }
}

void create_schema_objects(Db& db, std::initializer_list<std::string_view> names) {
  for (const char* statement : kSchema18) {
    std::string_view text(statement);
    for (std::string_view name : names) {
      std::string table = "TABLE " + std::string(name) + " (";
      std::string index = " " + std::string(name) + " ON ";
      if (text.find(table) != std::string_view::npos || text.find(index) != std::string_view::npos) {
        db.exec(statement);
        break;
      }
    }
  }
}

void create_missing_indexes(Db& db) {
  for (const char* statement : kSchema18) {
    std::string text(statement);
    for (std::string_view create : {"CREATE INDEX ", "CREATE UNIQUE INDEX "})
      if (text.rfind(create, 0) == 0) {
        // SQLite stores the statement without "IF NOT EXISTS", so sqlite_master matches §2.1.
        text.insert(create.size(), "IF NOT EXISTS ");
        db.exec(text);
        break;
      }
  }
}

void upgrade_rebuild_tags(Db& db) {
  db.exec("ALTER TABLE tags RENAME TO tags_old");
  create_schema_objects(db, {"tags"});
  db.exec("INSERT OR IGNORE INTO tags (tag, usn, collapsed, config) SELECT tag, usn, 0, NULL FROM tags_old");
  db.exec("DROP TABLE tags_old");
}

void upgrade_rebuild_graves(Db& db) {
  db.exec("ALTER TABLE graves RENAME TO graves_old");
  create_schema_objects(db, {"graves", "idx_graves_pending"});
  db.exec("INSERT OR IGNORE INTO graves (oid, type, usn) SELECT oid, type, usn FROM graves_old");
  db.exec("DROP TABLE graves_old");
}

void set_schema_version(Db& db, int ver) { db.query("UPDATE col SET ver = ?").int64(1, ver).run(); }

void clear_legacy_json_columns(Db& db) {
  db.exec("UPDATE col SET conf = '', models = '', decks = '', dconf = '', tags = ''");
}

std::string get_legacy_json_column(Db& db, std::string_view column) {
  auto q = db.query_uncached("SELECT " + std::string(column) + " FROM col");
  return q.next() ? q.col_text(0) : std::string();
}

void insert_new_col_row(Db& db, TimestampSecs crt, TimestampMillis scm) {
  db.query(kInsertCol).int64(1, crt.v).int64(2, scm.v).run();
}

}  // namespace ankc::native::storage
