#include "backends/native/storage/revlog/revlog.h"

#include <sqlite3.h>

#include "backends/native/storage/db.h"
#include "backends/native/storage/revlog/revlog_row.h"
#include "backends/native/storage/rows.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kAdd =
    "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) VALUES ("
    "(CASE WHEN ?1 IN (SELECT id FROM revlog) THEN (SELECT max(id) + 1 FROM revlog) ELSE ?1 END),"
    " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id";
constexpr const char* kOfCard =
    "SELECT id, cid, usn, ease, ivl, lastIvl, factor, time, type FROM revlog WHERE cid = ? ORDER BY id";
constexpr const char* kLatest = "SELECT max(id) FROM revlog";
}  // namespace

RevlogRow read_revlog_row(const Query& q) {
  RevlogRow r;
  r.id.v = q.col_int64(0);
  r.cid.v = q.col_int64(1);
  r.usn.v = static_cast<int32_t>(q.col_int64(2));
  r.ease = static_cast<int>(q.col_int64(3));
  r.ivl = static_cast<int32_t>(q.col_int64(4));
  r.last_ivl = static_cast<int32_t>(q.col_int64(5));
  r.factor = static_cast<int32_t>(q.col_int64(6));
  r.time = static_cast<int32_t>(q.col_int64(7));
  r.kind = static_cast<int>(q.col_int64(8));
  return r;
}

RevlogId add_revlog(Db& db, RevlogRow& row) {
  row.id.v = db.query(kAdd).int64(1, row.id.v).int64(2, row.cid.v).int64(3, row.usn.v).int64(4, row.ease).int64(5, row.ivl)
      .int64(6, row.last_ivl).int64(7, row.factor).int64(8, row.time).int64(9, row.kind).run_returning_id();
  return row.id;
}

bool remove_revlog(Db& db, RevlogId id) {
  return db.query("DELETE FROM revlog WHERE id = ?").int64(1, id.v).run() > 0;
}

std::vector<RevlogRow> revlog_of_card(Db& db, CardId cid) {
  auto q = db.query(kOfCard);
  q.int64(1, cid.v);
  return all_rows(q, read_revlog_row);
}

std::optional<RevlogId> latest_revlog_id(Db& db) {
  auto q = db.query(kLatest);
  if (!q.next() || q.col_is_null(0)) return std::nullopt;
  return RevlogId{q.col_int64(0)};
}

}  // namespace ankc::native::storage
