#include "backends/native/storage/graves/graves.h"

#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {
constexpr const char* kAdd = "INSERT OR IGNORE INTO graves (oid, type, usn) VALUES (?, ?, ?)";
constexpr const char* kRemove = "DELETE FROM graves WHERE oid = ? AND type = ?";
constexpr const char* kAll = "SELECT oid, type, usn FROM graves ORDER BY oid, type";

void add(Db& db, int64_t oid, GraveKind kind, Usn usn) {
  db.query(kAdd).int64(1, oid).int64(2, static_cast<int>(kind)).int64(3, usn.v).run();
}
}  // namespace

void add_card_grave(Db& db, CardId id, Usn usn) { add(db, id.v, GraveKind::Card, usn); }
void add_note_grave(Db& db, NoteId id, Usn usn) { add(db, id.v, GraveKind::Note, usn); }
void add_deck_grave(Db& db, DeckId id, Usn usn) { add(db, id.v, GraveKind::Deck, usn); }

void remove_grave(Db& db, int64_t oid, GraveKind kind) {
  db.query(kRemove).int64(1, oid).int64(2, static_cast<int>(kind)).run();
}

std::vector<GraveRow> all_graves(Db& db) {
  std::vector<GraveRow> rows;
  auto q = db.query(kAll);
  while (q.next())
    rows.push_back({q.col_int64(0), static_cast<GraveKind>(q.col_int64(1)), Usn{static_cast<int32_t>(q.col_int64(2))}});
  return rows;
}

}  // namespace ankc::native::storage
