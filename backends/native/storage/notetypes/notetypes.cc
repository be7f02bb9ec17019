#include "backends/native/storage/notetypes/notetypes.h"

#include <sqlite3.h>

#include "backends/native/storage/db.h"
#include "backends/native/storage/rows.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kGet = "SELECT id, name, mtime_secs, usn, config FROM notetypes WHERE id = ?";
constexpr const char* kIdByName = "SELECT id FROM notetypes WHERE name = ?";
constexpr const char* kAll = "SELECT id, name, mtime_secs, usn, config FROM notetypes ORDER BY id";
constexpr const char* kFields = "SELECT ord, name, config FROM fields WHERE ntid = ? ORDER BY ord";
constexpr const char* kTemplates =
    "SELECT ord, name, mtime_secs, usn, config FROM templates WHERE ntid = ? ORDER BY ord";
constexpr const char* kAdd =
    "INSERT INTO notetypes (id, name, mtime_secs, usn, config) VALUES ("
    "(CASE WHEN ?1 IN (SELECT id FROM notetypes) THEN (SELECT max(id) + 1 FROM notetypes) ELSE ?1 END),"
    " ?2, ?3, ?4, ?5) RETURNING id";
constexpr const char* kPut = "INSERT OR REPLACE INTO notetypes (id, name, mtime_secs, usn, config) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kDeleteFields = "DELETE FROM fields WHERE ntid = ?";
constexpr const char* kInsertField = "INSERT INTO fields (ntid, ord, name, config) VALUES (?, ?, ?, ?)";
constexpr const char* kDeleteTemplates = "DELETE FROM templates WHERE ntid = ?";
constexpr const char* kInsertTemplate =
    "INSERT INTO templates (ntid, ord, name, mtime_secs, usn, config) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kRemove = "DELETE FROM notetypes WHERE id = ?";

NotetypeRow read(const Query& q) {
  return {NotetypeId{q.col_int64(0)}, q.col_text(1), TimestampSecs{q.col_int64(2)},
          Usn{static_cast<int32_t>(q.col_int64(3))}, q.col_blob(4)};
}
}  // namespace

std::optional<NotetypeRow> get_notetype(Db& db, NotetypeId id) {
  auto q = db.query(kGet);
  q.int64(1, id.v);
  return one_row(q, read);
}

std::optional<NotetypeId> get_notetype_id_by_name(Db& db, std::string_view name) {
  auto q = db.query(kIdByName);
  q.text(1, name);
  if (!q.next()) return std::nullopt;
  return NotetypeId{q.col_int64(0)};
}

std::vector<NotetypeRow> all_notetypes(Db& db) {
  auto q = db.query(kAll);
  return all_rows(q, read);
}

std::vector<FieldRow> get_fields(Db& db, NotetypeId ntid) {
  std::vector<FieldRow> rows;
  auto q = db.query(kFields);
  q.int64(1, ntid.v);
  while (q.next()) rows.push_back({static_cast<uint32_t>(q.col_int64(0)), q.col_text(1), q.col_blob(2)});
  return rows;
}

std::vector<TemplateRow> get_templates(Db& db, NotetypeId ntid) {
  std::vector<TemplateRow> rows;
  auto q = db.query(kTemplates);
  q.int64(1, ntid.v);
  while (q.next())
    rows.push_back({static_cast<uint32_t>(q.col_int64(0)), q.col_text(1), TimestampSecs{q.col_int64(2)},
                    Usn{static_cast<int32_t>(q.col_int64(3))}, q.col_blob(4)});
  return rows;
}

NotetypeId add_notetype(Db& db, NotetypeRow& row, TimestampMillis now) {
  row.id.v = db.query(kAdd).int64(1, now.v).text(2, row.name).int64(3, row.mtime.v).int64(4, row.usn.v).blob(5, row.config).run_returning_id();
  return row.id;
}

void put_notetype(Db& db, const NotetypeRow& row) {
  db.query(kPut).int64(1, row.id.v).text(2, row.name).int64(3, row.mtime.v).int64(4, row.usn.v).blob(5, row.config).run();
}

void replace_fields(Db& db, NotetypeId ntid, const std::vector<FieldRow>& fields) {
  db.query(kDeleteFields).int64(1, ntid.v).run();
  for (size_t i = 0; i < fields.size(); ++i)
    db.query(kInsertField).int64(1, ntid.v).int64(2, static_cast<int64_t>(i)).text(3, fields[i].name)
        .blob(4, fields[i].config).run();
}

void replace_templates(Db& db, NotetypeId ntid, const std::vector<TemplateRow>& templates) {
  db.query(kDeleteTemplates).int64(1, ntid.v).run();
  for (size_t i = 0; i < templates.size(); ++i) {
    const TemplateRow& t = templates[i];
    db.query(kInsertTemplate).int64(1, ntid.v).int64(2, static_cast<int64_t>(i)).text(3, t.name)
        .int64(4, t.mtime.v).int64(5, t.usn.v).blob(6, t.config).run();
  }
}

void remove_notetype(Db& db, NotetypeId id) {
  db.query(kDeleteFields).int64(1, id.v).run();
  db.query(kDeleteTemplates).int64(1, id.v).run();
  db.query(kRemove).int64(1, id.v).run();
}

}  // namespace ankc::native::storage
