#include "backends/native/packages/package_path.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "backends/action_error.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/session.h"

namespace ankc::native::packages {
namespace fs = std::filesystem;

namespace {

std::string os_error(int err, const fs::path& path) {
  return "[Errno " + std::to_string(err) + "] " + std::strerror(err) + ": " + python_path_repr(path);
}

// p is dir or lies inside it (both canonical).
bool is_within(const fs::path& p, const fs::path& dir) {
  fs::path rel = p.lexically_relative(dir);
  return !rel.empty() && *rel.begin() != "..";
}

fs::path canonical_or_self(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? p.lexically_normal() : c;
}

// The one rule for relative paths: against the first root, else the profile's folder.
fs::path resolve(const Session& session, const std::string& given) {
  if (given.find('\0') != std::string::npos) throw ActionError("embedded null byte");
  if (given.empty()) throw ActionError(os_error(ENOENT, given));
  fs::path p(given);
  if (p.is_absolute()) return p;
  const auto& roots = session.info().package_path_roots;
  fs::path base = roots.empty() ? session.collection_file().parent_path() : roots.front();
  std::error_code ec;
  return fs::absolute(base, ec) / p;
}

bool inside_roots(const Session& session, const fs::path& canonical) {
  const auto& roots = session.info().package_path_roots;
  if (roots.empty()) return true;
  for (const auto& root : roots)
    if (is_within(canonical, canonical_or_self(root))) return true;
  return false;
}

std::string outside_roots(const fs::path& p) {
  return "package path is outside the folders packagePathRoots allows: " + python_path_repr(p);
}

}  // namespace

std::vector<fs::path> profile_protected_paths(const fs::path& collection_file, const fs::path& media_folder) {
  std::vector<fs::path> out;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    out.emplace_back(collection_file.string() + suffix);
    out.emplace_back(media_folder.string() + ".db2" + suffix);
  }
  out.push_back(media_folder);
  out.push_back(collection_file.parent_path() / "media.trash");
  out.push_back(collection_file.parent_path() / "backups");
  return out;
}

fs::path package_source(const Session& session, const std::string& given) {
  fs::path p = resolve(session, given);
  if (!inside_roots(session, canonical_or_self(p))) throw ActionError(outside_roots(p));
  return p;
}

fs::path package_target(const Session& session, const std::string& given) {
  fs::path p = resolve(session, given);
  fs::path name = p.filename();
  if (name.empty() || name == "." || name == "..") throw ActionError(os_error(EISDIR, p));
  // Folders on the way may be symbolic links (resolved here); the last component is checked below.
  fs::path canonical = canonical_or_self(p.parent_path()) / name;
  if (!inside_roots(session, canonical)) throw ActionError(outside_roots(p));
  std::vector<fs::path> guarded = profile_protected_paths(session.collection_file(), session.media_folder());
  guarded.insert(guarded.end(), session.info().protected_paths.begin(), session.info().protected_paths.end());
  for (const auto& g : guarded)
    if (is_within(canonical, canonical_or_self(g)))
      throw ActionError("refusing to write a package onto or into a profile's collection, media or backups, "
                        "or the config file: " + python_path_repr(p));
  struct stat st;
  if (lstat(canonical.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode))
      throw ActionError("refusing to write a package through a symbolic link: " + python_path_repr(p));
    if (S_ISDIR(st.st_mode)) throw ActionError(os_error(EISDIR, p));
    if (!S_ISREG(st.st_mode))
      throw ActionError("refusing to write a package onto something other than a file: " + python_path_repr(p));
  }
  return canonical;
}

PendingFile::PendingFile(fs::path target) : target_(std::move(target)) {
  // ".<name>.XXXXXX" in the target folder (same file system, so the rename is atomic); long names
  // are cut so the temporary name stays within NAME_MAX.
  std::string base = target_.filename().string().substr(0, 200);
  std::string pattern = (target_.parent_path() / ("." + base + ".XXXXXX")).string();
  int fd = mkstemp(pattern.data());
  if (fd < 0) throw ActionError(os_error(errno, target_));
  close(fd);
  temp_ = pattern;
}

PendingFile::~PendingFile() {
  if (!done_) unlink(temp_.c_str());
}

void PendingFile::commit() {
  int fd = open(temp_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw ActionError(os_error(errno, target_));
  // Readable as a file Python's open() creates under the usual umask (mkstemp made it 0600).
  bool ok = fchmod(fd, 0644) == 0 && fsync(fd) == 0;
  int err = errno;
  close(fd);
  if (!ok) throw ActionError(os_error(err, target_));
  if (rename(temp_.c_str(), target_.c_str()) != 0) throw ActionError(os_error(errno, target_));
  done_ = true;
  int dir = open(target_.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    fsync(dir);  // the rename itself survives a crash
    close(dir);
  }
}

}  // namespace ankc::native::packages
