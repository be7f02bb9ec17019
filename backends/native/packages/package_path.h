// Where exportPackage may write and importPackage may read (config packagePathRoots), and how a package
// reaches its target. AnkiConnect opens whatever path a client names; a server must not, so:
// - a relative path is taken relative to the first of packagePathRoots, or to the active profile's
//   folder when there are none: never the process's working directory;
// - with roots, the path (symbolic links in its folders resolved) must lie inside one of them;
// - whatever the roots, nothing is written onto or inside a profile's collection file (and its
//   -wal/-shm/-journal), media folder, media database, media.trash, backups folder or the config file,
//   and a symbolic link at the last component is never followed;
// - a package is written to a temporary name in the target folder, fsynced and renamed into place,
//   so the target holds the old file or the whole new package, never a partial one.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace ankc::native {
class Session;
}

namespace ankc::native::packages {

// The files and folders of the profile whose collection is collection_file and whose media folder is
// media_folder that no package may be written onto or into.
std::vector<std::filesystem::path> profile_protected_paths(const std::filesystem::path& collection_file,
                                                          const std::filesystem::path& media_folder);

// The path importPackage reads: `given` resolved as above (absolute paths are kept as given, so error
// texts name them as AnkiConnect would). Throws ActionError when packagePathRoots refuses it.
std::filesystem::path package_source(const Session& session, const std::string& given);

// The path exportPackage writes: `given` resolved and checked as above. Throws ActionError naming
// the rule that refuses it.
std::filesystem::path package_target(const Session& session, const std::string& given);

// A temporary file beside the target, renamed onto it by commit(); removed when commit() is not
// reached.
class PendingFile {
 public:
  // Creates the temporary file (mode 0600 then widened to the umask's default, as open() would).
  // Throws ActionError with Python's OSError text naming target when the folder refuses it.
  explicit PendingFile(std::filesystem::path target);
  ~PendingFile();
  PendingFile(const PendingFile&) = delete;
  PendingFile& operator=(const PendingFile&) = delete;

  // Where to write the contents.
  const std::filesystem::path& path() const { return temp_; }
  // fsyncs the temporary file, renames it onto the target (replacing a file, never following a
  // symbolic link there) and fsyncs the folder. Throws ActionError.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool done_ = false;
};

}  // namespace ankc::native::packages
