#include "backends/native/storage/dbcheck/invariant_sql.h"

#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {

constexpr std::string_view kTables[] = {"col", "notes", "cards", "revlog", "deck_config", "config", "fields",
                                        "templates", "notetypes", "decks", "tags", "graves"};
constexpr std::string_view kIndexes[] = {
    "ix_notes_usn", "ix_cards_usn", "ix_revlog_usn", "ix_cards_nid", "ix_cards_sched", "ix_revlog_cid",
    "ix_notes_csum", "idx_fields_name_ntid", "idx_templates_name_ntid", "idx_templates_usn",
    "idx_notetypes_name", "idx_notetypes_usn", "idx_decks_name", "idx_notes_mid", "idx_cards_odid",
    "idx_graves_pending"};

constexpr RowCheck kRowChecks[] = {
    {2, true, "col.ver is not 18", "SELECT ver FROM col WHERE ver != 18"},
    {3, true, "col must have exactly one row", "SELECT count(*) FROM col HAVING count(*) != 1"},
    {3, true, "col row id is not 1", "SELECT id FROM col WHERE id != 1"},
    {3, false, "legacy JSON columns of col are not empty",
     "SELECT id FROM col WHERE conf != '' OR models != '' OR decks != '' OR dconf != '' OR tags != ''"},
    {3, false, "col.dty is not 0", "SELECT dty FROM col WHERE dty != 0"},
    {3, false, "col.crt is in the future", "SELECT crt FROM col WHERE crt > ?1 / 1000 + 86400", true},
    {4, true, "notes with non-text columns",
     "SELECT id FROM notes WHERE typeof(flds) != 'text' OR typeof(tags) != 'text' OR typeof(guid) != 'text'"
     " OR typeof(mod) != 'integer' OR typeof(usn) != 'integer' OR typeof(csum) != 'integer'"},
    {4, true, "cards with non-integer columns",
     "SELECT id FROM cards WHERE typeof(due) != 'integer' OR typeof(ivl) != 'integer' OR typeof(mod) != 'integer'"
     " OR typeof(odue) != 'integer' OR typeof(data) != 'text'"},
    {6, true, "deck 1 is missing", "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM decks WHERE id = 1)"},
    {6, true, "preset 1 is missing", "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM deck_config WHERE id = 1)"},
    {6, true, "no notetype", "SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM notetypes)"},
    {9, true, "notetype without fields", "SELECT id FROM notetypes WHERE id NOT IN (SELECT ntid FROM fields)"},
    {9, true, "notetype without templates", "SELECT id FROM notetypes WHERE id NOT IN (SELECT ntid FROM templates)"},
    {9, true, "field ords not contiguous",
     "SELECT ntid FROM fields GROUP BY ntid HAVING max(ord) + 1 != count(*) OR min(ord) != 0"},
    {9, true, "template ords not contiguous",
     "SELECT ntid FROM templates GROUP BY ntid HAVING max(ord) + 1 != count(*) OR min(ord) != 0"},
    {12, true, "note with a missing notetype", "SELECT id FROM notes WHERE mid NOT IN (SELECT id FROM notetypes)"},
    {12, true, "note field count differs from its notetype",
     "SELECT n.id FROM notes n WHERE length(n.flds) - length(replace(n.flds, char(31), '')) + 1 !="
     " (SELECT count(*) FROM fields f WHERE f.ntid = n.mid) AND n.mid IN (SELECT id FROM notetypes)"},
    {15, true, "empty guid", "SELECT id FROM notes WHERE guid = ''"},
    {15, true, "duplicate guid", "SELECT guid FROM notes GROUP BY guid HAVING count(*) > 1"},
    {17, false, "note flags/data not 0/''", "SELECT id FROM notes WHERE flags != 0 OR data != ''"},
    {17, false, "note mod in the future or not in seconds", "SELECT id FROM notes WHERE mod > ?1 / 1000 + 86400", true},
    {18, true, "card whose note is missing", "SELECT id FROM cards WHERE nid NOT IN (SELECT id FROM notes)"},
    {18, true, "note without cards", "SELECT id FROM notes WHERE id NOT IN (SELECT nid FROM cards)"},
    {19, true, "duplicate (nid, ord)", "SELECT nid FROM cards GROUP BY nid, ord HAVING count(*) > 1"},
    {20, true, "card in a missing deck", "SELECT id FROM cards WHERE did NOT IN (SELECT id FROM decks)"},
    {20, true, "odue set without odid", "SELECT id FROM cards WHERE odid = 0 AND odue != 0"},
    {20, true, "odid names a missing deck",
     "SELECT id FROM cards WHERE odid != 0 AND odid NOT IN (SELECT id FROM decks)"},
    {21, true, "card type/queue out of range",
     "SELECT id FROM cards WHERE type NOT BETWEEN 0 AND 3 OR queue NOT BETWEEN -3 AND 4"},
    {21, true, "card type/queue not a legal pair",
     "SELECT id FROM cards WHERE queue >= 0 AND NOT ("
     " (type = 0 AND queue = 0) OR (type IN (1, 3) AND queue IN (1, 3)) OR (type = 2 AND queue = 2)"
     " OR (queue = 4 AND odid != 0))"},
    {21, true, "new card due out of range",
     "SELECT id FROM cards WHERE type = 0 AND queue >= 0 AND (due < 0 OR due >= 1000000)"},
    {21, true, "review card due above 100000", "SELECT id FROM cards WHERE queue = 2 AND due > 100000"},
    {21, true, "negative ivl or ord out of range", "SELECT id FROM cards WHERE ivl < 0 OR ord > 30000 OR ord < 0"},
    {22, true, "id in the future or not positive in notes", "SELECT id FROM notes WHERE id <= 0 OR id > ?1 + 86400000", true},
    {22, true, "id in the future or not positive in cards", "SELECT id FROM cards WHERE id <= 0 OR id > ?1 + 86400000", true},
    {22, true, "id in the future or not positive in revlog", "SELECT id FROM revlog WHERE id <= 0 OR id > ?1 + 86400000", true},
    {22, true, "id in the future or not positive in notetypes",
     "SELECT id FROM notetypes WHERE id <= 0 OR id > ?1 + 86400000", true},
    {22, true, "id in the future or not positive in decks", "SELECT id FROM decks WHERE id <= 0 OR id > ?1 + 86400000", true},
    {22, true, "id in the future or not positive in deck_config",
     "SELECT id FROM deck_config WHERE id <= 0 OR id > ?1 + 86400000", true},
    // Older Anki stored curModel as a JSON string ("123"), newer as a number: both are accepted.
    {23, false, "curDeck names no deck",
     "SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'curDeck' AND"
     " CAST(trim(CAST(val AS TEXT), '\"') AS INTEGER) NOT IN (SELECT id FROM decks)"},
    {23, false, "curModel names no notetype",
     "SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'curModel' AND"
     " CAST(trim(CAST(val AS TEXT), '\"') AS INTEGER) NOT IN (SELECT id FROM notetypes)"},
    {23, false, "schedVer is not 2",
     "SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'schedVer' AND CAST(val AS TEXT) != '2'"},
    {23, false, "nextPos not above every new card's due",
     "SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'nextPos' AND CAST(CAST(val AS TEXT) AS INTEGER) <="
     " (SELECT max(due) FROM cards WHERE type = 0)"},  // Check Database leaves 0 when there are no new cards
    {24, false, "usn above col.usn in notes", "SELECT usn FROM notes WHERE usn > (SELECT usn FROM col) LIMIT 1"},
    {24, false, "usn above col.usn in cards", "SELECT usn FROM cards WHERE usn > (SELECT usn FROM col) LIMIT 1"},
    {24, false, "usn above col.usn in revlog", "SELECT usn FROM revlog WHERE usn > (SELECT usn FROM col) LIMIT 1"},
    {24, false, "usn above col.usn in graves", "SELECT usn FROM graves WHERE usn > (SELECT usn FROM col) LIMIT 1"},
    {24, false, "usn above col.usn in notetypes",
     "SELECT usn FROM notetypes WHERE usn > (SELECT usn FROM col) LIMIT 1"},
    {24, false, "usn above col.usn in decks", "SELECT usn FROM decks WHERE usn > (SELECT usn FROM col) LIMIT 1"},
    {24, false, "usn above col.usn in deck_config",
     "SELECT usn FROM deck_config WHERE usn > (SELECT usn FROM col) LIMIT 1"},
    {24, false, "usn above col.usn in tags", "SELECT usn FROM tags WHERE usn > (SELECT usn FROM col) LIMIT 1"},
    {24, true, "pending notes newer than col.mod",
     "SELECT id FROM notes WHERE usn = -1 AND mod * 1000 > (SELECT mod FROM col) + 999"},
    {25, false, "grave of unknown type", "SELECT oid FROM graves WHERE type NOT IN (0, 1, 2)"},
    {25, false, "grave for an existing card", "SELECT oid FROM graves WHERE type = 0 AND oid IN (SELECT id FROM cards)"},
    {25, false, "grave for an existing note", "SELECT oid FROM graves WHERE type = 1 AND oid IN (SELECT id FROM notes)"},
    {25, false, "grave for an existing deck", "SELECT oid FROM graves WHERE type = 2 AND oid IN (SELECT id FROM decks)"},
    {25, false, "revlog ease/type out of range",
     "SELECT id FROM revlog WHERE ease NOT BETWEEN 0 AND 4 OR type NOT BETWEEN 0 AND 5"},
};

constexpr std::string_view kSchemaObject = "SELECT count(*) FROM sqlite_master WHERE type = ? AND name = ?";
constexpr std::string_view kConfigKey = "SELECT count(*) FROM config WHERE KEY = ?";

}  // namespace

std::span<const RowCheck> row_checks() { return kRowChecks; }
std::span<const std::string_view> schema_tables() { return kTables; }
std::span<const std::string_view> schema_indexes() { return kIndexes; }

bool schema_object_exists(Db& db, std::string_view type, std::string_view name) {
  auto q = db.query(kSchemaObject);
  q.text(1, type).text(2, name);
  return q.next() && q.col_int64(0) == 1;
}

std::vector<std::string> integrity_problems(Db& db) {
  std::vector<std::string> out;
  auto q = db.query_uncached("PRAGMA integrity_check");
  while (q.next())
    if (q.col_text(0) != "ok") out.push_back(q.col_text(0));
  return out;
}

int64_t page_size(Db& db) {
  auto q = db.query_uncached("PRAGMA page_size");
  return q.next() ? q.col_int64(0) : 0;
}

bool config_key_exists(Db& db, std::string_view key) {
  auto q = db.query(kConfigKey);
  q.text(1, key);
  return q.next() && q.col_int64(0) == 1;
}

Query blob_column_scan(Db& db, std::string_view table, std::string_view column, std::string_view key_expr) {
  std::string sql = "SELECT " + std::string(key_expr) + ", typeof(" + std::string(column) + "), " +
                    std::string(column) + " FROM " + std::string(table);
  return db.query_uncached(sql);
}

}  // namespace ankc::native::storage
