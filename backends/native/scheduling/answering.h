// Answering a card through the v3 scheduler (scheduling.md §6, §7): the new state is written to the
// card row, a revlog row is added, the deck's daily counters are bumped, siblings are buried and a
// leech is tagged/suspended, all inside the caller's transaction.
#pragma once

#include <cstdint>

#include "backends/native/scheduling/timing.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/ids.h"

namespace ankc::native {
namespace storage { class Db; }
class LoadBalancer;

enum class Rating { Again = 1, Hard = 2, Good = 3, Easy = 4 };

// Answers `card` with `rating` at `answered_at` (also the revlog id), having taken `millis_taken`
// (capped by the preset). `timing` must be the timing at answered_at. With a load balancer, review
// intervals are chosen by it and a card left in the review queue is counted in it on its new day
// (rslib answer_card_inner). Returns the stored card.
storage::CardRow answer_card(storage::Db& db, const storage::CardRow& card, Rating rating, TimestampMillis answered_at,
                             uint32_t millis_taken, const SchedTiming& timing, LoadBalancer* balancer = nullptr);

// Adds `delta` to the daily counters of deck did and its ancestors (resetting them on a new day).
void update_deck_counters(storage::Db& db, DeckId did, int64_t today, int new_delta, int review_delta,
                          int32_t millis_delta, TimestampSecs now);

// Restores a card's queue from its type (unsuspend/unbury/leaving a filtered deck rule).
int queue_from_type(int type, int32_t due);

}  // namespace ankc::native
