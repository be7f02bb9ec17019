#include "backends/native/backups/backup.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>

#include "backends/action_error.h"
#include "backends/native/packages/modern_export.h"
#include "backends/native/packages/package_format.h"
#include "backends/native/packages/temp_dir.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/packages/zstd_frames.h"
#include "backends/native/session.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/dbcheck/invariant_sql.h"

namespace ankc::native::backups {
namespace fs = std::filesystem;

namespace {

constexpr const char* kWorkPrefix = ".ankc-backup-";

void fsync_path(const fs::path& p, int flags) {
  int fd = open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;
  fsync(fd);
  close(fd);
}

std::vector<std::string> backup_names(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (parse_backup_file_name(name)) names.push_back(name);
  }
  return names;
}

fs::path make_work_folder(const fs::path& folder) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  std::string pattern = (folder / (std::string(kWorkPrefix) + "XXXXXX")).string();
  if (!mkdtemp(pattern.data())) throw ActionError("backup: cannot create a work folder in " + folder.string());
  return pattern;
}

// The legacy dummy member is the same for every backup (one note asking to update Anki): built once per
// process, since building it creates a whole collection.
std::string dummy_collection(Session& session) {
  static std::mutex mutex;
  static std::string dummy;
  std::lock_guard lock(mutex);
  if (dummy.empty()) dummy = packages::latest_dummy_collection(session);
  return dummy;
}

}  // namespace

fs::path backups_folder(const fs::path& collection_file) { return collection_file.parent_path() / "backups"; }

LocalTime local_now(Session& session) {
  int64_t secs = session.clock().now_secs().v;
  return local_time(secs, session.clock().minutes_west(session.clock().now_secs()));
}

Snapshot::~Snapshot() {
  std::error_code ec;
  fs::remove_all(work_, ec);
}

std::unique_ptr<Snapshot> take_snapshot(Session& session) {
  fs::path folder = backups_folder(session.collection_file());
  fs::path work = make_work_folder(folder);
  try {
    packages::snapshot_collection(session, work / "collection.anki2");
    return std::make_unique<Snapshot>(folder, work, dummy_collection(session));
  } catch (...) {
    std::error_code ec;
    fs::remove_all(work, ec);
    throw;
  }
}

fs::path write_backup(const Snapshot& snapshot, const LocalTime& when, const BackupLimits& limits) {
  fs::path target = snapshot.folder() / backup_file_name(when);
  // write_latest_package goes through a PendingFile: hidden temporary name, fsync, rename, folder fsync.
  packages::write_latest_package(snapshot.collection(), snapshot.dummy(), snapshot.folder(), {}, target);
  thin_backups(snapshot.folder(), when, limits);
  return target;
}

int thin_backups(const fs::path& folder, const LocalTime& today, const BackupLimits& limits) {
  int removed = 0;
  for (const std::string& name : obsolete_backups(today, limits, backup_names(folder))) {
    std::error_code ec;
    if (fs::remove(folder / name, ec)) ++removed;
  }
  if (removed) fsync_path(folder, O_RDONLY | O_DIRECTORY);
  return removed;
}

bool has_recent_backup(const fs::path& folder, const LocalTime& now, int interval_minutes) {
  return seconds_until_allowed(folder, now, interval_minutes) > 0;
}

int64_t seconds_until_allowed(const fs::path& folder, const LocalTime& now, int interval_minutes) {
  int64_t now_s = wall_seconds(now), wait = 0;
  for (const std::string& name : backup_names(folder)) {
    int64_t age = now_s - wall_seconds(*parse_backup_file_name(name));
    if (age >= 0 && age < int64_t(interval_minutes) * 60) wait = std::max(wait, int64_t(interval_minutes) * 60 - age);
  }
  return wait;
}

void sweep_partial_backups(const fs::path& folder) {
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::error_code ignored;
    if (it->is_symlink(ignored)) continue;
    // A work folder, or a PendingFile's ".backup-....colpkg.XXXXXX".
    bool work = name.rfind(kWorkPrefix, 0) == 0 && it->is_directory(ignored);
    bool pending = name.rfind(".backup-", 0) == 0 && name.find(".colpkg.") != std::string::npos;
    if (work || pending) fs::remove_all(it->path(), ignored);
  }
}

fs::path backup_now(Session& session, const BackupLimits& limits) {
  auto snapshot = take_snapshot(session);
  return write_backup(*snapshot, local_now(session), limits);
}

void extract_checked_collection(const fs::path& colpkg, const fs::path& to, int64_t max_bytes) {
  auto fail = [&](const std::string& why) -> ActionError {
    return ActionError(colpkg.string() + " is not a usable collection package: " + why);
  };
  try {
    packages::ZipReader zip(colpkg, max_bytes);
    packages::PackageVersion version = packages::package_version(zip);
    std::string member = packages::collection_member(version);
    bool found = version == packages::PackageVersion::Latest ? packages::extract_zstd_member(zip, member, to)
                                                             : zip.extract(member, to);
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
  packages::ZipReader zip(colpkg, max_bytes);
  if (packages::package_version(zip) != packages::PackageVersion::Latest) return 0;
  int written = 0;
  std::error_code ec;
  fs::create_directories(media_folder, ec);
  for (const auto& entry : packages::read_latest_media(zip)) {
    fs::path temp = work / ("media-" + entry.member);
    if (!packages::extract_zstd_member(zip, entry.member, temp)) continue;
    fs::rename(temp, media_folder / entry.name, ec);
    if (ec) throw ActionError("cannot write media file " + entry.name + ": " + ec.message());
    ++written;
  }
  return written;
}

}  // namespace

Replaced replace_collection(Session& session, const fs::path& colpkg, const BackupLimits& limits) {
  const fs::path target = session.collection_file();
  packages::TempDir work(target.parent_path());
  fs::path fresh = work.path() / "collection.anki2";
  extract_checked_collection(colpkg, fresh, session.info().package_max_bytes);

  Replaced out;
  std::error_code ec;
  if (fs::exists(target, ec)) out.safety_backup = backup_now(session, limits);
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

}  // namespace ankc::native::backups
