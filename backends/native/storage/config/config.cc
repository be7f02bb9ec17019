#include "backends/native/storage/config/config.h"

#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kGet = "SELECT val FROM config WHERE KEY = ?";
constexpr const char* kSet = "INSERT OR REPLACE INTO config (KEY, usn, mtime_secs, val) VALUES (?, ?, ?, ?)";
constexpr const char* kRemove = "DELETE FROM config WHERE KEY = ?";
constexpr const char* kAll = "SELECT KEY, usn, mtime_secs, val FROM config ORDER BY KEY";
constexpr const char* kPrefix = "SELECT KEY FROM config WHERE instr(KEY, ?) = 1 ORDER BY KEY";
}  // namespace

std::optional<std::string> get_config_json(Db& db, std::string_view key) {
  auto q = db.query(kGet);
  q.text(1, key);
  if (!q.next()) return std::nullopt;
  return q.col_blob(0);
}

void set_config_json(Db& db, std::string_view key, std::string_view json, Usn usn, TimestampSecs mtime) {
  db.query(kSet).text(1, key).int64(2, usn.v).int64(3, mtime.v).blob(4, json).run();
}

bool remove_config(Db& db, std::string_view key) { return db.query(kRemove).text(1, key).run() > 0; }

std::vector<ConfigRow> all_config(Db& db) {
  std::vector<ConfigRow> rows;
  auto q = db.query(kAll);
  while (q.next())
    rows.push_back({q.col_text(0), Usn{static_cast<int32_t>(q.col_int64(1))}, TimestampSecs{q.col_int64(2)},
                    q.col_blob(3)});
  return rows;
}

std::vector<std::string> config_keys_with_prefix(Db& db, std::string_view prefix) {
  std::vector<std::string> keys;
  auto q = db.query(kPrefix);
  q.text(1, prefix);
  while (q.next()) keys.push_back(q.col_text(0));
  return keys;
}

}  // namespace ankc::native::storage
