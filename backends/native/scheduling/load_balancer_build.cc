#include "backends/native/scheduling/load_balancer_build.h"

#include <map>

#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/scheduling/sched_config.h"
#include "backends/native/storage/cards/scheduling.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"

namespace ankc::native {

bool load_balancer_enabled(storage::Db& db) { return config_bool(db, "loadBalancerEnabled").value_or(true); }

int interval_weekday(uint32_t interval, TimestampSecs next_day_at, const Clock& clock) {
  const TimestampSecs at{next_day_at.v + (static_cast<int64_t>(interval) - 1) * 86400};
  const int64_t local = at.v - static_cast<int64_t>(clock.minutes_west(at)) * 60;
  int64_t days = local / 86400;
  if (local % 86400 < 0) --days;
  // 1970-01-01 was a Thursday (3 counting from Monday).
  return static_cast<int>(((days + 3) % 7 + 7) % 7);
}

std::optional<LoadBalancer> build_load_balancer(storage::Db& db, const SchedTiming& timing, const Clock& clock) {
  if (!load_balancer_enabled(db)) return std::nullopt;

  // Every preset's easy days; one malformed list and Anki builds no queues at all.
  std::map<DeckConfigId, std::array<EasyDay, 7>> easy_days;
  for (const auto& row : storage::all_deck_configs(db)) {
    auto parsed = parse_easy_days(deck_config_from_row(row).config.easy_days_percentages);
    if (!parsed) return std::nullopt;
    easy_days.emplace(row.id, *parsed);
  }

  // The preset of every normal deck, as the deck names it (even one that does not exist).
  std::map<DeckId, DeckConfigId> preset_of;
  for (const auto& row : storage::all_decks(db)) {
    const Deck deck = deck_from_row(row);
    if (const NormalDeck* normal = deck.normal()) preset_of.emplace(deck.id, DeckConfigId{normal->config_id});
  }

  std::vector<LoadBalancerCard> cards;
  for (const auto& c : storage::cards_due_in_day_range(db, timing.today, timing.today + kLoadBalanceDays)) {
    auto preset = preset_of.find(c.did);
    if (preset == preset_of.end()) continue;
    cards.push_back({c.id, c.nid, preset->second, static_cast<uint32_t>(c.due - timing.today)});
  }

  std::array<int, kLoadBalanceDays> weekdays{};
  for (uint32_t i = 0; i < kLoadBalanceDays; ++i) weekdays[i] = interval_weekday(i, timing.next_day_at, clock);
  return LoadBalancer(cards, std::move(easy_days), weekdays);
}

}  // namespace ankc::native
