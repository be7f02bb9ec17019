#include "backends/native/scheduling/deck_limits.h"

#include <algorithm>

#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/storage/deck_config/deck_config.h"

namespace ankc::native {

RemainingLimits remaining_limits(const Deck& deck, const DeckConfigInner* preset, int64_t today,
                                 bool new_ignores_review_limit) {
  RemainingLimits l;
  const NormalDeck* normal = deck.normal();
  if (!normal || !preset) return l;
  int64_t review = preset->reviews_per_day;
  int64_t new_cards = preset->new_per_day;
  if (normal->review_limit) review = *normal->review_limit;
  if (normal->new_limit) new_cards = *normal->new_limit;
  if (normal->review_limit_today && normal->review_limit_today->today == today) review = normal->review_limit_today->limit;
  if (normal->new_limit_today && normal->new_limit_today->today == today) new_cards = normal->new_limit_today->limit;
  const bool studied_today = deck.common.last_day_studied == today;
  const int64_t new_done = studied_today ? deck.common.new_studied : 0;
  const int64_t review_done = studied_today ? deck.common.review_studied : 0;
  review -= review_done;
  new_cards -= new_done;
  if (!new_ignores_review_limit) {
    review -= new_done;
    new_cards = std::min(new_cards, review);
  }
  l.review = std::max<int64_t>(review, 0);
  l.new_cards = std::max<int64_t>(new_cards, 0);
  l.cap_new_to_review = !new_ignores_review_limit;
  return l;
}

const DeckConfigInner* PresetCache::get(int64_t config_id) {
  auto it = presets_.find(config_id);
  if (it == presets_.end()) {
    std::optional<DeckConfigInner> inner;
    if (auto row = storage::get_deck_config(db_, DeckConfigId{config_id})) inner = deck_config_from_row(*row).config;
    it = presets_.emplace(config_id, std::move(inner)).first;
  }
  return it->second ? &*it->second : nullptr;
}

const DeckConfigInner* PresetCache::of_deck(const Deck& deck) {
  const NormalDeck* normal = deck.normal();
  return normal ? get(normal->config_id) : nullptr;
}

}  // namespace ankc::native
