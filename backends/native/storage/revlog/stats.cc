#include "backends/native/storage/revlog/stats.h"

#include <sqlite3.h>

#include "backends/action_error.h"

#include "backends/native/storage/db.h"
#include "backends/native/storage/sql_id_list.h"
#include "backends/native/storage/revlog/raw_sql.h"
#include "backends/native/storage/revlog/revlog_row.h"
#include "backends/native/storage/rows.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kInsertColumns = "insert into revlog(id,cid,usn,ease,ivl,lastIvl,factor,time,type) values ";
constexpr const char* kLastReview =
    "SELECT id FROM revlog WHERE cid = ?1 AND ease BETWEEN 1 AND 4 AND NOT (type = 3 AND factor = 0)"
    " ORDER BY id DESC LIMIT 1";
constexpr const char* kCountSince = "SELECT count() FROM revlog WHERE id > ?1";
constexpr const char* kAllIds = "SELECT id FROM revlog ORDER BY id";
constexpr const char* kOfDeckSince =
    "SELECT id, cid, usn, ease, ivl, lastIvl, factor, time, type FROM revlog"
    " WHERE id > ?2 AND cid IN (SELECT id FROM cards WHERE did = ?1)";
constexpr const char* kLatestOfDeck =
    "SELECT max(id) FROM revlog WHERE cid IN (SELECT id FROM cards WHERE did = ?1)";
}  // namespace

std::optional<TimestampSecs> time_of_last_review(Db& db, CardId cid) {
  auto q = db.query(kLastReview);
  q.int64(1, cid.v);
  if (!q.next()) return std::nullopt;
  return TimestampSecs{q.col_int64(0) / 1000};
}

int64_t count_revlog_since(Db& db, RevlogId min_id) {
  auto q = db.query(kCountSince);
  q.int64(1, min_id.v);
  q.next();
  return q.col_int64(0);
}

std::vector<RevlogId> all_revlog_ids(Db& db) {
  std::vector<RevlogId> out;
  auto q = db.query(kAllIds);
  while (q.next()) out.push_back(RevlogId{q.col_int64(0)});
  return out;
}

std::vector<RevlogRow> revlog_of_deck_since(Db& db, DeckId did, RevlogId start) {
  auto q = db.query(kOfDeckSince);
  q.int64(1, did.v).int64(2, start.v);
  return all_rows(q, read_revlog_row);
}

std::optional<RevlogId> latest_revlog_id_of_deck(Db& db, DeckId did) {
  auto q = db.query(kLatestOfDeck);
  q.int64(1, did.v);
  if (!q.next() || q.col_is_null(0)) return std::nullopt;
  return RevlogId{q.col_int64(0)};
}

std::vector<RevlogRow> revlog_of_cards(Db& db, const std::vector<CardId>& cids) {
  std::vector<RevlogRow> out;
  for (size_t start = 0; start < cids.size(); start += 999) {
    std::string sql = "SELECT id, cid, usn, ease, ivl, lastIvl, factor, time, type FROM revlog WHERE cid IN (";
    for (size_t i = start; i < cids.size() && i < start + 999; ++i) {
      if (i > start) sql += ", ";
      sql += std::to_string(cids[i].v);
    }
    sql += ")";
    auto q = db.query_uncached(sql);
    while (q.next()) out.push_back(read_revlog_row(q));
  }
  return out;
}

RevlogSummary summarize_revlog(Db& db, RevlogId since, const std::vector<DeckId>* decks) {
  std::string sql =
      "SELECT count(), coalesce(sum(time), 0), coalesce(sum(ease = 1), 0), coalesce(sum(type = 0), 0),"
      " coalesce(sum(type = 1), 0), coalesce(sum(type = 2), 0), coalesce(sum(type = 3), 0),"
      " coalesce(sum(lastIvl >= 21 AND ease > 1), 0), coalesce(sum(lastIvl >= 21), 0)"
      " FROM revlog WHERE ease > 0 AND id > " + std::to_string(since.v);
  if (decks) {
    sql += " AND cid IN (SELECT id FROM cards WHERE did IN " + sql_id_list(*decks) + ")";
  }
  auto q = db.query_uncached(sql);
  RevlogSummary s;
  if (q.next()) {
    s.count = q.col_int64(0);
    s.millis = q.col_int64(1);
    s.again = q.col_int64(2);
    s.learning = q.col_int64(3);
    s.review = q.col_int64(4);
    s.relearning = q.col_int64(5);
    s.filtered = q.col_int64(6);
    s.mature_passed = q.col_int64(7);
    s.mature_total = q.col_int64(8);
  }
  return s;
}

void check_revlog_insert_sql(Db& db, const std::string& values_sql) {
  check_raw_sql(db, std::string(kInsertColumns) + values_sql);
}

void insert_revlog_rows(Db& db, const std::vector<std::array<SqlValue, 9>>& rows) {
  sqlite3* h = db.handle();
  sqlite3_stmt* stmt = nullptr;
  const std::string sql = std::string(kInsertColumns) + "(?,?,?,?,?,?,?,?,?)";
  if (sqlite3_prepare_v2(h, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    sqlite3_finalize(stmt);
    throw ActionError(db_error_text(sqlite3_extended_errcode(h), sqlite3_errmsg(h)));
  }
  for (const auto& row : rows) {
    sqlite3_reset(stmt);
    for (int i = 0; i < 9; ++i) {
      const SqlValue& v = row[static_cast<size_t>(i)];
      if (const auto* n = std::get_if<int64_t>(&v)) sqlite3_bind_int64(stmt, i + 1, *n);
      else if (const auto* d = std::get_if<double>(&v)) sqlite3_bind_double(stmt, i + 1, *d);
      else if (const auto* t = std::get_if<std::string>(&v))
        sqlite3_bind_text(stmt, i + 1, t->data(), static_cast<int>(t->size()), SQLITE_TRANSIENT);
      else sqlite3_bind_null(stmt, i + 1);
    }
    if (sqlite3_step(stmt) != SQLITE_DONE) {
      const std::string text = db_error_text(sqlite3_extended_errcode(h), sqlite3_errmsg(h));
      sqlite3_finalize(stmt);
      throw ActionError(text);
    }
  }
  sqlite3_finalize(stmt);
}

}  // namespace ankc::native::storage
