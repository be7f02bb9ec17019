#include "backends/native/backups/backup.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <mutex>

#include "backends/action_error.h"
#include "backends/native/packages/modern_export.h"
#include "backends/native/packages/package_format.h"
#include "backends/native/packages/replace_collection.h"
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
  // Two backups within one second (one asked for just before an import's safety backup) must not
  // overwrite each other: the later takes the next free second of the name.
  std::error_code ec;
  LocalTime at = when;
  for (int i = 0; fs::exists(target, ec) && i < 3600; ++i) {
    at = local_time(wall_seconds(at) + 1, 0);
    target = snapshot.folder() / backup_file_name(at);
  }
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

Replaced replace_collection(Session& session, const fs::path& colpkg, const BackupLimits& limits) {
  return packages::replace_collection(session, colpkg, [&limits](Session& s) { return backup_now(s, limits); });
}

}  // namespace ankc::native::backups
