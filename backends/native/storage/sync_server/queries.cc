#include "backends/native/storage/sync_server/queries.h"

#include "backends/native/storage/db.h"

namespace ankc::native::storage::sync_server {

namespace {
constexpr const char* kIncrementUsn = "UPDATE col SET usn = usn + 1";
constexpr const char* kResetCol = "UPDATE col SET mod = 0, scm = ?, usn = 0, ls = 0";
}  // namespace

void increment_col_usn(Db& db) { db.query(kIncrementUsn).run(); }
void reset_col_for_new_account(Db& db, TimestampMillis scm) { db.query(kResetCol).int64(1, scm.v).run(); }

}  // namespace ankc::native::storage::sync_server
