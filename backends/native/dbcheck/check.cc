#include "backends/native/dbcheck/check.h"

#include <boost/json/parse.hpp>
#include <chrono>

#include "backends/native/proto/deck.pb.h"
#include "backends/native/proto/deck_config.pb.h"
#include "backends/native/proto/notetype_config.pb.h"
#include "backends/native/storage/db.h"

namespace ankc::native {
namespace {

// Collects violations; each SQL check yields offending rows described by its first column.
class Checker {
 public:
  Checker(storage::Db& db, std::vector<Violation>& out) : db_(db), out_(out) {}

  void add(int invariant, bool error, const std::string& message) { out_.push_back({invariant, error, message}); }

  // Runs sql; every row is a violation "<what>: <col0>".
  void rows(int invariant, bool error, const std::string& what, const std::string& sql) {
    auto q = db_.query_uncached(sql);
    int shown = 0;
    while (q.next()) {
      if (++shown > 20) {
        add(invariant, error, what + ": (more rows)");
        break;
      }
      add(invariant, error, what + ": " + q.col_text(0));
    }
  }

  int64_t scalar(const std::string& sql) {
    auto q = db_.query_uncached(sql);
    return q.next() ? q.col_int64(0) : 0;
  }

  // Every blob of column decodes as M (invariant 5) and is a BLOB (invariant 4).
  template <typename M>
  void blobs(const std::string& table, const std::string& column, const std::string& key) {
    auto q = db_.query_uncached("SELECT " + key + ", typeof(" + column + "), " + column + " FROM " + table);
    while (q.next()) {
      std::string id = q.col_text(0);
      if (q.col_text(1) != "blob") add(4, true, table + "." + column + " of " + id + " is not a BLOB");
      M m;
      if (!m.ParseFromString(q.col_blob(2))) add(5, true, table + "." + column + " of " + id + " does not decode");
    }
  }

 private:
  storage::Db& db_;
  std::vector<Violation>& out_;
};

const char* const kTables[] = {"col", "notes", "cards", "revlog", "deck_config", "config", "fields",
                               "templates", "notetypes", "decks", "tags", "graves"};
const char* const kIndexes[] = {"ix_notes_usn", "ix_cards_usn", "ix_revlog_usn", "ix_cards_nid", "ix_cards_sched",
                                "ix_revlog_cid", "ix_notes_csum", "idx_fields_name_ntid", "idx_templates_name_ntid",
                                "idx_templates_usn", "idx_notetypes_name", "idx_notetypes_usn", "idx_decks_name",
                                "idx_notes_mid", "idx_cards_odid", "idx_graves_pending"};

}  // namespace

std::string Violation::line() const {
  return std::to_string(invariant) + (error ? " error: " : " warning: ") + message;
}

std::vector<Violation> check_collection(storage::Db& db, TimestampMillis now) {
  std::vector<Violation> out;
  Checker c(db, out);
  // 1. container
  {
    auto q = db.query_uncached("PRAGMA integrity_check");
    while (q.next())
      if (q.col_text(0) != "ok") c.add(1, true, "integrity_check: " + q.col_text(0));
  }
  if (c.scalar("PRAGMA page_size") != 4096) c.add(1, true, "page size is not 4096");
  // 2. schema
  for (const char* t : kTables)
    if (c.scalar(std::string("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '") + t + "'") != 1)
      c.add(2, true, std::string("missing table ") + t);
  for (const char* i : kIndexes)
    if (c.scalar(std::string("SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = '") + i + "'") != 1)
      c.add(2, true, std::string("missing index ") + i);
  if (!out.empty() && out.back().invariant == 2) return out;  // the rest needs the schema
  if (c.scalar("SELECT count(*) FROM col") != 1) c.add(3, true, "col must have exactly one row");
  c.rows(2, true, "col.ver is not 18", "SELECT ver FROM col WHERE ver != 18");
  // 3. col row
  c.rows(3, true, "col row id is not 1", "SELECT id FROM col WHERE id != 1");
  c.rows(3, false, "legacy JSON columns of col are not empty",
         "SELECT id FROM col WHERE conf != '' OR models != '' OR decks != '' OR dconf != '' OR tags != ''");
  c.rows(3, false, "col.dty is not 0", "SELECT dty FROM col WHERE dty != 0");
  c.rows(3, false, "col.crt is in the future", "SELECT crt FROM col WHERE crt > " + std::to_string(now.v / 1000 + 86400));
  // 4/5. storage classes and blobs
  c.blobs<pb::NotetypeConfig>("notetypes", "config", "id");
  c.blobs<pb::FieldConfig>("fields", "config", "ntid || ':' || ord");
  c.blobs<pb::TemplateConfig>("templates", "config", "ntid || ':' || ord");
  c.blobs<pb::DeckCommon>("decks", "common", "id");
  c.blobs<pb::DeckKindContainer>("decks", "kind", "id");
  c.blobs<pb::DeckConfigConfig>("deck_config", "config", "id");
  {
    auto q = db.query_uncached("SELECT id, kind FROM decks");
    while (q.next()) {
      pb::DeckKindContainer k;
      if (k.ParseFromString(q.col_blob(1)) && k.kind_case() == pb::DeckKindContainer::KIND_NOT_SET)
        c.add(5, true, "deck " + q.col_text(0) + " has no kind");
    }
  }
  {
    auto q = db.query_uncached("SELECT KEY, typeof(val), val FROM config");
    while (q.next()) {
      if (q.col_text(1) != "blob") c.add(4, true, "config." + q.col_text(0) + " is not a BLOB");
      boost::system::error_code ec;
      boost::json::parse(q.col_blob(2), ec);
      if (ec) c.add(5, true, "config." + q.col_text(0) + " is not valid JSON");
    }
  }
  c.rows(4, true, "notes with non-text columns",
         "SELECT id FROM notes WHERE typeof(flds) != 'text' OR typeof(tags) != 'text' OR typeof(guid) != 'text'"
         " OR typeof(mod) != 'integer' OR typeof(usn) != 'integer' OR typeof(csum) != 'integer'");
  c.rows(4, true, "cards with non-integer columns",
         "SELECT id FROM cards WHERE typeof(due) != 'integer' OR typeof(ivl) != 'integer' OR typeof(mod) != 'integer'"
         " OR typeof(odue) != 'integer' OR typeof(data) != 'text'");
  // 6. defaults
  if (c.scalar("SELECT count(*) FROM decks WHERE id = 1") != 1) c.add(6, true, "deck 1 is missing");
  if (c.scalar("SELECT count(*) FROM deck_config WHERE id = 1") != 1) c.add(6, true, "preset 1 is missing");
  if (c.scalar("SELECT count(*) FROM notetypes") < 1) c.add(6, true, "no notetype");
  // 9. notetype structure
  c.rows(9, true, "notetype without fields", "SELECT id FROM notetypes WHERE id NOT IN (SELECT ntid FROM fields)");
  c.rows(9, true, "notetype without templates", "SELECT id FROM notetypes WHERE id NOT IN (SELECT ntid FROM templates)");
  c.rows(9, true, "field ords not contiguous",
         "SELECT ntid FROM fields GROUP BY ntid HAVING max(ord) + 1 != count(*) OR min(ord) != 0");
  c.rows(9, true, "template ords not contiguous",
         "SELECT ntid FROM templates GROUP BY ntid HAVING max(ord) + 1 != count(*) OR min(ord) != 0");
  // 12. note -> notetype
  c.rows(12, true, "note with a missing notetype", "SELECT id FROM notes WHERE mid NOT IN (SELECT id FROM notetypes)");
  c.rows(12, true, "note field count differs from its notetype",
         "SELECT n.id FROM notes n WHERE length(n.flds) - length(replace(n.flds, char(31), '')) + 1 !="
         " (SELECT count(*) FROM fields f WHERE f.ntid = n.mid)");
  // 15. guid
  c.rows(15, true, "empty guid", "SELECT id FROM notes WHERE guid = ''");
  c.rows(15, true, "duplicate guid", "SELECT guid FROM notes GROUP BY guid HAVING count(*) > 1");
  // 17. note bookkeeping
  c.rows(17, false, "note flags/data not 0/''", "SELECT id FROM notes WHERE flags != 0 OR data != ''");
  // 18. card -> note
  c.rows(18, true, "card whose note is missing", "SELECT id FROM cards WHERE nid NOT IN (SELECT id FROM notes)");
  c.rows(18, true, "note without cards", "SELECT id FROM notes WHERE id NOT IN (SELECT nid FROM cards)");
  // 19. ordinals
  c.rows(19, true, "duplicate (nid, ord)", "SELECT nid FROM cards GROUP BY nid, ord HAVING count(*) > 1");
  // 20. card -> deck
  c.rows(20, true, "card in a missing deck", "SELECT id FROM cards WHERE did NOT IN (SELECT id FROM decks)");
  c.rows(20, true, "odue set without odid", "SELECT id FROM cards WHERE odid = 0 AND odue != 0");
  c.rows(20, true, "odid names a missing deck",
         "SELECT id FROM cards WHERE odid != 0 AND odid NOT IN (SELECT id FROM decks)");
  // 21. card values
  c.rows(21, true, "card type/queue out of range",
         "SELECT id FROM cards WHERE type NOT BETWEEN 0 AND 3 OR queue NOT BETWEEN -3 AND 4");
  c.rows(21, true, "new card due out of range", "SELECT id FROM cards WHERE type = 0 AND queue >= 0 AND (due < 0 OR due >= 1000000)");
  c.rows(21, true, "negative ivl or ord > 30000", "SELECT id FROM cards WHERE ivl < 0 OR ord > 30000 OR ord < 0");
  // 22. ids
  std::string limit = std::to_string(now.v + 86400000LL);
  for (const char* t : {"notes", "cards", "revlog", "notetypes", "decks", "deck_config"})
    c.rows(22, true, std::string("id in the future or not positive in ") + t,
           std::string("SELECT id FROM ") + t + " WHERE id <= 0 OR id > " + limit);
  // 23. config
  for (const char* key : {"curDeck", "curModel", "nextPos", "schedVer", "sched2021", "activeDecks", "creationOffset"})
    if (c.scalar(std::string("SELECT count(*) FROM config WHERE KEY = '") + key + "'") != 1)
      c.add(23, false, std::string("config key missing: ") + key);
  c.rows(23, false, "curDeck names no deck",
         "SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'curDeck' AND CAST(CAST(val AS TEXT) AS INTEGER) NOT IN (SELECT id FROM decks)");
  c.rows(23, false, "curModel names no notetype",
         "SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'curModel' AND CAST(CAST(val AS TEXT) AS INTEGER) NOT IN (SELECT id FROM notetypes)");
  c.rows(23, false, "schedVer is not 2", "SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'schedVer' AND CAST(val AS TEXT) != '2'");
  c.rows(23, false, "nextPos not above every new card's due",
         "SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'nextPos' AND CAST(CAST(val AS TEXT) AS INTEGER) <="
         " (SELECT coalesce(max(due), 0) FROM cards WHERE type = 0)");
  // 24. sync bookkeeping (client)
  for (const char* t : {"notes", "cards", "revlog", "graves", "notetypes", "decks", "deck_config", "tags"})
    c.rows(24, false, std::string("usn above col.usn in ") + t,
           std::string("SELECT usn FROM ") + t + " WHERE usn > (SELECT usn FROM col) LIMIT 1");
  c.rows(24, true, "pending notes newer than col.mod",
         "SELECT id FROM notes WHERE usn = -1 AND mod * 1000 > (SELECT mod FROM col) + 999");
  // 25. graves and revlog
  c.rows(25, false, "grave of unknown type", "SELECT oid FROM graves WHERE type NOT IN (0, 1, 2)");
  c.rows(25, false, "grave for an existing card", "SELECT oid FROM graves WHERE type = 0 AND oid IN (SELECT id FROM cards)");
  c.rows(25, false, "grave for an existing note", "SELECT oid FROM graves WHERE type = 1 AND oid IN (SELECT id FROM notes)");
  c.rows(25, false, "grave for an existing deck", "SELECT oid FROM graves WHERE type = 2 AND oid IN (SELECT id FROM decks)");
  c.rows(25, false, "revlog ease/type out of range", "SELECT id FROM revlog WHERE ease NOT BETWEEN 0 AND 4 OR type NOT BETWEEN 0 AND 5");
  return out;
}

std::vector<Violation> check_collection_file(const std::filesystem::path& path) {
  bool leftover_wal = std::filesystem::exists(path.string() + "-wal");
  auto db = storage::Db::open(path, false);
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  auto out = check_collection(*db, TimestampMillis{now.count()});
  db->close();
  if (leftover_wal)
    out.push_back({1, true, "a -wal file is left next to the collection"});
  return out;
}

}  // namespace ankc::native
