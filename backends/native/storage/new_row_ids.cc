#include "backends/native/storage/new_row_ids.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>

#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {

std::atomic<int64_t> new_row_id_floor{0};

}  // namespace

void raise_new_row_id_floor(int64_t floor_ms) {
  int64_t seen = new_row_id_floor.load();
  while (seen < floor_ms && !new_row_id_floor.compare_exchange_weak(seen, floor_ms)) {
  }
}

int64_t add_row(Db& db, const NewRowSql& sql, TimestampMillis now, const BindRow& bind) {
  auto q = db.query(sql.add);
  q.int64(1, std::max(now.v, new_row_id_floor.load(std::memory_order_relaxed)));
  bind(q);
  return q.run_returning_id();
}

int64_t add_row(Db& db, const NewRowSql& sql, TimestampMillis now, NewRowIds& ids, const BindRow& bind) {
  if (!ids.max || ids.now != now) {
    int64_t id = add_row(db, sql, now, bind);
    auto q = db.query(sql.max_id);
    ids.max = q.next() ? q.col_int64(0) : id;
    ids.now = now;
    return id;
  }
  // `now` is taken since the first insert: Anki's rule gives max(id) + 1.
  int64_t id = ++*ids.max;
  auto q = db.query(sql.insert);
  q.int64(1, id);
  bind(q);
  q.run();
  return id;
}

}  // namespace ankc::native::storage
