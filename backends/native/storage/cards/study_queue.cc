#include "backends/native/storage/cards/study_queue.h"

#include <string>

#include "backends/native/storage/db.h"
#include "backends/native/storage/sql_id_list.h"

namespace ankc::native::storage {
namespace {

constexpr const char* kActiveDecks =
    "SELECT id FROM decks WHERE name = ?1 OR (name >= ?1 || char(31) AND name < ?1 || char(32)) ORDER BY name";

std::string in_decks(const std::vector<DeckId>& decks) { return "did IN " + sql_id_list(decks); }

// The position of a card's deck in the active list (rslib's active_decks rowid).
std::string deck_position(const std::vector<DeckId>& decks) {
  std::string sql = "(CASE did";
  for (size_t i = 0; i < decks.size(); ++i)
    sql += " WHEN " + std::to_string(decks[i].v) + " THEN " + std::to_string(i + 1);
  return sql + " END)";
}

std::string review_order_sql(ReviewOrder order, int64_t today, bool fsrs, const std::vector<DeckId>& decks) {
  std::string first;
  switch (order) {
    case ReviewOrder::Day: first = "due"; break;
    case ReviewOrder::DayThenDeck: first = "due, " + deck_position(decks); break;
    case ReviewOrder::DeckThenDay: first = deck_position(decks) + ", due"; break;
    case ReviewOrder::IntervalsAscending: first = "ivl asc"; break;
    case ReviewOrder::IntervalsDescending: first = "ivl desc"; break;
    case ReviewOrder::EaseAscending:
      first = fsrs ? "json_extract(CASE WHEN data = '' THEN '{}' ELSE data END, '$.d') desc" : "factor asc";
      break;
    case ReviewOrder::EaseDescending:
      first = fsrs ? "json_extract(CASE WHEN data = '' THEN '{}' ELSE data END, '$.d') asc" : "factor desc";
      break;
    case ReviewOrder::RelativeOverdueness:
      // SM-2's form (with FSRS on the builder sorts by relative retrievability, outside SQL).
      first = "-(1 + cast(" + std::to_string(today) + "-due+0.001 as real)/ivl) asc";
      break;
    case ReviewOrder::Random: break;
    case ReviewOrder::Added: first = "nid asc, ord asc"; break;
    case ReviewOrder::ReverseAdded: first = "nid desc, ord asc"; break;
    // Sorted outside SQL (due_cards_by_hash); plain hash order if asked here.
    case ReviewOrder::RetrievabilityAscending:
    case ReviewOrder::RetrievabilityDescending: break;
  }
  return first.empty() ? "fnvhash(id, mod)" : first + ", fnvhash(id, mod)";
}

DueCardRow read_due(const Query& q) {
  DueCardRow c;
  c.id = CardId{q.col_int64(0)};
  c.nid = NoteId{q.col_int64(1)};
  c.due = static_cast<int32_t>(q.col_int64(2));
  c.mtime = q.col_int64(3);
  c.did = DeckId{q.col_int64(4)};
  c.odid = DeckId{q.col_int64(5)};
  c.reps = static_cast<uint32_t>(q.col_int64(6));
  return c;
}

}  // namespace

std::vector<DeckId> active_deck_ids(Db& db, std::string_view native_name) {
  std::vector<DeckId> out;
  auto q = db.query(kActiveDecks);
  q.text(1, native_name);
  while (q.next()) out.push_back(DeckId{q.col_int64(0)});
  return out;
}

void for_each_intraday_card(Db& db, const std::vector<DeckId>& decks, int64_t cutoff,
                            const std::function<void(const DueCardRow&)>& fn) {
  // rslib reads these without ORDER BY through ix_cards_sched (did, queue, due), then sorts stably.
  auto q = db.query_uncached("SELECT id, nid, due, cast(mod AS integer), did, odid, reps FROM cards WHERE " +
                             in_decks(decks) + " AND queue IN (1, 4) AND due <= ?1 ORDER BY did, queue, due, id");
  q.int64(1, cutoff);
  while (q.next()) fn(read_due(q));
}

void for_each_due_card(Db& db, const std::vector<DeckId>& decks, int queue, int64_t today, ReviewOrder order,
                       bool fsrs, const std::function<bool(const DueCardRow&)>& fn) {
  auto q = db.query_uncached("SELECT id, nid, due, cast(mod AS integer), did, odid, reps FROM cards WHERE " +
                             in_decks(decks) + " AND queue = ?1 AND due <= ?2 ORDER BY " +
                             review_order_sql(order, today, fsrs, decks));
  q.int64(1, queue).int64(2, today);
  while (q.next())
    if (!fn(read_due(q))) break;
}

std::vector<DueCardSortRow> due_cards_by_hash(Db& db, const std::vector<DeckId>& decks, int queue, int64_t today) {
  auto q = db.query_uncached("SELECT id, nid, due, cast(mod AS integer), did, odid, reps, "
                             "CASE WHEN odue != 0 THEN odue ELSE due END, ivl, data FROM cards WHERE " +
                             in_decks(decks) + " AND queue = ?1 AND due <= ?2 ORDER BY fnvhash(id, mod)");
  q.int64(1, queue).int64(2, today);
  std::vector<DueCardSortRow> out;
  while (q.next()) {
    DueCardSortRow r;
    r.card = read_due(q);
    r.due_or_odue = q.col_int64(7);
    r.ivl = q.col_int64(8);
    r.data = q.col_text(9);
    out.push_back(std::move(r));
  }
  return out;
}

void for_each_new_card(Db& db, const std::vector<DeckId>& decks, NewSorting sorting, uint32_t salt,
                       const std::function<bool(const NewCardRow&)>& fn) {
  std::string order;
  switch (sorting) {
    case NewSorting::LowestPosition: order = "due ASC, ord ASC"; break;
    case NewSorting::HighestPosition: order = "due DESC, ord ASC"; break;
    case NewSorting::RandomNotes: order = "fnvhash(nid, " + std::to_string(salt) + "), ord ASC"; break;
    case NewSorting::RandomCards: order = "fnvhash(id, " + std::to_string(salt) + ")"; break;
  }
  auto q = db.query_uncached("SELECT id, nid, ord, cast(mod AS integer), did, odid FROM cards WHERE " +
                             in_decks(decks) + " AND queue = 0 ORDER BY " + order);
  while (q.next()) {
    NewCardRow c;
    c.id = CardId{q.col_int64(0)};
    c.nid = NoteId{q.col_int64(1)};
    c.ord = static_cast<uint32_t>(q.col_int64(2));
    c.mtime = q.col_int64(3);
    c.did = DeckId{q.col_int64(4)};
    c.odid = DeckId{q.col_int64(5)};
    if (!fn(c)) break;
  }
}

}  // namespace ankc::native::storage
