// Backups of a profile's collection as Anki desktop keeps them: a latest-format .colpkg without media
// (as Anki's) named after the local time in <profile>/backups/, thinned by Anki's rule (retention.h).
// A backup is made in two steps so API requests wait only for the first: take_snapshot() copies the
// open collection consistently (VACUUM INTO) and must run under the collection lock; write_backup()
// compresses that copy, writes it to a hidden temporary name, fsyncs it and renames it into place (so a
// backup name never holds a partial file) and then thins the folder; it needs no lock.
// Restoring (and importing a .colpkg, which Anki also treats as replacing the collection) checks the
// package's collection before anything changes, backs the current collection up, then swaps the file
// atomically and reopens it.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "backends/native/backups/retention.h"
#include "backends/native/packages/replace_collection.h"

namespace ankc::native {

class Session;

namespace backups {

// <profile folder>/backups for the collection file <profile folder>/collection.anki2.
std::filesystem::path backups_folder(const std::filesystem::path& collection_file);

// The session's clock read as local time (the time backup names hold).
LocalTime local_now(Session& session);

// A consistent copy of a collection waiting to be written as a backup; its files are removed with it.
class Snapshot {
 public:
  Snapshot(std::filesystem::path folder, std::filesystem::path work, std::string dummy)
      : folder_(std::move(folder)), work_(std::move(work)), dummy_(std::move(dummy)) {}
  ~Snapshot();
  Snapshot(const Snapshot&) = delete;
  Snapshot& operator=(const Snapshot&) = delete;
  const std::filesystem::path& folder() const { return folder_; }    // the backups folder
  std::filesystem::path collection() const { return work_ / "collection.anki2"; }
  const std::string& dummy() const { return dummy_; }               // the legacy dummy member

 private:
  std::filesystem::path folder_;
  std::filesystem::path work_;  // a hidden ".ankc-backup-XXXXXX" folder inside folder_
  std::string dummy_;
};

// Under the collection lock: copies the open collection into a hidden work folder of the backups folder.
// Throws ActionError when the copy cannot be made.
std::unique_ptr<Snapshot> take_snapshot(Session& session);

// Off the lock: writes the snapshot as backup-<when>.colpkg (the next free second when that name is
// taken; temporary name, fsync, rename, folder fsync),
// then removes the backups Anki's rule drops. Returns the new backup's path. Throws ActionError.
std::filesystem::path write_backup(const Snapshot& snapshot, const LocalTime& when, const BackupLimits& limits);

// Deletes the backups of `folder` the rule drops on `today`; returns how many.
int thin_backups(const std::filesystem::path& folder, const LocalTime& today, const BackupLimits& limits);

// True when a backup in folder is named less than interval_minutes before now (as Anki, which skips a
// backup when one is that recent).
bool has_recent_backup(const std::filesystem::path& folder, const LocalTime& now, int interval_minutes);
// How long until has_recent_backup turns false (0 = now).
int64_t seconds_until_allowed(const std::filesystem::path& folder, const LocalTime& now, int interval_minutes);

// Removes what a killed backup left in folder: hidden work folders and temporary package files. Call
// only while no backup of this process is being written there.
void sweep_partial_backups(const std::filesystem::path& folder);

// take_snapshot + write_backup in one go, for a caller that holds the collection throughout (the CLI).
std::filesystem::path backup_now(Session& session, const BackupLimits& limits);

// The .colpkg checks and the collection swap live in packages/replace_collection.h.
using packages::extract_checked_collection;
using packages::Replaced;

// Replaces the session's collection with the package's: checked first (nothing changes when it fails),
// then the current collection is backed up with backup_now (thinned with limits), then the new file is renamed over the
// old one (stale -wal/-shm removed first) and the session reopens it. The package's media files
// (latest format) are added to the media folder, replacing files of the same name; files it does not
// name stay. Throws ActionError.
Replaced replace_collection(Session& session, const std::filesystem::path& colpkg, const BackupLimits& limits);

}  // namespace backups
}  // namespace ankc::native
