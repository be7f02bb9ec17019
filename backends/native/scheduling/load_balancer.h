// Anki's load balancer (rslib scheduler/states/load_balancer.rs): with the collection config
// `loadBalancerEnabled` on (the default), a review interval of at most 90 days is not drawn
// uniformly from its fuzz range (§4.4) but by a weighted draw among the range's days, weighted by
// how many cards of the card's preset are already due on each day, by the day itself (earlier
// days favoured), by the preset's easy days (weekday load percentages) and, when the preset buries
// review siblings, by how close each day is to a day a sibling is due. The draw is seeded like the
// fuzz (card id + reps), so it is deterministic.
//
// Anki builds one balancer with its study queues and keeps it up to date as cards are answered
// (add_card) and undone (remove_card); what is counted and why is described at LoadBalancer.
// This module is pure: building one from a collection is in load_balancer_build.h.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native {

// Intervals above this (or a minimum above it) are not balanced: plain fuzz applies.
inline constexpr uint32_t kMaxLoadBalanceInterval = 90;
// Days counted from today (index 0): 90 * 1.1 (as f32, truncated).
inline constexpr uint32_t kLoadBalanceDays = 99;

// A weekday's setting in a preset's easy days (easy_days_percentages, Monday first): 1.0 is
// Normal, 0.0 Minimum, anything else Reduced.
enum class EasyDay { Minimum, Reduced, Normal };
EasyDay easy_day_from(float percentage);
// The weight a day of that kind gets (Minimum is tiny but not zero).
float easy_day_load_modifier(EasyDay day);
// A preset's list: empty means all Normal; a length other than 7 is invalid (nullopt; Anki fails
// with "expected 7 days").
std::optional<std::array<EasyDay, 7>> parse_easy_days(const std::vector<float>& percentages);

// For each candidate day (its weekday 0 = Monday, and its review count): 1.0 for a Normal day,
// Minimum's modifier for a Minimum day, and for a Reduced day Minimum's modifier when its count
// (doubled) exceeds the other days' count per unit of their load, else 1.0.
std::vector<float> easy_days_modifiers(const std::array<EasyDay, 7>& easy_days, const std::vector<int>& weekdays,
                                       const std::vector<size_t>& review_counts);

// One candidate day of the weighted draw.
struct LoadBalancerCandidate {
  uint32_t interval = 0;  // days from today
  size_t review_count = 0;
  float sibling_modifier = 1.0f;
  float easy_days_modifier = 1.0f;
};

// The weight of a candidate: 1.0 for a day without cards (modifiers ignored), else
// (1/count)^2.15 * (1/interval)^3 * sibling * easy days.
float load_balancer_weight(const LoadBalancerCandidate& c);

// rand's WeightedIndex over the weights with StdRng seeded by `seed`: one uniform f32 in
// [0, total) (rand's UniformFloat), then the first day whose cumulative weight exceeds it. nullopt
// without a seed or when the weights are unusable (all zero, NaN), as in Anki.
std::optional<uint32_t> select_weighted_interval(const std::vector<LoadBalancerCandidate>& candidates,
                                                 std::optional<uint64_t> seed);

// A card counted by the balancer: due `day` days from today, in the preset of its current deck.
struct LoadBalancerCard {
  CardId id;
  NoteId nid;
  DeckConfigId preset;
  uint32_t day = 0;  // < kLoadBalanceDays
};

class LoadBalancer {
 public:
  // `cards`: every card whose `due` column is a day in [today, today + 99) in a normal deck, grouped
  // by that deck's preset (rslib counts by the due column alone: new cards whose position falls in
  // the range, suspended and buried cards count too; intraday learning cards, whose due is a
  // timestamp, do not). A preset without such cards is never balanced (until the next build).
  // `easy_days`: every preset's parsed easy days. `weekdays[i]`: the weekday (0 = Monday) of the day
  // `i` days from today, as the local date of the next rollover plus i - 1 days.
  LoadBalancer(const std::vector<LoadBalancerCard>& cards, std::map<DeckConfigId, std::array<EasyDay, 7>> easy_days,
               const std::array<int, kLoadBalanceDays>& weekdays);

  // The day (days from today) to schedule a review of `interval` days within [minimum, maximum]
  // for a card of `preset`, or nullopt when the balancer does not apply (plain fuzz then): interval
  // or minimum above 90, a preset without cards in range or without easy days, no seed, unusable
  // weights. `note` is set when the preset buries review siblings: days near a day where a card of
  // that note (the card itself included) is due, in any preset, are avoided.
  std::optional<uint32_t> find_interval(float interval, uint32_t minimum, uint32_t maximum, DeckConfigId preset,
                                        std::optional<uint64_t> seed, std::optional<NoteId> note) const;

  // After an answer that left the card in the review queue: counts it `interval` days from today
  // (when its preset is balanced and the day is within the window).
  void add_card(CardId id, NoteId nid, DeckConfigId preset, uint32_t interval);
  // After undoing an answer: the card leaves every day of every preset (once per day).
  void remove_card(CardId id);

  // The count of cards of `preset` due `day` days from today (tests).
  size_t count(DeckConfigId preset, uint32_t day) const;
  // Whether the preset is balanced (it had cards in range when built).
  bool has_preset(DeckConfigId preset) const { return days_.count(preset) != 0; }

  // The sibling weight of each day before..after: 1.0, multiplied for every day (0..98) where a card
  // of `note` is due in any preset by 1e-6 on that day and 0.2, 0.4, 0.6, 0.8, 1.0 one to five days
  // away. All 1.0 without a note.
  std::vector<float> sibling_modifiers(uint32_t before, uint32_t after, std::optional<NoteId> note) const;

 private:
  struct Day {
    std::vector<std::pair<CardId, NoteId>> cards;
    std::unordered_map<int64_t, int> notes;  // note id -> cards of it on this day
    void add(CardId id, NoteId nid);
    void remove(CardId id);
    bool has_note(NoteId nid) const { return notes.count(nid.v) != 0; }
  };
  using Days = std::array<Day, kLoadBalanceDays>;

  std::map<DeckConfigId, Days> days_;
  std::map<DeckConfigId, std::array<EasyDay, 7>> easy_days_;
  std::array<int, kLoadBalanceDays> weekdays_{};
};

// What the scheduler consults for one card (rslib LoadBalancerContext): the balancer, the card's
// home preset, its note when the preset buries review siblings, and its fuzz seed.
struct LoadBalancerContext {
  const LoadBalancer* balancer = nullptr;
  DeckConfigId preset;
  std::optional<NoteId> note;
  std::optional<uint64_t> seed;

  std::optional<uint32_t> find_interval(float interval, uint32_t minimum, uint32_t maximum) const {
    return balancer->find_interval(interval, minimum, maximum, preset, seed, note);
  }
};

}  // namespace ankc::native
