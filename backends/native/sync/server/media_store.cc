#include "backends/native/sync/server/media_store.h"

#include <fstream>
#include <iterator>
#include <system_error>

#include "backends/native/media/media_folder.h"
#include "backends/native/storage/db.h"
#include "backends/native/sync/server/account.h"

namespace ankc::native::sync {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSchema = R"(
CREATE TABLE IF NOT EXISTS media (
  fname TEXT NOT NULL PRIMARY KEY,
  sha1 TEXT NOT NULL,
  usn INTEGER NOT NULL,
  deleted INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS media_usn ON media (usn);
CREATE TABLE IF NOT EXISTS meta (usn INTEGER NOT NULL);
INSERT INTO meta (usn) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM meta);
PRAGMA user_version = 1;
)";
constexpr std::string_view kGetUsn = "SELECT usn FROM meta";
constexpr std::string_view kSetUsn = "UPDATE meta SET usn = ?";
constexpr std::string_view kGetEntry = "SELECT sha1, usn, deleted FROM media WHERE fname = ?";
constexpr std::string_view kPutEntry = "INSERT OR REPLACE INTO media (fname, sha1, usn, deleted) VALUES (?, ?, ?, ?)";
constexpr std::string_view kForgetEntry = "DELETE FROM media WHERE fname = ?";
constexpr std::string_view kChangesAfter =
    "SELECT fname, usn, CASE WHEN deleted THEN '' ELSE sha1 END FROM media WHERE usn > ? ORDER BY usn LIMIT ?";
constexpr std::string_view kFileCount = "SELECT count() FROM media WHERE NOT deleted";

std::optional<std::string> read_whole_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return data;
}

void write_whole_file(const fs::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  out.close();
  if (!out) throw std::runtime_error("media: could not write " + path.string());
}

// BEGIN ... COMMIT, rolled back when left without commit().
class Transaction {
 public:
  explicit Transaction(storage::Db& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  ~Transaction() {
    if (open_) {
      try {
        db_.exec("ROLLBACK");
      } catch (...) {
      }
    }
  }
  void commit() {
    db_.exec("COMMIT");
    open_ = false;
  }

 private:
  storage::Db& db_;
  bool open_ = true;
};

}  // namespace

MediaStore::MediaStore(const fs::path& account_folder)
    : account_folder_(account_folder), media_folder_(account_folder / "media") {
  fs::create_directories(media_folder_);
  fs::path db_path = account_folder_ / "media.db";
  db_ = storage::Db::open(db_path, !fs::exists(db_path));
  db_->exec(kSchema);
}

MediaStore::~MediaStore() {
  try {
    if (db_) db_->close();
  } catch (...) {
  }
}

int32_t MediaStore::usn() {
  storage::Query q = db_->query(kGetUsn);
  return q.next() ? static_cast<int32_t>(q.col_int64(0)) : 0;
}

std::vector<ServerMediaChange> MediaStore::changes_after(int32_t last_usn, size_t limit) {
  std::vector<ServerMediaChange> out;
  storage::Query q = db_->query(kChangesAfter);
  q.int64(1, last_usn).int64(2, static_cast<int64_t>(limit));
  while (q.next()) out.push_back({q.col_text(0), static_cast<int32_t>(q.col_int64(1)), q.col_text(2)});
  return out;
}

int64_t MediaStore::file_count() {
  storage::Query q = db_->query(kFileCount);
  return q.next() ? q.col_int64(0) : 0;
}

std::optional<MediaStore::Row> MediaStore::get(const std::string& fname) {
  storage::Query q = db_->query(kGetEntry);
  q.text(1, fname);
  if (!q.next()) return std::nullopt;
  return Row{q.col_text(0), static_cast<int32_t>(q.col_int64(1)), q.col_int64(2) != 0};
}

void MediaStore::put(const std::string& fname, const Row& row) {
  db_->query(kPutEntry).text(1, fname).text(2, row.sha1).int64(3, row.usn).int64(4, row.deleted ? 1 : 0).run();
}

int32_t MediaStore::apply_upload(const std::vector<MediaUploadEntry>& entries) {
  // 1. Every new content goes to the staging folder first: a write that fails (a full disk) stops
  //    the batch before anything is recorded.
  fs::path staging = account_folder_ / "media.tmp";
  std::error_code ec;
  fs::remove_all(staging, ec);
  fs::create_directories(staging);
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{staging};
  std::vector<std::string> sha1s(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    if (!entries[i].data) continue;
    sha1s[i] = media::sha1_hex(*entries[i].data);
    write_whole_file(staging / std::to_string(i), *entries[i].data);
  }

  // 2. The database, entry by entry (later entries see earlier ones), with the file operations it
  //    implies done in the same order before the commit.
  Transaction tx(*db_);
  int32_t usn = this->usn();
  for (size_t i = 0; i < entries.size(); ++i) {
    const MediaUploadEntry& e = entries[i];
    fs::path target = media_folder_ / e.fname;
    std::optional<Row> row = get(e.fname);
    if (e.data) {
      bool same = row && !row->deleted && row->sha1 == sha1s[i];
      if (!same) put(e.fname, Row{sha1s[i], ++usn, false});
      bool on_disk = same && fs::is_regular_file(target, ec) &&
                     fs::file_size(target, ec) == static_cast<uintmax_t>(e.data->size());
      if (!on_disk) fs::rename(staging / std::to_string(i), target);
    } else {
      if (row && !row->deleted) put(e.fname, Row{row->sha1, ++usn, true});
      fs::remove(target, ec);
    }
  }
  db_->query(kSetUsn).int64(1, usn).run();
  tx.commit();
  return usn;
}

std::vector<std::pair<std::string, std::string>> MediaStore::files_for_download(const std::vector<std::string>& names,
                                                                                 size_t target_bytes) {
  for (const std::string& name : names) {
    std::optional<Row> row = get(name);
    if (!row || row->deleted) throw HttpStatusError(409, "media: no such file: " + name);
  }
  std::vector<std::pair<std::string, std::string>> out;
  size_t total = 0;
  for (const std::string& name : names) {
    std::error_code ec;
    fs::path path = media_folder_ / name;
    std::optional<std::string> data;
    if (fs::is_regular_file(path, ec)) data = read_whole_file(path);
    if (!data) {
      // §0.7: the entry exists but its file is gone: forget it (no deletion, no usn), then 409.
      db_->query(kForgetEntry).text(1, name).run();
      throw HttpStatusError(409, "media: file missing on disk: " + name);
    }
    total += data->size();
    out.emplace_back(name, std::move(*data));
    if (total > target_bytes) break;
  }
  return out;
}

}  // namespace ankc::native::sync
