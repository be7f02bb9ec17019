#include "backends/native/storage/db.h"

#include <fcntl.h>
#include <sched.h>
#include <soci/session.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "backends/action_error.h"
#include "backends/native/storage/soci_handle.h"
#include "backends/native/storage/sql_functions.h"
#include "backends/native/storage/unicase.h"

namespace ankc::native::storage {
namespace {

bool is_lock_error(int code) {
  code &= 0xFF;
  return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

std::string soci_connect_string(const std::filesystem::path& path) {
  std::string quoted;
  for (char c : path.string()) {
    if (c == '"') quoted += '\\';
    quoted += c;
  }
  return "db=\"" + quoted + "\" timeout=0";
}

// Long statements share the core. SQLite calls this every kYieldSteps virtual-machine steps; once the
// thread has run statements for kYieldAfter since it last yielded, it gives the core up
// (sched_yield), so that a thread woken meanwhile runs now: a connection thread with a `version` to
// answer, the client waiting for it, another process. Without it, Linux's EEVDF scheduler on a kernel
// without preemption (Debian's default is voluntary; this project's machines run none) let a read
// thread running a 35 ms findNotes finish its slice, checked again at the tick (4 ms at HZ=250), while
// a woken connection thread waited (perf sched: up to 5.3 ms); a `version` sent while 16 clients ran
// findNotes had a p99 of ~4.4 ms against ~0.2-0.3 ms idle, and ~0.3-0.5 ms with this (bench/README.md).
// The cost: a clock read per kYieldSteps steps, a system call per 0.2 ms of a long statement; a core
// nobody else wants is handed straight back.
constexpr int kYieldSteps = 1000;
constexpr auto kYieldAfter = std::chrono::microseconds(200);

int share_the_core(void*) {
  thread_local std::chrono::steady_clock::time_point since;
  auto now = std::chrono::steady_clock::now();
  if (now - since < kYieldAfter) return 0;
  if (since != std::chrono::steady_clock::time_point()) ::sched_yield();
  since = std::chrono::steady_clock::now();
  return 0;  // go on
}

}  // namespace

bool use_multithread_mode() { return sqlite3_config(SQLITE_CONFIG_MULTITHREAD) == SQLITE_OK; }

std::unique_ptr<Db> Db::open(const std::filesystem::path& path, bool create, Locking locking) {
  std::error_code ec;
  if (!create && !std::filesystem::is_regular_file(path, ec))
    throw ActionError("collection file not found: " + path.string());
  std::unique_ptr<Db> db(new Db());
  db->path_ = path;
  db->locking_ = locking;
  if (locking == Locking::shared_writer) {
    // The flock first: another ankiconnectd holding it is refused before SQLite touches the file.
    int flags = O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0);
    db->flock_fd_ = ::open(path.c_str(), flags, 0644);
    if (db->flock_fd_ < 0) throw ActionError("cannot open collection: " + path.string() + ": " + std::strerror(errno));
    if (::flock(db->flock_fd_, LOCK_EX | LOCK_NB) != 0) {
      int error = errno;
      ::close(db->flock_fd_);
      db->flock_fd_ = -1;
      // A file system without flock (ENOLCK, EOPNOTSUPP) leaves SQLite's SHARED lock as the guard.
      if (error == EWOULDBLOCK || error == EINTR) throw ActionError(std::string(kCollectionLocked));
    }
  }
  try {
    db->session_ = open_soci_sqlite3(soci_connect_string(path));
  } catch (const std::exception& e) {
    throw ActionError(std::string("cannot open collection: ") + e.what());
  }
  db->raw_ = static_cast<sqlite3*>(soci_sqlite3_handle(*db->session_));
  // A reader may meet a lock only in SQLite's brief internal steps (WAL recovery, a checkpoint's
  // restart): it waits for them rather than failing a request.
  sqlite3_busy_timeout(db->raw_, locking == Locking::reader ? 2000 : 0);
  register_unicase(db->raw_);
  register_sql_functions(db->raw_);
  sqlite3_progress_handler(db->raw_, kYieldSteps, share_the_core, nullptr);
  // exclusive: locking_mode must be set before the first read so the lock is taken and kept from the
  // start. Then (exclusive, shared_writer) probe with BEGIN EXCLUSIVE (a read-only transaction writes
  // nothing), so a file in use by another process is refused before we look at it; the read leaves a
  // WAL connection holding its SHARED lock (see the header).
  std::string setup;
  if (locking == Locking::exclusive) setup += "PRAGMA locking_mode = exclusive;";
  if (create) setup += "PRAGMA page_size = 4096;";
  setup += "PRAGMA cache_size = -40960; PRAGMA legacy_file_format = OFF;";
  if (locking == Locking::reader)
    setup += "PRAGMA query_only = 1; SELECT count(*) FROM sqlite_master;";
  else
    setup += "BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_master;";
  int rc = sqlite3_exec(db->raw_, setup.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = sqlite3_errmsg(db->raw_);
    int code = sqlite3_extended_errcode(db->raw_);
    if (!sqlite3_get_autocommit(db->raw_)) sqlite3_exec(db->raw_, "ROLLBACK", nullptr, nullptr, nullptr);
    if (is_lock_error(code) || is_lock_error(rc)) throw ActionError(std::string(kCollectionLocked));
    if ((code & 0xFF) == SQLITE_NOTADB) throw ActionError("not an Anki collection (not an SQLite file): " + path.string());
    throw ActionError("cannot open collection: " + message);
  }
  if (locking != Locking::reader) sqlite3_exec(db->raw_, "COMMIT", nullptr, nullptr, nullptr);
  return db;
}

Db::~Db() {
  try {
    close();
  } catch (...) {
  }
}

void Db::enable_wal() { exec("PRAGMA journal_mode = WAL"); }

void Db::close() {
  if (!session_) {
    release_flock();
    return;
  }
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  cache_.clear();
  if (sqlite3_get_autocommit(raw_) == 0) sqlite3_exec(raw_, "ROLLBACK", nullptr, nullptr, nullptr);
  // The connection that holds the file checkpoints; a reader leaves that to it.
  if (locking_ != Locking::reader) sqlite3_exec(raw_, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
  session_->close();
  session_.reset();
  raw_ = nullptr;
  release_flock();
}

void Db::release_flock() {
  if (flock_fd_ < 0) return;
  ::close(flock_fd_);  // closing the descriptor releases its flock
  flock_fd_ = -1;
}

Query Db::query(std::string_view sql) {
  std::string key(sql);
  auto it = cache_.find(key);
  if (it != cache_.end()) return Query(raw_, it->second, false);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(raw_, key.c_str(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                         nullptr) != SQLITE_OK)
    throw ActionError(sqlite3_errmsg(raw_));
  cache_.emplace(std::move(key), stmt);
  return Query(raw_, stmt, false);
}

Query Db::query_uncached(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(raw_, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
    throw ActionError(sqlite3_errmsg(raw_));
  return Query(raw_, stmt, true);
}

void Db::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  if (sqlite3_exec(raw_, text.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : sqlite3_errmsg(raw_);
    sqlite3_free(err);
    throw ActionError(message);
  }
}

int Db::changes() const { return sqlite3_changes(raw_); }
bool Db::in_transaction() const { return sqlite3_get_autocommit(raw_) == 0; }

}  // namespace ankc::native::storage
