// The v3 daily limits of one deck (scheduling.md §12.2, rslib decks/limits.rs): what remains of its
// new and review limits today, shared by the deck-list counts and the study queue builder.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "backends/native/deckconfig/deck_config.h"
#include "backends/native/decks/deck.h"

namespace ankc::native {
namespace storage { class Db; }

struct RemainingLimits {
  int64_t review = 9999;
  int64_t new_cards = 9999;
  bool cap_new_to_review = false;  // !newCardsIgnoreReviewLimit
};

// The deck's remaining limits today; `preset` is its preset (nullptr when missing). Filtered decks
// and decks without a preset are unlimited (9999/9999, no cap).
RemainingLimits remaining_limits(const Deck& deck, const DeckConfigInner* preset, int64_t today,
                                 bool new_ignores_review_limit);

// Presets read once per computation, by id.
class PresetCache {
 public:
  explicit PresetCache(storage::Db& db) : db_(db) {}
  // The preset with that id, or nullptr when it does not exist.
  const DeckConfigInner* get(int64_t config_id);
  // The preset of a normal deck (nullptr for a filtered deck or a missing preset).
  const DeckConfigInner* of_deck(const Deck& deck);

 private:
  storage::Db& db_;
  std::map<int64_t, std::optional<DeckConfigInner>> presets_;
};

}  // namespace ankc::native
