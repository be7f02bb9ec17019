#include "backends/native/dbcheck/check.h"

#include "backends/native/storage/db.h"

namespace ankc::native {

std::string Violation::line() const {
  return std::to_string(invariant) + (error ? " error: " : " warning: ") + message;
}

std::vector<Violation> check_collection(storage::Db& db, TimestampMillis now) {
  std::vector<Violation> out;
  auto q = db.query_uncached("PRAGMA integrity_check");
  while (q.next()) {
    std::string line = q.col_text(0);
    if (line != "ok") out.push_back({1, true, "integrity_check: " + line});
  }
  return out;
}

std::vector<Violation> check_collection_file(const std::filesystem::path& path) {
  auto db = storage::Db::open(path, false);
  auto out = check_collection(*db, TimestampMillis{0});
  db->close();
  return out;
}

}  // namespace ankc::native
