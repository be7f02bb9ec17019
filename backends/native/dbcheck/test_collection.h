// Test helpers for dbcheck: a small real collection (new collection + one Basic note with a tag
// and its card) in a temp dir, raw SQL on it, and the checker's lines for it.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "backends/native/notetypes/notetype.h"
#include "backends/native/storage/db.h"

namespace ankc::native::dbcheck::testing {

inline constexpr int64_t kNowMs = 1774903411533;
inline constexpr int64_t kNoteId = 1774903412000;
inline constexpr int64_t kCardId = 1774903412000;

struct TestCollection {
  // A new collection; with_note adds the Basic note (Front "Hello", Back "World", tag "Tag1") and
  // its card (ord 0, new, due 1; nextPos 2).
  explicit TestCollection(bool with_note = true);
  // A copy of a file (e.g. a fixture) in a temp dir.
  explicit TestCollection(const std::filesystem::path& source);
  ~TestCollection();

  // Runs SQL statements on the closed file (unicase registered); throws on error.
  void exec(const std::string& sql) const;
  // The first column of the first row of a query, as text ("" without rows).
  std::string scalar(const std::string& sql) const;
  // Loads, edits and stores a notetype as is (reqs are not recomputed).
  void edit_notetype(const std::string& name, const std::function<void(Notetype&)>& edit) const;
  int64_t notetype_id(const std::string& name) const;
  // check_collection at kNowMs (+ a few seconds), as "N error|warning: text" lines.
  std::vector<std::string> check() const;

  std::filesystem::path dir;
  std::filesystem::path file;
};

}  // namespace ankc::native::dbcheck::testing
