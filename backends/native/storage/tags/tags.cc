#include "backends/native/storage/tags/tags.h"

#include "backends/native/storage/db.h"
#include "backends/native/storage/rows.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kGet = "SELECT tag, usn, collapsed FROM tags WHERE tag = ?";
constexpr const char* kAll = "SELECT tag, usn, collapsed FROM tags ORDER BY tag";
constexpr const char* kPut = "INSERT OR REPLACE INTO tags (tag, usn, collapsed, config) VALUES (?, ?, ?, NULL)";
constexpr const char* kRemove = "DELETE FROM tags WHERE tag = ?";

TagRow read(const Query& q) { return {q.col_text(0), Usn{static_cast<int32_t>(q.col_int64(1))}, q.col_int64(2) != 0}; }
}  // namespace

std::optional<TagRow> get_tag(Db& db, std::string_view name) {
  auto q = db.query(kGet);
  q.text(1, name);
  return one_row(q, read);
}

std::vector<TagRow> all_tags(Db& db) {
  auto q = db.query(kAll);
  return all_rows(q, read);
}

void put_tag(Db& db, const TagRow& row) {
  db.query(kPut).text(1, row.name).int64(2, row.usn.v).int64(3, row.collapsed ? 1 : 0).run();
}

bool remove_tag(Db& db, std::string_view name) { return db.query(kRemove).text(1, name).run() > 0; }

}  // namespace ankc::native::storage
