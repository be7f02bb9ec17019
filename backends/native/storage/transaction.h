// One write transaction per API call (all or nothing), plus the bookkeeping Anki does at the end of
// every operation that changed something: col.mod = now (ms), and col.scm = now for schema changes
// (spec §8.10, §8.19). Destroying an uncommitted transaction rolls everything back.
#pragma once

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

class WriteTransaction {
 public:
  // BEGIN EXCLUSIVE (or a SAVEPOINT when a transaction is already open on db). `now` is the
  // operation's time, used for col.mod/col.scm at commit.
  WriteTransaction(Db& db, TimestampMillis now);
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  ~WriteTransaction();

  // Something was written: commit() sets col.mod = now.
  void mark_changed() { changed_ = true; }
  // A full-sync-requiring change (§8.19): commit() also sets col.scm = now.
  void mark_schema_changed() { changed_ = schema_changed_ = true; }
  bool changed() const { return changed_; }
  // Applies the bookkeeping and commits. On a sync server's copy (Db::served_copy), rows written with
  // usn -1 take the server's current usn first, as the reference server's own changes would: a client
  // whose last sync ended at that usn or before then receives them (pending = usn >= its minUsn).
  // Throws ActionError (and rolls back) on failure.
  void commit();
  // Rolls back now (also done by the destructor when commit() was not reached).
  void rollback();

 private:
  Db& db_;
  TimestampMillis now_;
  bool savepoint_ = false;
  bool open_ = true;
  bool changed_ = false;
  bool schema_changed_ = false;
};

}  // namespace ankc::native::storage
