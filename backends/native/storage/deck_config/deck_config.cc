#include "backends/native/storage/deck_config/deck_config.h"

#include <sqlite3.h>

#include "backends/native/storage/db.h"
#include "backends/native/storage/rows.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kGet = "SELECT id, name, mtime_secs, usn, config FROM deck_config WHERE id = ?";
constexpr const char* kAll = "SELECT id, name, mtime_secs, usn, config FROM deck_config ORDER BY id";
constexpr const char* kAdd =
    "INSERT INTO deck_config (id, name, mtime_secs, usn, config) VALUES ("
    "(CASE WHEN ?1 IN (SELECT id FROM deck_config) THEN (SELECT max(id) + 1 FROM deck_config) ELSE ?1 END),"
    " ?2, ?3, ?4, ?5) RETURNING id";
constexpr const char* kPut = "INSERT OR REPLACE INTO deck_config (id, name, mtime_secs, usn, config) VALUES (?, ?, ?, ?, ?)";
constexpr const char* kRemove = "DELETE FROM deck_config WHERE id = ?";

DeckConfigRow read(const Query& q) {
  return {DeckConfigId{q.col_int64(0)}, q.col_text(1), TimestampSecs{q.col_int64(2)},
          Usn{static_cast<int32_t>(q.col_int64(3))}, q.col_blob(4)};
}
}  // namespace

std::optional<DeckConfigRow> get_deck_config(Db& db, DeckConfigId id) {
  auto q = db.query(kGet);
  q.int64(1, id.v);
  return one_row(q, read);
}

std::vector<DeckConfigRow> all_deck_configs(Db& db) {
  auto q = db.query(kAll);
  return all_rows(q, read);
}

DeckConfigId add_deck_config(Db& db, DeckConfigRow& row, TimestampMillis now) {
  row.id.v = db.query(kAdd).int64(1, now.v).text(2, row.name).int64(3, row.mtime.v).int64(4, row.usn.v).blob(5, row.config).run_returning_id();
  return row.id;
}

void put_deck_config(Db& db, const DeckConfigRow& row) {
  db.query(kPut).int64(1, row.id.v).text(2, row.name).int64(3, row.mtime.v).int64(4, row.usn.v).blob(5, row.config).run();
}

void remove_deck_config(Db& db, DeckConfigId id) { db.query(kRemove).int64(1, id.v).run(); }

}  // namespace ankc::native::storage
