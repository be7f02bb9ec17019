#include "backends/native/storage/dbcheck/repair_queries.h"

#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {

constexpr int64_t kI32Min = -2147483648LL;
constexpr int64_t kI32Max = 2147483647LL;

// The clamped, rounded value of an integer column written as an SQL expression.
std::string clamp_expr(const std::string& column, int64_t lo, int64_t hi) {
  return "min(max(round(" + column + "), " + std::to_string(lo) + "), " + std::to_string(hi) + ")";
}

int run_with_mtime_usn(Db& db, const std::string& sql, TimestampSecs mtime, Usn usn) {
  return db.query_uncached(sql).int64(1, mtime.v).int64(2, usn.v).run();
}

}  // namespace

bool quick_check_ok(Db& db) {
  auto q = db.query_uncached("PRAGMA quick_check");
  return q.next() && q.col_text(0) == "ok" && !q.next();
}

void optimize(Db& db) { db.exec("VACUUM; REINDEX; ANALYZE"); }

int fix_new_card_due(Db& db, TimestampSecs mtime, Usn usn) {
  return run_with_mtime_usn(db,
                            "UPDATE cards SET due = 1000000 + due % 1000000, mod = ?1, usn = ?2"
                            " WHERE type = 0 AND queue != 4 AND due >= 1000000 AND due != 1000000 + due % 1000000",
                            mtime, usn);
}

int fix_other_card_due(Db& db, int64_t today, TimestampSecs mtime, Usn usn) {
  std::string fixed = "(CASE WHEN queue = 2 AND due > 100000 THEN ?3 ELSE " + clamp_expr("due", kI32Min, kI32Max) + " END)";
  return db.query_uncached("UPDATE cards SET due = " + fixed + ", mod = ?1, usn = ?2 WHERE due != " + fixed)
      .int64(1, mtime.v)
      .int64(2, usn.v)
      .int64(3, today)
      .run();
}

int fix_card_odue(Db& db, bool v1_scheduler, TimestampSecs mtime, Usn usn) {
  std::string fixed = "(CASE WHEN odue > 0 AND (type = 1 OR queue = 2) AND NOT ?3 AND odid = 0 THEN 0 ELSE " +
                      clamp_expr("odue", kI32Min, kI32Max) + " END)";
  return db.query_uncached("UPDATE cards SET odue = " + fixed + ", mod = ?1, usn = ?2 WHERE odue != " + fixed)
      .int64(1, mtime.v)
      .int64(2, usn.v)
      .int64(3, v1_scheduler ? 1 : 0)
      .run();
}

int fix_card_ivl(Db& db, TimestampSecs mtime, Usn usn) {
  std::string fixed = clamp_expr("ivl", 0, kI32Max);
  return run_with_mtime_usn(db, "UPDATE cards SET ivl = " + fixed + ", mod = ?1, usn = ?2 WHERE ivl != " + fixed,
                            mtime, usn);
}

int fix_card_mod(Db& db) {
  return db.query_uncached("UPDATE cards SET mod = CAST(mod AS INTEGER) WHERE mod != CAST(mod AS INTEGER)").run();
}

int fix_card_ord(Db& db, TimestampSecs mtime, Usn usn) {
  return run_with_mtime_usn(
      db, "UPDATE cards SET ord = max(0, min(30000, ord)), mod = ?1, usn = ?2 WHERE ord != max(0, min(30000, ord))",
      mtime, usn);
}

int delete_orphaned_cards(Db& db) {
  return db.query_uncached("DELETE FROM cards WHERE nid NOT IN (SELECT id FROM notes)").run();
}

std::vector<DeckId> missing_card_decks(Db& db) {
  std::vector<DeckId> out;
  auto q = db.query_uncached("SELECT DISTINCT did FROM cards WHERE did NOT IN (SELECT id FROM decks) ORDER BY did");
  while (q.next()) out.push_back(DeckId{q.col_int64(0)});
  return out;
}

std::vector<std::pair<CardId, DeckId>> cards_with_original_deck(Db& db) {
  std::vector<std::pair<CardId, DeckId>> out;
  auto q = db.query_uncached("SELECT id, did FROM cards WHERE odid > 0");
  while (q.next()) out.emplace_back(CardId{q.col_int64(0)}, DeckId{q.col_int64(1)});
  return out;
}

void clear_original_deck(Db& db, CardId id) {
  db.query_uncached("UPDATE cards SET odid = 0, odue = 0 WHERE id = ?").int64(1, id.v).run();
}

std::vector<std::pair<NotetypeId, NoteId>> note_ids_by_notetype(Db& db) {
  std::vector<std::pair<NotetypeId, NoteId>> out;
  auto q = db.query_uncached("SELECT mid, id FROM notes ORDER BY mid, id");
  while (q.next()) out.emplace_back(NotetypeId{q.col_int64(0)}, NoteId{q.col_int64(1)});
  return out;
}

std::vector<std::pair<CardId, uint32_t>> card_ords_of_note(Db& db, NoteId nid) {
  std::vector<std::pair<CardId, uint32_t>> out;
  auto q = db.query("SELECT id, ord FROM cards WHERE nid = ? ORDER BY id");
  q.int64(1, nid.v);
  while (q.next()) out.emplace_back(CardId{q.col_int64(0)}, static_cast<uint32_t>(q.col_int64(1)));
  return out;
}

std::string raw_note_fields(Db& db, NoteId nid) {
  auto q = db.query("SELECT flds FROM notes WHERE id = ?");
  q.int64(1, nid.v);
  return q.next() ? q.col_blob(0) : std::string();
}

int64_t highest_card_ord_of_notetype(Db& db, NotetypeId ntid) {
  auto q = db.query_uncached("SELECT coalesce(max(ord), 0) FROM cards WHERE nid IN (SELECT id FROM notes WHERE mid = ?)");
  q.int64(1, ntid.v);
  return q.next() ? q.col_int64(0) : 0;
}

std::vector<std::string> expanded_tags(Db& db) {
  std::vector<std::string> out;
  auto q = db.query_uncached("SELECT tag FROM tags WHERE collapsed = 0");
  while (q.next()) out.push_back(q.col_text(0));
  return out;
}

void clear_tags(Db& db) { db.query_uncached("DELETE FROM tags").run(); }

void set_tag_expanded(Db& db, const std::string& name) {
  db.query_uncached("UPDATE tags SET collapsed = 0 WHERE tag = ?").text(1, name).run();
}

int fix_revlog_properties(Db& db) {
  std::string ivl = clamp_expr("ivl", kI32Min, kI32Max);
  std::string last = clamp_expr("lastIvl", kI32Min, kI32Max);
  std::string time = clamp_expr("time", 0, kI32Max);
  std::string type = "(CASE WHEN type = 0 AND time = 0 AND ease = 0 THEN 5 ELSE type END)";
  return db
      .query_uncached("UPDATE revlog SET ivl = " + ivl + ", lastIvl = " + last + ", time = " + time + ", type = " + type +
                      " WHERE ivl != " + ivl + " OR lastIvl != " + last + " OR time != " + time + " OR type != " + type)
      .run();
}

int64_t count_ids_above(Db& db, int64_t cutoff) {
  auto q = db.query_uncached(
      "SELECT (SELECT count(*) FROM notes WHERE id > ?1) + (SELECT count(*) FROM cards WHERE id > ?1)"
      " + (SELECT count(*) FROM revlog WHERE id > ?1)");
  q.int64(1, cutoff);
  return q.next() ? q.col_int64(0) : 0;
}

void renumber_ids_above(Db& db, int64_t cutoff, int64_t first_new) {
  struct Step {
    const char* table;
    const char* referrer;  // table whose column points at table.id, or nullptr
    const char* column;
  };
  for (const Step& s : {Step{"notes", "cards", "nid"}, Step{"cards", "revlog", "cid"}, Step{"revlog", nullptr, nullptr}}) {
    std::string t = s.table;
    db.exec("DROP TABLE IF EXISTS temp.ankc_new_ids");
    db.query_uncached("CREATE TEMP TABLE ankc_new_ids AS SELECT id AS old_id,"
                      " max(?2, (SELECT coalesce(max(id), 0) + 1 FROM " + t + " WHERE id <= ?1))"
                      " + row_number() OVER (ORDER BY id) - 1 AS new_id FROM " + t + " WHERE id > ?1")
        .int64(1, cutoff)
        .int64(2, first_new)
        .run();
    db.exec("UPDATE " + t + " SET id = (SELECT new_id FROM temp.ankc_new_ids WHERE old_id = id)"
            " WHERE id IN (SELECT old_id FROM temp.ankc_new_ids)");
    if (s.referrer) {
      std::string r = s.referrer, c = s.column;
      db.exec("UPDATE " + r + " SET " + c + " = (SELECT new_id FROM temp.ankc_new_ids WHERE old_id = " + r + "." + c +
              ") WHERE " + c + " IN (SELECT old_id FROM temp.ankc_new_ids)");
    }
  }
  db.exec("DROP TABLE IF EXISTS temp.ankc_new_ids");
}

}  // namespace ankc::native::storage
