// Everything the scheduler needs about one card before answering it (scheduling.md §3, §9.1): its
// current deck, the home preset, FSRS settings, the current state and the StateContext. Used by
// answering, next-interval labels and getIntervals-style reads.
#pragma once

#include <optional>
#include <vector>

#include "backends/native/deckconfig/deck_config.h"
#include "backends/native/decks/deck.h"
#include "backends/native/scheduling/card_data.h"
#include "backends/native/scheduling/states.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/storage/cards/cards.h"

namespace ankc::native {
namespace storage { class Db; }

struct CardScheduling {
  storage::CardRow card;
  std::optional<Deck> deck;  // the card's current deck (nullopt when missing: treated as normal)
  DeckConfigInner config;    // the home deck's preset (built-in defaults when missing)
  std::optional<DeckConfigId> home_preset;  // the preset the home deck names (nullopt: no normal home deck)
  CardData data;
  SchedTiming timing;
  bool fsrs = false;
  float desired_retention = 0.9f;  // FSRS only
  CardState current;
  StateContext context;

  bool in_filtered_deck() const { return deck && deck->is_filtered(); }
  bool reschedules() const;  // false only for a filtered deck without rescheduling
};

// Loads the card's deck and preset and computes its current state and context at `timing`. With a
// load balancer, review intervals are chosen by it (rslib get_scheduling_states): for the home
// deck's preset, avoiding the note's siblings when that preset buries review siblings.
CardScheduling load_card_scheduling(storage::Db& db, const storage::CardRow& card, const SchedTiming& timing,
                                    const LoadBalancer* balancer = nullptr);

// The answer-button labels Again/Hard/Good/Easy (scheduling.md §10), e.g. "<⁨10⁩m", "⁨3⁩d" with
// Fluent's isolation marks around the number, as cardsInfo's nextReviews shows them.
std::vector<std::string> next_interval_labels(const CardScheduling& sched, int64_t learn_ahead_secs);

// One label for an interval in seconds (§10); without the isolation marks when isolate=false.
std::string interval_label(uint32_t secs, int64_t learn_ahead_secs, bool isolate = true);

}  // namespace ankc::native
