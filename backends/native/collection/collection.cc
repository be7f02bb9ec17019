#include "backends/native/collection/collection.h"

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
  if (!exists) {
    auto db = storage::Db::open(path, true, storage::Db::Locking::shared_writer);
    try {
      db->enable_wal();
      create_collection(*db, clock, random);
    } catch (...) {
      db->close();
      std::filesystem::remove(path, ec);
      std::filesystem::remove(path.string() + "-wal", ec);
      std::filesystem::remove(path.string() + "-shm", ec);
      throw;
    }
    return std::unique_ptr<Collection>(new Collection(std::move(db), clock, random));
  }
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
