#include "backends/native/storage/decks/decks.h"

#include <sqlite3.h>

#include "backends/native/storage/db.h"
#include "backends/native/storage/rows.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kGet = "SELECT id, name, mtime_secs, usn, common, kind FROM decks WHERE id = ?";
constexpr const char* kByName = "SELECT id, name, mtime_secs, usn, common, kind FROM decks WHERE name = ?";
constexpr const char* kAll = "SELECT id, name, mtime_secs, usn, common, kind FROM decks ORDER BY name";
// Children of P sort between P+"\x1f" and P+"\x20" under unicase (spec §3.1).
constexpr const char* kChildren =
    "SELECT id, name, mtime_secs, usn, common, kind FROM decks WHERE name > ?1 || char(31) AND name < ?1 || char(32)"
    " ORDER BY name";
constexpr const char* kAdd =
    "INSERT INTO decks (id, name, mtime_secs, usn, common, kind) VALUES ("
    "(CASE WHEN ?1 IN (SELECT id FROM decks) THEN (SELECT max(id) + 1 FROM decks) ELSE ?1 END),"
    " ?2, ?3, ?4, ?5, ?6) RETURNING id";
constexpr const char* kPut =
    "INSERT OR REPLACE INTO decks (id, name, mtime_secs, usn, common, kind) VALUES (?, ?, ?, ?, ?, ?)";
constexpr const char* kRemove = "DELETE FROM decks WHERE id = ?";

DeckRow read(const Query& q) {
  return {DeckId{q.col_int64(0)}, q.col_text(1), TimestampSecs{q.col_int64(2)},
          Usn{static_cast<int32_t>(q.col_int64(3))}, q.col_blob(4), q.col_blob(5)};
}
}  // namespace

std::optional<DeckRow> get_deck(Db& db, DeckId id) {
  auto q = db.query(kGet);
  q.int64(1, id.v);
  return one_row(q, read);
}

std::optional<DeckRow> get_deck_by_name(Db& db, std::string_view native_name) {
  auto q = db.query(kByName);
  q.text(1, native_name);
  return one_row(q, read);
}

std::vector<DeckRow> all_decks(Db& db) {
  auto q = db.query(kAll);
  return all_rows(q, read);
}

std::vector<DeckRow> child_decks(Db& db, std::string_view parent_native_name) {
  auto q = db.query(kChildren);
  q.text(1, parent_native_name);
  return all_rows(q, read);
}

DeckId add_deck(Db& db, DeckRow& row, TimestampMillis now) {
  row.id.v = db.query(kAdd).int64(1, now.v).text(2, row.name).int64(3, row.mtime.v).int64(4, row.usn.v)
      .blob(5, row.common).blob(6, row.kind).run_returning_id();
  return row.id;
}

void put_deck(Db& db, const DeckRow& row) {
  db.query(kPut).int64(1, row.id.v).text(2, row.name).int64(3, row.mtime.v).int64(4, row.usn.v)
      .blob(5, row.common).blob(6, row.kind).run();
}

void remove_deck(Db& db, DeckId id) { db.query(kRemove).int64(1, id.v).run(); }

}  // namespace ankc::native::storage
