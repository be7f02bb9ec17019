#include "backends/native/storage/cards/scheduling.h"

#include "backends/native/storage/db.h"
#include "backends/native/storage/sql_id_list.h"
#include "backends/native/storage/revlog/raw_sql.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kBury =
    "UPDATE cards SET queue = -2, mod = ?3, usn = -1 WHERE nid = ?1 AND id != ?2 AND ("
    "(queue = 0 AND ?4) OR (queue = 2 AND ?5) OR (queue = 3 AND ?6))";
constexpr const char* kUnbury =
    "UPDATE cards SET queue = (CASE type WHEN 0 THEN 0 WHEN 2 THEN 2 "
    "ELSE (CASE WHEN due > 1000000000 THEN 1 ELSE 3 END) END) WHERE queue IN (-2, -3)";
constexpr const char* kCounts =
    "SELECT did,"
    " sum(queue = 0),"
    " sum(queue = 2 AND due <= ?1),"
    " sum(queue = 3 AND due <= ?1),"
    " sum((queue = 1 AND due < ?2) OR (queue = 4 AND due <= ?2)),"
    " count() FROM cards GROUP BY did";
constexpr const char* kDueInRange = "SELECT id, nid, did, due FROM cards WHERE due >= ?1 AND due < ?2";
}  // namespace

std::vector<CardDueDay> cards_due_in_day_range(Db& db, int64_t min_day, int64_t max_day) {
  std::vector<CardDueDay> out;
  auto q = db.query(kDueInRange);
  q.int64(1, min_day).int64(2, max_day);
  while (q.next()) out.push_back({CardId{q.col_int64(0)}, NoteId{q.col_int64(1)}, DeckId{q.col_int64(2)}, q.col_int64(3)});
  return out;
}

int bury_siblings(Db& db, NoteId nid, CardId except, bool queue_new, bool queue_review, bool queue_day_learn,
                  TimestampSecs mtime) {
  return db.query(kBury).int64(1, nid.v).int64(2, except.v).int64(3, mtime.v).int64(4, queue_new)
      .int64(5, queue_review).int64(6, queue_day_learn).run();
}

void unbury_all(Db& db) { db.query(kUnbury).run(); }

void set_relearning_raw(Db& db, const std::string& id_list) {
  exec_raw_sql(db, "update cards set type=3, queue=1 where id in (" + id_list + ")");
}

void check_relearning_sql(Db& db, const std::string& id_list) {
  check_raw_sql(db, "update cards set type=3, queue=1 where id in (" + id_list + ")");
}

std::vector<DeckDueCounts> due_counts_by_deck(Db& db, int64_t today, int64_t learn_cutoff_secs) {
  std::vector<DeckDueCounts> out;
  auto q = db.query(kCounts);
  q.int64(1, today).int64(2, learn_cutoff_secs);
  while (q.next()) {
    DeckDueCounts c;
    c.did.v = q.col_int64(0);
    c.new_count = q.col_int64(1);
    c.review = q.col_int64(2);
    c.interday_learning = q.col_int64(3);
    c.intraday_learning = q.col_int64(4);
    c.total = q.col_int64(5);
    out.push_back(c);
  }
  return out;
}

CardCounts card_counts(Db& db, const std::vector<DeckId>* decks) {
  std::string sql =
      "SELECT count(), coalesce(sum(queue = 0), 0), coalesce(sum(queue IN (1, 3)), 0),"
      " coalesce(sum(queue = 2 AND ivl < 21), 0), coalesce(sum(queue = 2 AND ivl >= 21), 0),"
      " coalesce(sum(queue = -1), 0), coalesce(sum(queue IN (-2, -3)), 0) FROM cards";
  if (decks) {
    sql += " WHERE did IN " + sql_id_list(*decks);
  }
  auto q = db.query_uncached(sql);
  CardCounts c;
  if (q.next()) {
    c.total = q.col_int64(0);
    c.new_cards = q.col_int64(1);
    c.learning = q.col_int64(2);
    c.young = q.col_int64(3);
    c.mature = q.col_int64(4);
    c.suspended = q.col_int64(5);
    c.buried = q.col_int64(6);
  }
  return c;
}

}  // namespace ankc::native::storage
