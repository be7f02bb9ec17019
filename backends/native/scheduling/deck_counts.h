// Due counts of the deck tree as the deck list shows them (scheduling.md §12): per-deck raw counts,
// the day's remaining new/review limits of each deck, and their tree aggregation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backends/native/scheduling/timing.h"
#include "backends/native/storage/ids.h"

namespace ankc::native {
namespace storage { class Db; }

struct DeckTreeCounts {
  DeckId id;
  std::string native_name;  // full native name (components joined by \x1f)
  std::string leaf_name;    // last component
  int depth = 0;            // 0 for top-level decks
  int64_t new_count = 0;
  int64_t learn_count = 0;
  int64_t review_count = 0;
  int64_t total_in_deck = 0;  // cards whose current deck is this one (children excluded)
};

// Every deck of the tree in pre-order (deck-list order), with its capped counts. The Default deck is
// left out when it is empty and childless and not the only top-level deck.
std::vector<DeckTreeCounts> deck_tree_counts(storage::Db& db, const SchedTiming& timing, int64_t learn_ahead_secs);

// The automatic unbury of a new day (§12.4): when lastUnburied < today (or > today + 7) restores the
// queues of buried cards and sets lastUnburied = today. Returns true when it wrote.
bool unbury_on_day_rollover(storage::Db& db, const SchedTiming& timing);

}  // namespace ankc::native
