// The reads the v3 study-queue builder gathers cards with (rslib storage/card: intraday_due.sql,
// due_cards.sql, new_cards.sql, active_new_cards.sql and the review/new orders): the cards of a set
// of "active" decks, in the order the preset asks for. The builder (scheduling/study_queue.h)
// decides limits and burying; this module only reads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

// A learning or review card as the builder sees it.
struct DueCardRow {
  CardId id;
  NoteId nid;
  int32_t due = 0;
  int64_t mtime = 0;
  DeckId did;   // current deck
  DeckId odid;  // home deck when in a filtered deck, else 0
  uint32_t reps = 0;
};

// A new card as the builder sees it.
struct NewCardRow {
  CardId id;
  NoteId nid;
  uint32_t ord = 0;
  int64_t mtime = 0;
  DeckId did;
  DeckId odid;
};

// The deck named `native_name` and its descendants, by name (the deck list's order).
std::vector<DeckId> active_deck_ids(Db& db, std::string_view native_name);

// Cards in queue 1 or 4 with due <= cutoff (epoch seconds), in the ix_cards_sched index's order.
void for_each_intraday_card(Db& db, const std::vector<DeckId>& decks, int64_t cutoff,
                            const std::function<void(const DueCardRow&)>& fn);

// The preset's review order (deck_config.proto ReviewCardOrder values).
enum class ReviewOrder {
  Day = 0, DayThenDeck = 1, DeckThenDay = 2, IntervalsAscending = 3, IntervalsDescending = 4,
  EaseAscending = 5, EaseDescending = 6, RetrievabilityAscending = 7, Random = 8, Added = 9,
  ReverseAdded = 10, RetrievabilityDescending = 11, RelativeOverdueness = 12,
};

// Cards of `queue` (2 reviews, 3 interday learning) with due <= today, in `order` (ties broken by
// fnvhash(id, mod) as Anki's random subclause); `decks` is the active list, whose order is the
// "deck" order. fn returns false to stop.
void for_each_due_card(Db& db, const std::vector<DeckId>& decks, int queue, int64_t today, ReviewOrder order,
                       bool fsrs, const std::function<bool(const DueCardRow&)>& fn);

// A due card with what the FSRS review orders compute their keys from.
struct DueCardSortRow {
  DueCardRow card;
  int64_t due_or_odue = 0;  // odue when non-zero, else due
  int64_t ivl = 0;
  std::string data;
};

// Cards of `queue` with due <= today in Anki's random subclause's order (fnvhash(id, mod)), for
// the orders whose keys are computed outside SQL (the FSRS retrievability orders).
std::vector<DueCardSortRow> due_cards_by_hash(Db& db, const std::vector<DeckId>& decks, int queue, int64_t today);

// How new cards are read: by position (ascending/descending, siblings together), or hashed with a
// salt (by note, siblings together; or by card).
enum class NewSorting { LowestPosition, HighestPosition, RandomNotes, RandomCards };

// New cards (queue 0) of the given decks in `sorting`; fn returns false to stop.
void for_each_new_card(Db& db, const std::vector<DeckId>& decks, NewSorting sorting, uint32_t salt,
                       const std::function<bool(const NewCardRow&)>& fn);

}  // namespace ankc::native::storage
