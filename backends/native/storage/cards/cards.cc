#include "backends/native/storage/cards/cards.h"

#include "backends/native/storage/db.h"

namespace ankc::native::storage {
namespace {
#define ANKC_CARD_COLUMNS "id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data"
constexpr const char* kGet = "SELECT " ANKC_CARD_COLUMNS " FROM cards WHERE id = ?";
constexpr const char* kOfNote = "SELECT " ANKC_CARD_COLUMNS " FROM cards WHERE nid = ? ORDER BY ord";
constexpr const char* kAdd =
    "INSERT INTO cards (" ANKC_CARD_COLUMNS ") VALUES ("
    "(CASE WHEN ?1 IN (SELECT id FROM cards) THEN (SELECT max(id) + 1 FROM cards) ELSE ?1 END),"
    " ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) RETURNING id";
constexpr const char* kInsert =
    "INSERT INTO cards (" ANKC_CARD_COLUMNS ") VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
constexpr const char* kPut =
    "INSERT OR REPLACE INTO cards (" ANKC_CARD_COLUMNS ") VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)";
#undef ANKC_CARD_COLUMNS
constexpr const char* kIdsOfNote = "SELECT id FROM cards WHERE nid = ? ORDER BY ord";
constexpr const char* kRemove = "DELETE FROM cards WHERE id = ?";
constexpr const char* kMaxId = "SELECT max(id) FROM cards";
constexpr NewRowSql kNewRowSql{kAdd, kInsert, kMaxId};
#define ANKC_EXISTING_CARD_COLUMNS \
  "SELECT c.id, c.nid, c.ord, (CASE c.odid WHEN 0 THEN c.did ELSE c.odid END)," \
  " (CASE c.type WHEN 0 THEN (CASE c.odue WHEN 0 THEN c.due ELSE c.odue END) ELSE NULL END) FROM cards c"
constexpr const char* kExistingOfNote = ANKC_EXISTING_CARD_COLUMNS " WHERE c.nid = ? ORDER BY c.ord";
constexpr const char* kExistingOfNotetype =
    ANKC_EXISTING_CARD_COLUMNS " WHERE c.nid IN (SELECT id FROM notes WHERE mid = ?) ORDER BY c.nid, c.ord";
#undef ANKC_EXISTING_CARD_COLUMNS
constexpr const char* kInDeck = "SELECT id FROM cards WHERE did = ?1 OR odid = ?1 ORDER BY id";

void bind_row(Query& q, const CardRow& r) {
  q.int64(2, r.nid.v).int64(3, r.did.v).int64(4, r.ord).int64(5, r.mtime.v).int64(6, r.usn.v).int64(7, r.type)
      .int64(8, r.queue).int64(9, r.due).int64(10, r.ivl).int64(11, r.factor).int64(12, r.reps)
      .int64(13, r.lapses).int64(14, r.left).int64(15, r.odue).int64(16, r.odid.v).int64(17, r.flags)
      .text(18, r.data);
}

CardRow read(const Query& q) {
  CardRow r;
  r.id.v = q.col_int64(0);
  r.nid.v = q.col_int64(1);
  r.did.v = q.col_int64(2);
  r.ord = static_cast<uint32_t>(q.col_int64(3));
  r.mtime.v = q.col_int64(4);
  r.usn.v = static_cast<int32_t>(q.col_int64(5));
  r.type = static_cast<int>(q.col_int64(6));
  r.queue = static_cast<int>(q.col_int64(7));
  r.due = static_cast<int32_t>(q.col_int64(8));
  r.ivl = static_cast<int32_t>(q.col_int64(9));
  r.factor = static_cast<int32_t>(q.col_int64(10));
  r.reps = static_cast<int32_t>(q.col_int64(11));
  r.lapses = static_cast<int32_t>(q.col_int64(12));
  r.left = static_cast<int32_t>(q.col_int64(13));
  r.odue = static_cast<int32_t>(q.col_int64(14));
  r.odid.v = q.col_int64(15);
  r.flags = static_cast<int32_t>(q.col_int64(16));
  r.data = q.col_text(17);
  return r;
}
std::vector<ExistingCard> existing_cards(Query& q) {
  std::vector<ExistingCard> out;
  while (q.next()) {
    ExistingCard c;
    c.id.v = q.col_int64(0);
    c.nid.v = q.col_int64(1);
    c.ord = static_cast<uint32_t>(q.col_int64(2));
    c.home_deck.v = q.col_int64(3);
    if (!q.col_is_null(4)) c.position_if_new = static_cast<int32_t>(q.col_int64(4));
    out.push_back(c);
  }
  return out;
}
}  // namespace

std::optional<CardRow> get_card(Db& db, CardId id) {
  auto q = db.query(kGet);
  q.int64(1, id.v);
  if (!q.next()) return std::nullopt;
  return read(q);
}

CardId add_card(Db& db, CardRow& row, TimestampMillis now) {
  row.id.v = add_row(db, kNewRowSql, now, [&](Query& q) { bind_row(q, row); });
  return row.id;
}

CardId add_card(Db& db, CardRow& row, TimestampMillis now, NewRowIds& ids) {
  row.id.v = add_row(db, kNewRowSql, now, ids, [&](Query& q) { bind_row(q, row); });
  return row.id;
}

void put_card(Db& db, const CardRow& row) {
  auto q = db.query(kPut);
  q.int64(1, row.id.v);
  bind_row(q, row);
  q.run();
}

void remove_card(Db& db, CardId id) { db.query(kRemove).int64(1, id.v).run(); }

std::vector<CardRow> cards_of_note(Db& db, NoteId nid) {
  std::vector<CardRow> rows;
  auto q = db.query(kOfNote);
  q.int64(1, nid.v);
  while (q.next()) rows.push_back(read(q));
  return rows;
}

std::vector<CardId> card_ids_of_note(Db& db, NoteId nid) {
  std::vector<CardId> out;
  auto q = db.query(kIdsOfNote);
  q.int64(1, nid.v);
  while (q.next()) out.push_back(CardId{q.col_int64(0)});
  return out;
}

std::vector<CardId> card_ids_in_deck(Db& db, DeckId did) {
  std::vector<CardId> out;
  auto q = db.query(kInDeck);
  q.int64(1, did.v);
  while (q.next()) out.push_back(CardId{q.col_int64(0)});
  return out;
}

std::vector<ExistingCard> existing_cards_of_note(Db& db, NoteId nid) {
  auto q = db.query(kExistingOfNote);
  q.int64(1, nid.v);
  return existing_cards(q);
}

std::vector<ExistingCard> existing_cards_of_notetype(Db& db, NotetypeId mid) {
  auto q = db.query(kExistingOfNotetype);
  q.int64(1, mid.v);
  return existing_cards(q);
}

int64_t next_new_position(Db& db) {
  auto q = db.query("SELECT coalesce(max(due) + 1, 0) FROM cards WHERE type = 0");
  return q.next() ? q.col_int64(0) : 0;
}

}  // namespace ankc::native::storage
