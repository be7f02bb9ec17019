// An open Anki collection file: the SQLite connection plus the clock and random source every write
// needs. open() holds the file against other programs (storage::Db::Locking::shared_writer) while
// letting this process read it on more connections (open_reader). open() accepts schema 11-18 (11-17 are upgraded to 18 in one transaction) and creates a
// brand-new collection exactly as current Anki does when the file does not exist.
#pragma once

#include <filesystem>
#include <memory>

#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"
#include "backends/native/storage/db.h"

namespace ankc::native {

class Collection {
 public:
  // Opens path, creating a new collection when the file is missing. Throws ActionError with a clear
  // text (and leaves the file byte-for-byte untouched) for: a file held by another process
  // (storage::kCollectionLocked), not an SQLite file / not a collection, schema < 11, 12-13, > 18.
  // clock and random must outlive the Collection.
  static std::unique_ptr<Collection> open(const std::filesystem::path& path, Clock& clock, Random& random);
  // Like open() but never creates (a missing file throws ActionError).
  static std::unique_ptr<Collection> open_existing(const std::filesystem::path& path, Clock& clock, Random& random);
  // One more connection, read-only (writes fail), on a collection this process holds open with
  // open(): no creation, no upgrade (storage::Db::Locking::reader).
  static std::unique_ptr<Collection> open_reader(const std::filesystem::path& path, Clock& clock, Random& random);
  ~Collection();

  storage::Db& db() { return *db_; }
  Clock& clock() { return clock_; }
  Random& random() { return random_; }
  const std::filesystem::path& path() const { return db_->path(); }
  // Checkpoints and closes the file (also done by the destructor).
  void close();

 private:
  Collection(std::unique_ptr<storage::Db> db, Clock& clock, Random& random);
  static std::unique_ptr<Collection> open_impl(const std::filesystem::path& path, Clock& clock, Random& random,
                                               bool may_create);
  std::unique_ptr<storage::Db> db_;
  Clock& clock_;
  Random& random_;
};

// Fills an empty database with a new schema-18 collection (DDL, col row, config, Default preset and
// deck, stock notetypes), in one transaction. Used by Collection::open.
void create_collection(storage::Db& db, Clock& clock, Random& random);
// Upgrades an open schema 11-17 collection to 18 in one transaction (spec §9.2).
void upgrade_to_current(storage::Db& db, Clock& clock, Random& random);

}  // namespace ankc::native
