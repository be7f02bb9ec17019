#include "backends/native/media/media_db.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include "backends/action_error.h"

namespace ankc::native::media {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE media (\n"
    "  fname text NOT NULL PRIMARY KEY,\n"
    "  -- null indicates deleted file\n"
    "  csum text,\n"
    "  -- zero if deleted\n"
    "  mtime int NOT NULL,\n"
    "  dirty int NOT NULL\n"
    ") without rowid;\n"
    "CREATE INDEX idx_media_dirty ON media (dirty)\n"
    "WHERE dirty = 1;\n"
    "CREATE TABLE meta (dirMod int, lastUsn int);\n"
    "INSERT INTO meta\n"
    "VALUES (0, 0);\n";

void check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw ActionError(std::string("media database: ") + what + ": " + sqlite3_errmsg(db));
}

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "error";
    sqlite3_free(err);
    throw ActionError("media database: " + msg);
  }
}

// A statement finalized at scope end.
struct Stmt {
  sqlite3_stmt* s = nullptr;
  Stmt(sqlite3* db, const char* sql) { check(db, sqlite3_prepare_v2(db, sql, -1, &s, nullptr), sql); }
  ~Stmt() { sqlite3_finalize(s); }
};

}  // namespace

int64_t mtime_ms(const std::filesystem::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return 0;
  return int64_t(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

MediaDb::MediaDb(const std::filesystem::path& path) {
  bool fresh = !std::filesystem::exists(path);
  int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "cannot open";
    sqlite3_close(db_);
    db_ = nullptr;
    throw ActionError("media database: " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  if (fresh) {
    exec(db_, "pragma page_size = 4096; pragma legacy_file_format = off;");
    exec(db_, "begin");
    exec(db_, kSchema);
    exec(db_, "commit");
    exec(db_, "vacuum; analyze;");
  }
  exec(db_, "pragma journal_mode = wal");
}

MediaDb::~MediaDb() { sqlite3_close(db_); }

std::optional<MediaEntry> MediaDb::get(std::string_view fname) {
  Stmt st(db_, "select fname, csum, mtime, dirty from media where fname = ?");
  sqlite3_bind_text(st.s, 1, fname.data(), int(fname.size()), SQLITE_TRANSIENT);
  int rc = sqlite3_step(st.s);
  check(db_, rc, "get");
  if (rc != SQLITE_ROW) return std::nullopt;
  MediaEntry e;
  e.fname = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0));
  if (sqlite3_column_type(st.s, 1) != SQLITE_NULL)
    e.sha1_hex = std::string(reinterpret_cast<const char*>(sqlite3_column_text(st.s, 1)));
  e.mtime = sqlite3_column_int64(st.s, 2);
  e.dirty = sqlite3_column_int(st.s, 3) != 0;
  return e;
}

void MediaDb::put(const MediaEntry& e) {
  Stmt st(db_, "insert or replace into media (fname, csum, mtime, dirty) values (?, ?, ?, ?)");
  sqlite3_bind_text(st.s, 1, e.fname.data(), int(e.fname.size()), SQLITE_TRANSIENT);
  if (e.sha1_hex)
    sqlite3_bind_text(st.s, 2, e.sha1_hex->data(), int(e.sha1_hex->size()), SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(st.s, 2);
  sqlite3_bind_int64(st.s, 3, e.mtime);
  sqlite3_bind_int(st.s, 4, e.dirty ? 1 : 0);
  check(db_, sqlite3_step(st.s), "put");
}

int64_t MediaDb::folder_mtime() {
  Stmt st(db_, "select dirMod from meta");
  int rc = sqlite3_step(st.s);
  check(db_, rc, "meta");
  return rc == SQLITE_ROW ? sqlite3_column_int64(st.s, 0) : 0;
}

void MediaDb::set_folder_mtime(int64_t ms) {
  Stmt st(db_, "update meta set dirMod = ?");
  sqlite3_bind_int64(st.s, 1, ms);
  check(db_, sqlite3_step(st.s), "meta");
}

int32_t MediaDb::last_usn() {
  Stmt st(db_, "select lastUsn from meta");
  int rc = sqlite3_step(st.s);
  check(db_, rc, "meta");
  return rc == SQLITE_ROW ? sqlite3_column_int(st.s, 0) : 0;
}

void MediaDb::set_last_usn(int32_t usn) {
  Stmt st(db_, "update meta set lastUsn = ?");
  sqlite3_bind_int(st.s, 1, usn);
  check(db_, sqlite3_step(st.s), "meta");
}

void MediaDb::remove(std::string_view fname) {
  Stmt st(db_, "delete from media where fname = ?");
  sqlite3_bind_text(st.s, 1, fname.data(), int(fname.size()), SQLITE_TRANSIENT);
  check(db_, sqlite3_step(st.s), "remove");
}

namespace {
std::vector<MediaEntry> entries(sqlite3* db, Stmt& st) {
  std::vector<MediaEntry> out;
  int rc;
  while ((rc = sqlite3_step(st.s)) == SQLITE_ROW) {
    MediaEntry e;
    e.fname = reinterpret_cast<const char*>(sqlite3_column_text(st.s, 0));
    if (sqlite3_column_type(st.s, 1) != SQLITE_NULL)
      e.sha1_hex = std::string(reinterpret_cast<const char*>(sqlite3_column_text(st.s, 1)));
    e.mtime = sqlite3_column_int64(st.s, 2);
    e.dirty = sqlite3_column_int(st.s, 3) != 0;
    out.push_back(std::move(e));
  }
  check(db, rc, "list");
  return out;
}
}  // namespace

std::vector<MediaEntry> MediaDb::dirty(size_t limit) {
  Stmt st(db_, "select fname, csum, mtime, dirty from media where dirty = 1 limit ?");
  sqlite3_bind_int64(st.s, 1, static_cast<int64_t>(limit));
  return entries(db_, st);
}

std::vector<MediaEntry> MediaDb::all() {
  Stmt st(db_, "select fname, csum, mtime, dirty from media order by fname");
  return entries(db_, st);
}

int64_t MediaDb::count_present() {
  Stmt st(db_, "select count() from media where csum is not null");
  int rc = sqlite3_step(st.s);
  check(db_, rc, "count");
  return rc == SQLITE_ROW ? sqlite3_column_int64(st.s, 0) : 0;
}

void MediaDb::wipe() { exec(db_, "delete from media; update meta set lastUsn = 0, dirMod = 0"); }

void MediaDb::begin() { exec(db_, "begin immediate"); }
void MediaDb::commit() { exec(db_, "commit"); }
void MediaDb::rollback() { sqlite3_exec(db_, "rollback", nullptr, nullptr, nullptr); }

}  // namespace ankc::native::media
