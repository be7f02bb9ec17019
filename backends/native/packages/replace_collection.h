// Replacing a profile's whole collection by the one in a .colpkg, as Anki treats importing a collection
// package (and as restoring a backup does): the package's collection is extracted and checked before
// anything changes, the current collection is backed up (by the caller's hook), then the checked file
// is renamed over the old one and the session reopens it, so an open collection is swapped without a
// restart. importPackage of a .colpkg, `ankiconnectd import`/`restore` and backups::replace_collection
// come here.
#pragma once

#include <filesystem>
#include <cstdint>
#include <functional>

namespace ankc::native {

class Session;

namespace packages {

// Extracts the collection of the .colpkg at colpkg to `to` and checks it: a zip with a known `meta`,
// a collection member that decompresses within max_bytes (0 = unlimited), an SQLite file passing
// integrity_check, a schema Anki's collections have (11-18) and a `col` row. Throws ActionError naming
// the problem ("... is not a usable collection package: ...").
void extract_checked_collection(const std::filesystem::path& colpkg, const std::filesystem::path& to, int64_t max_bytes);

// What replace_collection did.
struct Replaced {
  std::filesystem::path safety_backup;  // the backup of the collection it replaced ("" when there was none)
  int media_written = 0;                // media files of the package written to the media folder
};

// Makes a backup of the session's (open) collection now and returns its path; throws on failure.
using SafetyBackup = std::function<std::filesystem::path(Session&)>;

// Replaces the session's collection with the package's: checked first (nothing changes when it fails),
// its schema marked modified (the next sync is a full one, as in Anki), then, when a collection exists, backed up by `backup` (a failed backup stops the replacement), then
// the new file is renamed over the old one (stale -wal/-shm removed first, the folder fsynced) and the
// session reopens it. The package's media files (latest format) are added to the media folder,
// replacing files of the same name; files it does not name stay. The session's in-memory state (gui
// windows) is kept. Throws ActionError.
Replaced replace_collection(Session& session, const std::filesystem::path& colpkg, const SafetyBackup& backup);

}  // namespace packages
}  // namespace ankc::native
