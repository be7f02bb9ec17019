// Test and benchmark support: temporary schema-18 collections on disk (DDL of
// collection-format.md §2.1), the §11 conformance fixture "F" of search.md, and copies of the
// real fixtures. Not part of ankc_search.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

struct sqlite3;

namespace ankc::native::search::testing {

// An open SQLite file in a fresh temp dir, with unicase + search functions registered.
class TempCollection {
 public:
  // Creates an empty schema-18 collection (tables only, no rows).
  static TempCollection create_empty();
  // Copies `source` (a real fixture) into a temp dir and opens the copy.
  static TempCollection copy_of(const std::string& source);
  ~TempCollection();
  TempCollection(TempCollection&& other) noexcept;
  TempCollection(const TempCollection&) = delete;
  TempCollection& operator=(const TempCollection&) = delete;

  sqlite3* db() const { return db_; }
  const std::string& path() const { return path_; }
  // Executes SQL (several statements allowed); throws std::runtime_error on failure.
  void exec(const std::string& sql) const;
  // First column of every row of `sql`, as integers.
  std::vector<int64_t> ids(const std::string& sql) const;

 private:
  TempCollection(std::string dir, std::string path);
  std::string dir_, path_;
  sqlite3* db_ = nullptr;
};

// Fills an empty collection with fixture F of search.md §11.1.
void build_fixture_f(const TempCollection& col);

// Card name (c1, c4a, …) -> card id in fixture F.
const std::map<std::string, int64_t>& fixture_f_cards();

// now / offset used by every fixture-F search.
constexpr int64_t kFixtureNow = 1699984800;

// The DDL of schema 18.
const char* schema18_ddl();

// The shared folder (specs, fixtures).
std::string shared_dir();

}  // namespace ankc::native::search::testing
