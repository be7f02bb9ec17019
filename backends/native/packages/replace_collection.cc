#include "backends/native/packages/replace_collection.h"

#include <fcntl.h>
#include <unistd.h>

#include "backends/action_error.h"
#include "backends/native/packages/package_format.h"
#include "backends/native/packages/temp_dir.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/packages/zstd_frames.h"
#include "backends/native/session.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/dbcheck/invariant_sql.h"

namespace ankc::native::packages {
namespace fs = std::filesystem;

namespace {

void fsync_path(const fs::path& p, int flags) {
  int fd = open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;
  fsync(fd);
  close(fd);
}

}  // namespace

void extract_checked_collection(const fs::path& colpkg, const fs::path& to, int64_t max_bytes) {
  auto fail = [&](const std::string& why) -> ActionError {
    return ActionError(colpkg.string() + " is not a usable collection package: " + why);
  };
  try {
    ZipReader zip(colpkg, max_bytes);
    PackageVersion version = package_version(zip);
    std::string member = collection_member(version);
    bool found = version == PackageVersion::Latest ? extract_zstd_member(zip, member, to) : zip.extract(member, to);
    if (!found) throw fail("it has no " + member + " member");
  } catch (const ActionError& e) {
    if (std::string(e.what()).find("is not a usable collection package") != std::string::npos) throw;
    throw fail(e.what());
  }
  std::unique_ptr<storage::Db> db;
  try {
    db = storage::Db::open(to, false);
  } catch (const std::exception& e) {
    throw fail(e.what());
  }
  std::vector<std::string> problems;
  int version = -1;
  try {
    problems = storage::integrity_problems(*db);
    version = storage::schema_version(*db);
  } catch (const std::exception& e) {
    problems.push_back(e.what());
  }
  db->close();
  if (!problems.empty()) throw fail("its collection is corrupt: " + problems.front());
  if (version < 11 || version > 18)
    throw fail(version < 0 ? std::string("its collection has no col row")
                           : "its collection has schema " + std::to_string(version) + " (11 to 18 are known)");
}

namespace {

// The latest package's media files into the media folder (each via a temporary file and a rename).
int write_package_media(const fs::path& colpkg, const fs::path& media_folder, const fs::path& work, int64_t max_bytes) {
  ZipReader zip(colpkg, max_bytes);
  if (package_version(zip) != PackageVersion::Latest) return 0;
  int written = 0;
  std::error_code ec;
  fs::create_directories(media_folder, ec);
  for (const auto& entry : read_latest_media(zip)) {
    fs::path temp = work / ("media-" + entry.member);
    if (!extract_zstd_member(zip, entry.member, temp)) continue;
    fs::rename(temp, media_folder / entry.name, ec);
    if (ec) throw ActionError("cannot write media file " + entry.name + ": " + ec.message());
    ++written;
  }
  return written;
}

}  // namespace

Replaced replace_collection(Session& session, const fs::path& colpkg, const SafetyBackup& backup) {
  const fs::path target = session.collection_file();
  TempDir work(target.parent_path());
  fs::path fresh = work.path() / "collection.anki2";
  extract_checked_collection(colpkg, fresh, session.info().package_max_bytes);
  // As Anki: the replaced collection's next sync is a full one, so the server's copy cannot merge
  // into (or be merged with) a collection that went back in time.
  {
    auto db = storage::Db::open(fresh, false);
    storage::set_col_schema_modified(*db, session.clock().now());
    db->close();
  }

  Replaced out;
  std::error_code ec;
  if (fs::exists(target, ec)) out.safety_backup = backup(session);
  fsync_path(fresh, O_RDONLY);
  session.close();
  for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(target.string() + suffix, ec);
  fs::rename(fresh, target, ec);
  if (ec) throw ActionError("cannot replace " + target.string() + ": " + ec.message());
  fsync_path(target.parent_path(), O_RDONLY | O_DIRECTORY);
  session.col();  // reopen now, so a problem shows here rather than on the next request
  out.media_written = write_package_media(colpkg, session.media_folder(), work.path(), session.info().package_max_bytes);
  return out;
}

}  // namespace ankc::native::packages
