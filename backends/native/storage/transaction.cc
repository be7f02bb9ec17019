#include "backends/native/storage/transaction.h"

#include "backends/native/storage/col/col.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/sync/sync.h"

namespace ankc::native::storage {

WriteTransaction::WriteTransaction(Db& db, TimestampMillis now) : db_(db), now_(now) {
  savepoint_ = db_.in_transaction();
  db_.exec(savepoint_ ? "SAVEPOINT ankc_write" : "BEGIN EXCLUSIVE");
}

WriteTransaction::~WriteTransaction() {
  if (!open_) return;
  try {
    rollback();
  } catch (...) {
  }
}

void WriteTransaction::commit() {
  if (!open_) return;
  try {
    if (changed_) set_col_changed(db_, now_);
    if (schema_changed_) set_col_schema_modified(db_, now_);
    if (db_.served_copy() && !savepoint_) stamp_pending_usns(db_);
    db_.exec(savepoint_ ? "RELEASE ankc_write" : "COMMIT");
    open_ = false;
  } catch (...) {
    rollback();
    throw;
  }
}

void WriteTransaction::rollback() {
  if (!open_) return;
  open_ = false;
  db_.exec(savepoint_ ? "ROLLBACK TO ankc_write; RELEASE ankc_write" : "ROLLBACK");
}

}  // namespace ankc::native::storage
