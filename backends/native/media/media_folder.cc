#include "backends/native/media/media_folder.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <fstream>
#include <system_error>

#include "backends/action_error.h"
#include "backends/native/media/filename.h"
#include "backends/native/media/glob.h"
#include "backends/native/media/media_db.h"

namespace ankc::native::media {
namespace fs = std::filesystem;
namespace {

std::string digest_hex(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, md, nullptr);
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned i = 0; i < len; ++i) s.push_back(hex[out[i] >> 4]), s.push_back(hex[out[i] & 15]);
  return s;
}

std::optional<std::string> read_file(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

constexpr std::string_view kTempPrefix = ".ankc-media-";

void fsync_path(const fs::path& p, int flags) {
  int fd = ::open(p.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// data under a temporary name in p's folder, fsynced, renamed onto p, folder fsynced: p holds its
// old contents or all of data, whenever the process dies.
void write_file(const fs::path& p, std::string_view data) {
  std::string temp = (p.parent_path() / (std::string(kTempPrefix) + "XXXXXX")).string();
  int fd = ::mkstemp(temp.data());
  if (fd < 0) throw ActionError("could not write media file: " + p.filename().string());
  bool ok = ::fchmod(fd, 0644) == 0;  // as Python's open() under the usual umask (mkstemp gives 0600)
  for (size_t done = 0; ok && done < data.size();) {
    ssize_t n = ::write(fd, data.data() + done, std::min<size_t>(data.size() - done, size_t(1) << 30));
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += size_t(n);
  }
  ok = ok && ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(temp.c_str(), p.c_str()) != 0) {
    ::unlink(temp.c_str());
    throw ActionError("could not write media file: " + p.filename().string());
  }
  fsync_path(p.parent_path(), O_RDONLY | O_DIRECTORY);
}

// The trash copy Anki's trash_files leaves (media.trash/<name>, replacing one there, mtime now),
// made while the file stays in place: a hard link, or a copy where links are not possible.
void keep_in_trash(const fs::path& file, const fs::path& trash_dir) {
  std::error_code ec;
  fs::create_directories(trash_dir, ec);
  fs::path dst = trash_dir / file.filename();
  fs::remove(dst, ec);
  if (::link(file.c_str(), dst.c_str()) != 0) {
    fs::copy_file(file, dst, fs::copy_options::overwrite_existing, ec);
    if (ec) throw ActionError("[Errno " + std::to_string(ec.value()) + "] " + ec.message());
  }
  fsync_path(trash_dir, O_RDONLY | O_DIRECTORY);
}

void touch(const fs::path& p) { ::utimensat(AT_FDCWD, p.c_str(), nullptr, 0); }

}  // namespace

std::string sha1_hex(std::string_view data) { return digest_hex(EVP_sha1(), data); }
std::string md5_hex(std::string_view data) { return digest_hex(EVP_md5(), data); }

MediaFolder::MediaFolder(fs::path folder) : folder_(std::move(folder)) {}
MediaFolder::~MediaFolder() = default;

MediaDb& MediaFolder::db() {
  if (!db_) {
    fs::create_directories(folder_);
    db_ = std::make_unique<MediaDb>(fs::path(folder_.string() + ".db2"));
    // Temporaries of a process killed mid-write (one process holds a profile at a time).
    std::error_code ec;
    for (fs::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code ignored;
      if (it->path().filename().string().rfind(kTempPrefix, 0) == 0 && it->is_regular_file(ignored))
        fs::remove(it->path(), ignored);
    }
  }
  return *db_;
}

std::string MediaFolder::add_file(std::string_view desired_name, std::string_view data) {
  std::string name = normalize_filename(desired_name);
  if (!is_safe_component(name)) throw ActionError("invalid media file name: " + std::string(desired_name));
  MediaDb& mdb = db();
  int64_t start_mtime = mtime_ms(folder_);
  std::string hash = sha1_hex(data);
  mdb.begin();
  try {
    fs::path target = folder_ / name;
    std::optional<std::string> existing = read_file(target);
    std::error_code ec;
    if (!existing && fs::exists(fs::symlink_status(target, ec)))
      throw ActionError("invalid media file name: " + name);  // a directory or special file
    if (!existing) {
      write_file(target, data);
    } else if (sha1_hex(*existing) != hash) {
      name = hash_suffixed_name(name, hash);
      target = folder_ / name;
      write_file(target, data);
    }
    auto entry = mdb.get(name);
    if (!entry || entry->sha1_hex != hash) mdb.put(MediaEntry{name, hash, mtime_ms(target) / 1000, true});
    // Keep the database "in sync with the folder" only if it was before (Anki's rule).
    if (mdb.folder_mtime() == start_mtime) mdb.set_folder_mtime(mtime_ms(folder_));
    mdb.commit();
  } catch (...) {
    mdb.rollback();
    throw;
  }
  return name;
}

std::string MediaFolder::replace_file(std::string_view desired_name, std::string_view data) {
  std::string name = normalize_filename(desired_name);
  fs::path target = folder_ / name;
  std::error_code ec;
  if (name != desired_name || !is_safe_component(name) || !fs::is_regular_file(fs::symlink_status(target, ec))) {
    trash(desired_name);
    return add_file(desired_name, data);
  }
  MediaDb& mdb = db();
  int64_t start_mtime = mtime_ms(folder_);
  std::string hash = sha1_hex(data);
  fs::path trash_dir = folder_.parent_path() / "media.trash";
  mdb.begin();
  try {
    keep_in_trash(target, trash_dir);
    write_file(target, data);
    touch(trash_dir / name);  // Anki dates the trash copy, so it can expire
    // trash() marks the entry deleted and add_file() records it again: the net effect.
    mdb.put(MediaEntry{name, hash, mtime_ms(target) / 1000, true});
    if (mdb.folder_mtime() == start_mtime) mdb.set_folder_mtime(mtime_ms(folder_));
    mdb.commit();
  } catch (...) {
    mdb.rollback();
    throw;
  }
  return name;
}

void MediaFolder::trash(std::string_view name) {
  if (!is_safe_component(name)) return;
  fs::path src = folder_ / std::string(name);
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(src, ec))) return;
  MediaDb& mdb = db();
  int64_t start_mtime = mtime_ms(folder_);
  fs::path trash = folder_.parent_path() / "media.trash";
  fs::create_directories(trash, ec);
  mdb.begin();
  try {
    fs::rename(src, trash / std::string(name), ec);
    if (ec) throw ActionError("[Errno " + std::to_string(ec.value()) + "] " + ec.message());
    if (auto entry = mdb.get(name)) {
      entry->sha1_hex.reset();
      entry->mtime = 0;
      entry->dirty = true;
      mdb.put(*entry);
    }
    if (mdb.folder_mtime() == start_mtime) mdb.set_folder_mtime(mtime_ms(folder_));
    mdb.commit();
  } catch (...) {
    mdb.rollback();
    throw;
  }
}

std::optional<std::string> MediaFolder::read(std::string_view name) const {
  if (!is_safe_component(name)) return std::nullopt;
  return read_file(folder_ / std::string(name));
}

bool MediaFolder::exists(std::string_view name) const {
  std::error_code ec;
  return is_safe_component(name) && fs::is_regular_file(folder_ / std::string(name), ec);
}

std::vector<std::string> MediaFolder::list(std::string_view pattern) const {
  std::vector<std::string> out;
  if (pattern.find('/') != std::string_view::npos || pattern.find('\0') != std::string_view::npos) return out;
  std::error_code ec;
  if (!has_magic(pattern)) {
    // glob without wildcards: the name itself when it exists (hidden or not).
    if (!pattern.empty() && pattern != "." && pattern != ".." && fs::exists(fs::symlink_status(folder_ / std::string(pattern), ec)))
      out.emplace_back(pattern);
    return out;
  }
  bool hidden_ok = !pattern.empty() && pattern.front() == '.';
  for (fs::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!hidden_ok && !name.empty() && name.front() == '.') continue;
    if (fnmatch(name, pattern)) out.push_back(std::move(name));
  }
  return out;
}

}  // namespace ankc::native::media
