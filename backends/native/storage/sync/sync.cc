#include "backends/native/storage/sync/sync.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "backends/action_error.h"
#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {

namespace json = boost::json;

const char* table_name(SyncTable t) {
  switch (t) {
    case SyncTable::Revlog: return "revlog";
    case SyncTable::Cards: return "cards";
    case SyncTable::Notes: return "notes";
    case SyncTable::Notetypes: return "notetypes";
    case SyncTable::Decks: return "decks";
    case SyncTable::DeckConfigs: return "deck_config";
  }
  return "";
}

std::vector<int64_t> ids(Query q) {
  std::vector<int64_t> out;
  while (q.next()) out.push_back(q.col_int64(0));
  return out;
}

constexpr const char* kCardColumns =
    "id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data";
constexpr const char* kNoteColumns = "id, guid, mid, mod, usn, tags, flds, flags, data";
constexpr const char* kRevlogColumns = "id, cid, usn, ease, ivl, lastIvl, factor, time, type";

sync::Graves graves_where(Db& db, const char* sql, std::optional<int32_t> min_usn) {
  sync::Graves g;
  auto q = db.query(sql);
  if (min_usn) q.int64(1, *min_usn);
  while (q.next()) {
    int64_t oid = q.col_int64(0);
    switch (q.col_int64(1)) {
      case 0: g.cards.push_back(oid); break;
      case 1: g.notes.push_back(oid); break;
      case 2: g.decks.push_back(oid); break;
      default: break;
    }
  }
  return g;
}

std::vector<std::string> names(Query q) {
  std::vector<std::string> out;
  while (q.next()) out.push_back(q.col_text(0));
  return out;
}

int64_t count(Db& db, const char* sql) {
  auto q = db.query(sql);
  return q.next() ? q.col_int64(0) : 0;
}

}  // namespace

LocalMeta local_meta(Db& db) {
  auto q = db.query("SELECT mod, scm, ls, usn, NOT EXISTS (SELECT 1 FROM cards) FROM col");
  if (!q.next()) throw ActionError("collection has no col row");
  return {q.col_int64(0), q.col_int64(1), q.col_int64(2), static_cast<int32_t>(q.col_int64(3)),
          q.col_int64(4) != 0};
}

std::vector<int64_t> pending_ids(Db& db, SyncTable table) {
  return ids(db.query(std::string("SELECT id FROM ") + table_name(table) + " WHERE usn = -1 ORDER BY id"));
}

std::vector<int64_t> ids_since_usn(Db& db, SyncTable table, int32_t min_usn) {
  auto q = db.query(std::string("SELECT id FROM ") + table_name(table) + " WHERE usn >= ? ORDER BY id");
  q.int64(1, min_usn);
  return ids(std::move(q));
}

void set_usn(Db& db, SyncTable table, const std::vector<int64_t>& list, Usn usn) {
  std::string sql = std::string("UPDATE ") + table_name(table) + " SET usn = ? WHERE id = ?";
  for (int64_t id : list) db.query(sql).int64(1, usn.v).int64(2, id).run();
}

sync::Graves pending_graves(Db& db) {
  return graves_where(db, "SELECT oid, type FROM graves WHERE usn = -1 ORDER BY type, oid", std::nullopt);
}

void set_pending_graves_usn(Db& db, Usn usn) {
  db.query("UPDATE graves SET usn = ? WHERE usn = -1").int64(1, usn.v).run();
}

sync::Graves graves_since_usn(Db& db, int32_t min_usn) {
  return graves_where(db, "SELECT oid, type FROM graves WHERE usn >= ? ORDER BY type, oid", min_usn);
}

std::vector<std::string> pending_tags(Db& db) {
  return names(db.query("SELECT tag FROM tags WHERE usn = -1"));
}

std::vector<std::string> tags_since_usn(Db& db, int32_t min_usn) {
  auto q = db.query("SELECT tag FROM tags WHERE usn >= ?");
  q.int64(1, min_usn);
  return names(std::move(q));
}

void set_tags_usn(Db& db, const std::vector<std::string>& list, Usn usn) {
  for (const std::string& name : list)
    db.query("UPDATE tags SET usn = ? WHERE tag = ?").int64(1, usn.v).text(2, name).run();
}

std::optional<sync::RevlogEntry> get_revlog_entry(Db& db, int64_t id) {
  auto q = db.query(std::string("SELECT ") + kRevlogColumns + " FROM revlog WHERE id = ?");
  q.int64(1, id);
  if (!q.next()) return std::nullopt;
  sync::RevlogEntry e;
  e.id = q.col_int64(0);
  e.cid = q.col_int64(1);
  e.usn = static_cast<int32_t>(q.col_int64(2));
  e.ease = q.col_int64(3);
  e.ivl = q.col_int64(4);
  e.last_ivl = q.col_int64(5);
  e.factor = q.col_int64(6);
  e.time = q.col_int64(7);
  e.type = q.col_int64(8);
  return e;
}

std::optional<sync::CardEntry> get_card_entry(Db& db, int64_t id) {
  auto q = db.query(std::string("SELECT ") + kCardColumns + " FROM cards WHERE id = ?");
  q.int64(1, id);
  if (!q.next()) return std::nullopt;
  sync::CardEntry e;
  int64_t* ints[] = {&e.id, &e.nid, &e.did, &e.ord, &e.mod};
  for (int i = 0; i < 5; ++i) *ints[i] = q.col_int64(i);
  e.usn = static_cast<int32_t>(q.col_int64(5));
  int64_t* rest[] = {&e.type, &e.queue, &e.due, &e.ivl, &e.factor, &e.reps, &e.lapses, &e.left, &e.odue, &e.odid,
                     &e.flags};
  for (int i = 0; i < 11; ++i) *rest[i] = q.col_int64(6 + i);
  e.data = q.col_text(17);
  return e;
}

std::optional<sync::NoteEntry> get_note_entry(Db& db, int64_t id) {
  auto q = db.query(std::string("SELECT ") + kNoteColumns + " FROM notes WHERE id = ?");
  q.int64(1, id);
  if (!q.next()) return std::nullopt;
  sync::NoteEntry e;
  e.id = q.col_int64(0);
  e.guid = q.col_text(1);
  e.mid = q.col_int64(2);
  e.mod = q.col_int64(3);
  e.usn = static_cast<int32_t>(q.col_int64(4));
  e.tags = q.col_text(5);
  e.flds = q.col_text(6);
  e.flags = q.col_int64(7);
  e.data = q.col_text(8);
  return e;
}

std::optional<ModUsn> card_mod_usn(Db& db, int64_t id) {
  auto q = db.query("SELECT mod, usn FROM cards WHERE id = ?");
  q.int64(1, id);
  if (!q.next()) return std::nullopt;
  return ModUsn{q.col_int64(0), static_cast<int32_t>(q.col_int64(1))};
}

std::optional<ModUsn> note_mod_usn(Db& db, int64_t id) {
  auto q = db.query("SELECT mod, usn FROM notes WHERE id = ?");
  q.int64(1, id);
  if (!q.next()) return std::nullopt;
  return ModUsn{q.col_int64(0), static_cast<int32_t>(q.col_int64(1))};
}

void insert_revlog_entry_or_ignore(Db& db, const sync::RevlogEntry& e) {
  db.query(std::string("INSERT OR IGNORE INTO revlog (") + kRevlogColumns + ") VALUES (?,?,?,?,?,?,?,?,?)")
      .int64(1, e.id).int64(2, e.cid).int64(3, e.usn).int64(4, e.ease).int64(5, e.ivl).int64(6, e.last_ivl)
      .int64(7, e.factor).int64(8, e.time).int64(9, e.type).run();
}

void put_card_entry(Db& db, const sync::CardEntry& e) {
  auto q = db.query(std::string("INSERT OR REPLACE INTO cards (") + kCardColumns +
                    ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  int64_t values[] = {e.id, e.nid, e.did, e.ord, e.mod, e.usn, e.type, e.queue, e.due,
                      e.ivl, e.factor, e.reps, e.lapses, e.left, e.odue, e.odid, e.flags};
  for (int i = 0; i < 17; ++i) q.int64(i + 1, values[i]);
  q.text(18, e.data).run();
}

void put_note_entry(Db& db, const sync::NoteEntry& e, const std::string& sfld, uint32_t csum) {
  db.query("INSERT OR REPLACE INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?)")
      .int64(1, e.id).text(2, e.guid).int64(3, e.mid).int64(4, e.mod).int64(5, e.usn).text(6, e.tags)
      .text(7, e.flds).text(8, sfld).int64(9, csum).int64(10, e.flags).text(11, e.data).run();
}

void remove_card_row(Db& db, int64_t id) { db.query("DELETE FROM cards WHERE id = ?").int64(1, id).run(); }
void remove_note_row(Db& db, int64_t id) { db.query("DELETE FROM notes WHERE id = ?").int64(1, id).run(); }
void remove_deck_row(Db& db, int64_t id) { db.query("DELETE FROM decks WHERE id = ?").int64(1, id).run(); }

sync::SanityCounts sanity_counts(Db& db) {
  sync::SanityCounts c;
  c.cards = count(db, "SELECT count() FROM cards");
  c.notes = count(db, "SELECT count() FROM notes");
  c.revlog = count(db, "SELECT count() FROM revlog");
  c.graves = count(db, "SELECT count() FROM graves");
  c.notetypes = count(db, "SELECT count() FROM notetypes");
  c.decks = count(db, "SELECT count() FROM decks");
  c.deck_configs = count(db, "SELECT count() FROM deck_config");
  return c;
}

std::string table_with_pending_usn(Db& db) {
  for (const char* table : {"cards", "notes", "revlog", "graves", "decks", "deck_config", "tags", "notetypes"}) {
    if (count(db, (std::string("SELECT EXISTS (SELECT 1 FROM ") + table + " WHERE usn = -1)").c_str()) != 0)
      return table;
  }
  return "";
}

json::object config_for_sync(Db& db) {
  json::object conf;
  auto q = db.query("SELECT KEY, val FROM config ORDER BY KEY");
  while (q.next()) {
    boost::system::error_code ec;
    json::value v = json::parse(q.col_blob(1), ec);
    conf[q.col_text(0)] = ec ? json::value(nullptr) : std::move(v);
  }
  return conf;
}

void replace_config(Db& db, const json::object& conf, Usn usn, TimestampSecs mtime) {
  db.exec("DELETE FROM config");
  for (const auto& kv : conf)
    db.query("INSERT INTO config (KEY, usn, mtime_secs, val) VALUES (?, ?, ?, ?)")
        .text(1, kv.key()).int64(2, usn.v).int64(3, mtime.v).blob(4, json::serialize(kv.value())).run();
}

void set_all_config_usn(Db& db, Usn usn) { db.query("UPDATE config SET usn = ?").int64(1, usn.v).run(); }

void finish_col(Db& db, int64_t finished_ms, int32_t new_usn) {
  db.query("UPDATE col SET ls = ?, mod = ?, usn = ?").int64(1, finished_ms).int64(2, finished_ms).int64(3, new_usn).run();
}

void prepare_full_upload(Db& db, int64_t now_ms) {
  db.exec("DELETE FROM graves");
  for (const char* table : {"notes", "cards", "revlog"})
    db.exec(std::string("UPDATE ") + table + " SET usn = 0 WHERE usn = -1");
  for (const char* table : {"tags", "deck_config", "decks", "notetypes"})
    db.exec(std::string("UPDATE ") + table + " SET usn = 0 WHERE usn != 0");
  db.query("UPDATE col SET usn = usn + 1, scm = ?, ls = ?, mod = ?").int64(1, now_ms).int64(2, now_ms).int64(3, now_ms).run();
}

void mark_downloaded(Db& db) { db.exec("UPDATE col SET ls = mod"); }

}  // namespace ankc::native::storage
