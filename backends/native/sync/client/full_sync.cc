#include "backends/native/sync/client/full_sync.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "backends/action_error.h"
#include "backends/native/session.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/dbcheck/invariant_sql.h"
#include "backends/native/storage/statement.h"
#include "backends/native/storage/sync/sync.h"
#include "backends/native/sync/client/sync_error.h"

namespace ankc::native::sync {
namespace {

namespace fs = std::filesystem;

constexpr size_t kAnkiWebMaxUploadBytes = 3 * kDefaultMaxPayloadBytes;  // 300 MiB

// A temporary file beside the collection, removed (with its journal files) unless released.
class TempFile {
 public:
  explicit TempFile(fs::path path) : path_(std::move(path)) { remove_all(); }
  ~TempFile() {
    if (!released_) remove_all();
  }
  const fs::path& path() const { return path_; }
  void release() { released_ = true; }

 private:
  void remove_all() {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path_.string() + suffix, ec);
  }
  fs::path path_;
  bool released_ = false;
};

// One read into a string of the file's size: a 60 MB collection takes ~20 ms instead of the ~180 ms of
// an istreambuf_iterator copy (bench/sync_bench --only phases).
std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) throw SyncError(SyncErrorKind::Network, "sync: cannot read " + path.string());
  std::string bytes(static_cast<size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
    throw SyncError(SyncErrorKind::Network, "sync: cannot read " + path.string());
  return bytes;
}

void write_file_synced(const fs::path& path, const std::string& bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw SyncError(SyncErrorKind::Network, "sync: cannot write " + path.string() + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = errno;
      ::close(fd);
      throw SyncError(SyncErrorKind::Network, "sync: cannot write " + path.string() + ": " + std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) throw SyncError(SyncErrorKind::Network, "sync: cannot write " + path.string());
}

void fsync_dir(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) ::fsync(fd), ::close(fd);
}

// Closes the session's collection and renames `replacement` over it (stale -wal/-shm removed first, so
// SQLite cannot replay an old log into the new file). The next col() opens the new file.
void swap_in(Session& session, TempFile& replacement) {
  session.close();
  const fs::path& target = session.collection_file();
  std::error_code ec;
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(target.string() + suffix, ec);
  fs::rename(replacement.path(), target, ec);
  if (ec) throw SyncError(SyncErrorKind::Network, "sync: cannot replace " + target.string() + ": " + ec.message());
  replacement.release();
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(replacement.path().string() + suffix, ec);
  fsync_dir(target.parent_path());
}

}  // namespace

size_t full_upload(Session& session, Transport& transport) {
  storage::Db& live = session.db();
  TempFile copy(session.collection_file().string() + ".upload.tmp");
  // Anki vacuums before an upload so that no free pages travel. A collection with few of them is
  // copied as it is, its WAL beside it (we hold the collection and no transaction is open, so the pair is
  // consistent; opening the copy replays the log into it, and the live files are not touched), which
  // costs a file copy instead of a rebuild; otherwise VACUUM INTO writes a compact, consistent copy.
  auto pragma = [&](const char* sql) {
    auto q = live.query_uncached(sql);
    return q.next() ? q.col_int64(0) : 0;
  };
  int64_t pages = pragma("PRAGMA page_count"), free_pages = pragma("PRAGMA freelist_count");
  bool compact = free_pages * 10 <= pages;  // at most 10% free
  if (compact) {
    std::error_code ec;
    fs::copy_file(session.collection_file(), copy.path(), fs::copy_options::overwrite_existing, ec);
    fs::path wal = session.collection_file().string() + "-wal";
    if (!ec && fs::exists(wal))
      fs::copy_file(wal, copy.path().string() + "-wal", fs::copy_options::overwrite_existing, ec);
    if (ec) throw SyncError(SyncErrorKind::Network, "sync: cannot copy the collection for the upload: " + ec.message());
  } else {
    auto q = live.query_uncached("VACUUM INTO ?");
    q.text(1, copy.path().string());
    q.run();
  }
  {
    auto db = storage::Db::open(copy.path(), false);
    // §0.6: a server accepts a file without a `col` table and builds an empty collection from it, so
    // never send one.
    if (storage::schema_version(*db) != 18)
      throw SyncError(SyncErrorKind::Protocol, "sync: the copy made for the upload is not a schema-18 collection");
    db->exec("BEGIN");
    storage::prepare_full_upload(*db, session.clock().now().v);
    db->exec("COMMIT");
    if (!compact) db->exec("ANALYZE");
    db->close();
  }
  std::string bytes = read_file(copy.path());
  // Anki refuses this before sending, for AnkiWeb only (§5.3); other servers judge for themselves.
  if (transport.endpoint().find("ankiweb") != std::string::npos && bytes.size() >= kAnkiWebMaxUploadBytes)
    throw SyncError(SyncErrorKind::TooLarge, "sync: the collection is too large to upload to AnkiWeb (" +
                                                 std::to_string(bytes.size() >> 20) + " MiB; the limit is 300 MiB)");
  std::string answer = transport.post_ok("upload", bytes);
  if (answer != "OK")
    throw SyncError(SyncErrorKind::ServerMessage, "sync: the server refused the upload: " + answer + " (" +
                                                      transport.endpoint() + ")");
  swap_in(session, copy);
  session.col();  // reopen now, so a problem shows here rather than on the next request
  return bytes.size();
}

size_t full_download(Session& session, Transport& transport) {
  std::string bytes = transport.post_ok("download", "{}");
  TempFile file(session.collection_file().string() + ".download.tmp");
  write_file_synced(file.path(), bytes);
  {
    std::unique_ptr<storage::Db> db;
    try {
      db = storage::Db::open(file.path(), false);
    } catch (const std::exception& e) {
      throw SyncError(SyncErrorKind::Protocol, "sync: the downloaded collection cannot be opened: " + std::string(e.what()));
    }
    std::vector<std::string> problems;
    int version = -1;
    try {
      problems = storage::integrity_problems(*db);
      version = storage::schema_version(*db);
    } catch (const std::exception& e) {
      problems.push_back(e.what());
    }
    if (!problems.empty())
      throw SyncError(SyncErrorKind::Protocol, "sync: the downloaded collection is corrupt: " + problems.front());
    if (version < 11 || version > 18)
      throw SyncError(SyncErrorKind::Protocol, "sync: the downloaded file is not a collection this server can open "
                                               "(schema " + std::to_string(version) + ")");
    storage::mark_downloaded(*db);
    db->close();
  }
  swap_in(session, file);
  session.col();
  return bytes.size();
}

}  // namespace ankc::native::sync
