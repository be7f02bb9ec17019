#include "backends/native/storage/col/col.h"

#include "backends/action_error.h"
#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kGet = "SELECT crt, mod, scm, ver, dty, usn, ls FROM col";
constexpr const char* kHasCol = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'col'";
constexpr const char* kVer = "SELECT ver FROM col";
constexpr const char* kSetMod = "UPDATE col SET mod = ?";
// A change after a sync is later than that sync: sync clients take equal mod times on both sides for
// "no changes", and a write in the very millisecond a sync finished (ls = mod = its time) would
// otherwise never be sent. ls is 0 for a collection never synced.
constexpr const char* kSetModAfterSync = "UPDATE col SET mod = max(?, ls + 1)";
constexpr const char* kSetScm = "UPDATE col SET scm = ?";
constexpr const char* kSetCrt = "UPDATE col SET crt = ?";
}  // namespace

ColRow get_col(Db& db) {
  auto q = db.query(kGet);
  if (!q.next()) throw ActionError("the collection has no col row");
  ColRow r;
  r.crt.v = q.col_int64(0);
  r.mod.v = q.col_int64(1);
  r.scm.v = q.col_int64(2);
  r.ver = static_cast<int>(q.col_int64(3));
  r.dty = static_cast<int>(q.col_int64(4));
  r.usn.v = static_cast<int32_t>(q.col_int64(5));
  r.ls.v = q.col_int64(6);
  return r;
}

int schema_version(Db& db) {
  {
    auto q = db.query_uncached(kHasCol);
    if (!q.next()) return -1;
  }
  auto q = db.query_uncached(kVer);
  if (!q.next()) return -1;
  return static_cast<int>(q.col_int64(0));
}

void set_col_modified(Db& db, TimestampMillis mod) { db.query(kSetMod).int64(1, mod.v).run(); }
void set_col_changed(Db& db, TimestampMillis now) { db.query(kSetModAfterSync).int64(1, now.v).run(); }
void set_col_schema_modified(Db& db, TimestampMillis scm) { db.query(kSetScm).int64(1, scm.v).run(); }
void set_col_creation(Db& db, TimestampSecs crt) { db.query(kSetCrt).int64(1, crt.v).run(); }

}  // namespace ankc::native::storage
