#include "backends/native/storage/sync_server/queries.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "backends/native/storage/db.h"

namespace ankc::native::storage::sync_server {

namespace json = boost::json;

namespace {

constexpr const char* kRevlogSince = "SELECT id FROM revlog WHERE usn >= ? ORDER BY id";
constexpr const char* kCardsSince = "SELECT id FROM cards WHERE usn >= ? ORDER BY id";
constexpr const char* kNotesSince = "SELECT id FROM notes WHERE usn >= ? ORDER BY id";
constexpr const char* kNotetypesSince = "SELECT id FROM notetypes WHERE usn >= ? ORDER BY id";
constexpr const char* kDecksSince = "SELECT id FROM decks WHERE usn >= ? ORDER BY id";
constexpr const char* kDeckConfigsSince = "SELECT id FROM deck_config WHERE usn >= ? ORDER BY id";
constexpr const char* kGravesSince = "SELECT oid, type FROM graves WHERE usn >= ? ORDER BY oid";
constexpr const char* kTagsSince = "SELECT tag FROM tags WHERE usn >= ? ORDER BY tag";

constexpr const char* kRevlogEntry =
    "SELECT id, cid, usn, ease, ivl, lastIvl, factor, time, type FROM revlog WHERE id = ?";
constexpr const char* kCardEntry =
    "SELECT id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data "
    "FROM cards WHERE id = ?";
constexpr const char* kNoteEntry = "SELECT id, guid, mid, mod, usn, tags, flds, flags, data FROM notes WHERE id = ?";
constexpr const char* kCardModUsn = "SELECT mod, usn FROM cards WHERE id = ?";
constexpr const char* kNoteModUsn = "SELECT mod, usn FROM notes WHERE id = ?";
constexpr const char* kInsertRevlog =
    "INSERT OR IGNORE INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kPutCard =
    "INSERT OR REPLACE INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, "
    "odue, odid, flags, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

constexpr const char* kCounts =
    "SELECT (SELECT count() FROM cards), (SELECT count() FROM notes), (SELECT count() FROM revlog), "
    "(SELECT count() FROM graves), (SELECT count() FROM notetypes), (SELECT count() FROM decks), "
    "(SELECT count() FROM deck_config)";
constexpr const char* kPending =
    "SELECT EXISTS(SELECT 1 FROM cards WHERE usn = -1) OR EXISTS(SELECT 1 FROM notes WHERE usn = -1) "
    "OR EXISTS(SELECT 1 FROM revlog WHERE usn = -1) OR EXISTS(SELECT 1 FROM graves WHERE usn = -1) "
    "OR EXISTS(SELECT 1 FROM decks WHERE usn = -1) OR EXISTS(SELECT 1 FROM deck_config WHERE usn = -1) "
    "OR EXISTS(SELECT 1 FROM tags WHERE usn = -1) OR EXISTS(SELECT 1 FROM notetypes WHERE usn = -1)";
constexpr const char* kHasCards = "SELECT EXISTS(SELECT 1 FROM cards)";

constexpr const char* kAllConfig = "SELECT key, val FROM config ORDER BY key";
constexpr const char* kClearConfig = "DELETE FROM config";
constexpr const char* kInsertConfig = "INSERT OR REPLACE INTO config (key, usn, mtime_secs, val) VALUES (?, ?, ?, ?)";

constexpr const char* kSetLastSync = "UPDATE col SET ls = ?";
constexpr const char* kIncrementUsn = "UPDATE col SET usn = usn + 1";
constexpr const char* kResetCol = "UPDATE col SET mod = 0, scm = ?, usn = 0, ls = 0";

const char* since_sql(Table table) {
  switch (table) {
    case Table::Revlog: return kRevlogSince;
    case Table::Cards: return kCardsSince;
    case Table::Notes: return kNotesSince;
    case Table::Notetypes: return kNotetypesSince;
    case Table::Decks: return kDecksSince;
    case Table::DeckConfigs: return kDeckConfigsSince;
  }
  return kRevlogSince;
}

}  // namespace

std::vector<int64_t> ids_since_usn(Db& db, Table table, int32_t min_usn) {
  std::vector<int64_t> ids;
  Query q = db.query(since_sql(table));
  q.int64(1, min_usn);
  while (q.next()) ids.push_back(q.col_int64(0));
  return ids;
}

sync::Graves graves_since_usn(Db& db, int32_t min_usn) {
  sync::Graves g;
  Query q = db.query(kGravesSince);
  q.int64(1, min_usn);
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

std::vector<std::string> tags_since_usn(Db& db, int32_t min_usn) {
  std::vector<std::string> tags;
  Query q = db.query(kTagsSince);
  q.int64(1, min_usn);
  while (q.next()) tags.push_back(q.col_text(0));
  return tags;
}

std::optional<sync::RevlogEntry> revlog_entry(Db& db, int64_t id) {
  Query q = db.query(kRevlogEntry);
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

std::optional<sync::CardEntry> card_entry(Db& db, int64_t id) {
  Query q = db.query(kCardEntry);
  q.int64(1, id);
  if (!q.next()) return std::nullopt;
  sync::CardEntry c;
  c.id = q.col_int64(0);
  c.nid = q.col_int64(1);
  c.did = q.col_int64(2);
  c.ord = q.col_int64(3);
  c.mod = q.col_int64(4);
  c.usn = static_cast<int32_t>(q.col_int64(5));
  c.type = q.col_int64(6);
  c.queue = q.col_int64(7);
  c.due = q.col_int64(8);
  c.ivl = q.col_int64(9);
  c.factor = q.col_int64(10);
  c.reps = q.col_int64(11);
  c.lapses = q.col_int64(12);
  c.left = q.col_int64(13);
  c.odue = q.col_int64(14);
  c.odid = q.col_int64(15);
  c.flags = q.col_int64(16);
  c.data = q.col_text(17);
  return c;
}

std::optional<sync::NoteEntry> note_entry(Db& db, int64_t id) {
  Query q = db.query(kNoteEntry);
  q.int64(1, id);
  if (!q.next()) return std::nullopt;
  sync::NoteEntry n;
  n.id = q.col_int64(0);
  n.guid = q.col_text(1);
  n.mid = q.col_int64(2);
  n.mod = q.col_int64(3);
  n.usn = static_cast<int32_t>(q.col_int64(4));
  n.tags = q.col_text(5);
  n.flds = q.col_text(6);
  // Anki sends flags and data as 0 and "" whatever is stored (§4.4).
  n.flags = 0;
  n.data = "";
  return n;
}

namespace {
std::optional<ModUsn> mod_usn(Db& db, const char* sql, int64_t id) {
  Query q = db.query(sql);
  q.int64(1, id);
  if (!q.next()) return std::nullopt;
  return ModUsn{q.col_int64(0), static_cast<int32_t>(q.col_int64(1))};
}
}  // namespace

std::optional<ModUsn> card_mod_usn(Db& db, int64_t id) { return mod_usn(db, kCardModUsn, id); }
std::optional<ModUsn> note_mod_usn(Db& db, int64_t id) { return mod_usn(db, kNoteModUsn, id); }

void insert_revlog_or_ignore(Db& db, const sync::RevlogEntry& e) {
  db.query(kInsertRevlog)
      .int64(1, e.id)
      .int64(2, e.cid)
      .int64(3, e.usn)
      .int64(4, e.ease)
      .int64(5, e.ivl)
      .int64(6, e.last_ivl)
      .int64(7, e.factor)
      .int64(8, e.time)
      .int64(9, e.type)
      .run();
}

void put_card_entry(Db& db, const sync::CardEntry& c) {
  db.query(kPutCard)
      .int64(1, c.id)
      .int64(2, c.nid)
      .int64(3, c.did)
      .int64(4, c.ord)
      .int64(5, c.mod)
      .int64(6, c.usn)
      .int64(7, c.type)
      .int64(8, c.queue)
      .int64(9, c.due)
      .int64(10, c.ivl)
      .int64(11, c.factor)
      .int64(12, c.reps)
      .int64(13, c.lapses)
      .int64(14, c.left)
      .int64(15, c.odue)
      .int64(16, c.odid)
      .int64(17, c.flags)
      .text(18, c.data)
      .run();
}

sync::SanityCounts sanity_counts(Db& db) {
  Query q = db.query(kCounts);
  q.next();
  sync::SanityCounts c;
  c.cards = q.col_int64(0);
  c.notes = q.col_int64(1);
  c.revlog = q.col_int64(2);
  c.graves = q.col_int64(3);
  c.notetypes = q.col_int64(4);
  c.decks = q.col_int64(5);
  c.deck_configs = q.col_int64(6);
  return c;
}

bool has_pending_usn(Db& db) {
  Query q = db.query(kPending);
  return q.next() && q.col_int64(0) != 0;
}

bool has_cards(Db& db) {
  Query q = db.query(kHasCards);
  return q.next() && q.col_int64(0) != 0;
}

json::object all_config_json(Db& db) {
  json::object conf;
  Query q = db.query(kAllConfig);
  while (q.next()) {
    json::error_code ec;
    json::value v = json::parse(q.col_blob(1), ec);
    conf[q.col_text(0)] = ec ? json::value(nullptr) : std::move(v);
  }
  return conf;
}

void replace_all_config(Db& db, const json::object& conf, Usn usn, TimestampSecs mtime) {
  db.query(kClearConfig).run();
  for (const auto& [key, value] : conf) {
    db.query(kInsertConfig).text(1, key).int64(2, usn.v).int64(3, mtime.v).blob(4, json::serialize(value)).run();
  }
}

void set_col_last_sync(Db& db, TimestampMillis ls) { db.query(kSetLastSync).int64(1, ls.v).run(); }
void increment_col_usn(Db& db) { db.query(kIncrementUsn).run(); }
void reset_col_for_new_account(Db& db, TimestampMillis scm) { db.query(kResetCol).int64(1, scm.v).run(); }

}  // namespace ankc::native::storage::sync_server
