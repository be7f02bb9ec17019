#include "backends/native/collection/collection.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "backends/action_error.h"
#include "backends/native/storage/col/col.h"

namespace ankc::native {

Collection::Collection(std::unique_ptr<storage::Db> db, Clock& clock, Random& random)
    : db_(std::move(db)), clock_(clock), random_(random) {}

Collection::~Collection() { close(); }

void Collection::close() {
  if (db_) db_->close();
}

// Checks the schema version before anything is written (spec §9.1); throws with a clear text.
static void check_version(storage::Db& db, const std::filesystem::path& path) {
  int ver = storage::schema_version(db);
  std::string file = path.string();
  if (ver < 0) throw ActionError("not an Anki collection (no col table): " + file);
  if (ver < 11)
    throw ActionError("collection schema " + std::to_string(ver) + " is too old to open (minimum is 11, Anki 2.0): " + file);
  if (ver == 12 || ver == 13)
    throw ActionError("collection schema " + std::to_string(ver) + " is a development version that cannot be opened: " + file);
  if (ver > 18)
    throw ActionError("collection schema " + std::to_string(ver) + " is too new (written by a newer Anki): " + file);
}

// A new collection is built whole under a temporary name in the same folder, then linked into place
// (never over an existing file: a process that created one meanwhile wins and we open that). A crash
// at any point leaves either no collection or a complete one, never a half-created file.
static void create_in_place(const std::filesystem::path& path, Clock& clock, Random& random) {
  std::filesystem::path temp = path;
  temp += ".creating-" + std::to_string(::getpid());
  std::error_code ec;
  auto remove_temp = [&] {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(temp.string() + suffix, ec);
  };
  remove_temp();
  // Left by a process killed while creating one (its pid is gone): removed.
  std::string stem = path.filename().string() + ".creating-";
  for (const auto& entry : std::filesystem::directory_iterator(path.parent_path().empty() ? "." : path.parent_path(), ec)) {
    std::string name = entry.path().filename().string();
    if (name.rfind(stem, 0) != 0) continue;
    long pid = std::strtol(name.c_str() + stem.size(), nullptr, 10);
    if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH) std::filesystem::remove(entry.path(), ec);
  }
  try {
    auto db = storage::Db::open(temp, true);
    db->enable_wal();
    create_collection(*db, clock, random);
    db->close();  // checkpointed: the whole collection is in the file, the WAL removed
    int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
      if (fd >= 0) ::close(fd);
      throw ActionError("cannot create collection: fsync " + temp.string() + ": " + std::strerror(errno));
    }
    ::close(fd);
  } catch (...) {
    remove_temp();
    throw;
  }
  // link() fails with EEXIST instead of replacing a collection another process made meanwhile.
  if (::link(temp.c_str(), path.c_str()) != 0 && errno != EEXIST) {
    std::string why = std::strerror(errno);
    remove_temp();
    throw ActionError("cannot create collection: " + path.string() + ": " + why);
  }
  remove_temp();
  int dir = ::open(path.parent_path().empty() ? "." : path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

std::unique_ptr<Collection> Collection::open(const std::filesystem::path& path, Clock& clock, Random& random) {
  return open_impl(path, clock, random, true);
}

std::unique_ptr<Collection> Collection::open_existing(const std::filesystem::path& path, Clock& clock,
                                                      Random& random) {
  return open_impl(path, clock, random, false);
}

std::unique_ptr<Collection> Collection::open_impl(const std::filesystem::path& path, Clock& clock,
                                                   Random& random, bool may_create) {
  std::error_code ec;
  bool exists = std::filesystem::exists(path, ec);
  if (!exists && !may_create) throw ActionError("collection file not found: " + path.string());
  if (!exists) create_in_place(path, clock, random);
  auto db = storage::Db::open(path, false, storage::Db::Locking::shared_writer);
  check_version(*db, path);
  int ver = storage::schema_version(*db);
  db->enable_wal();
  if (ver < 18) upgrade_to_current(*db, clock, random);
  return std::unique_ptr<Collection>(new Collection(std::move(db), clock, random));
}

std::unique_ptr<Collection> Collection::open_reader(const std::filesystem::path& path, Clock& clock,
                                                    Random& random) {
  auto db = storage::Db::open(path, false, storage::Db::Locking::reader);
  return std::unique_ptr<Collection>(new Collection(std::move(db), clock, random));
}

}  // namespace ankc::native
