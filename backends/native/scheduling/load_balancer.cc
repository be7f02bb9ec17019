#include "backends/native/scheduling/load_balancer.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <set>

#include "backends/native/scheduling/fuzz.h"
#include "backends/native/scheduling/fuzz_rng.h"

namespace ankc::native {
namespace {

// Siblings: the weight of the days around a sibling's day, from 5 days before to 5 after (the day
// itself almost zero, so that the draw stays defined when every day has a sibling).
constexpr int kSiblingSteps[11] = {-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5};
constexpr float kSiblingModifiers[11] = {1.0f, 0.8f, 0.6f, 0.4f, 0.2f, 0.000001f, 0.2f, 0.4f, 0.6f, 0.8f, 1.0f};

// Rust's `f32 as usize` (saturating, NaN -> 0), enough for the comparison with 90.
uint64_t to_usize(float v) {
  if (!(v > 0.0f)) return 0;
  if (v >= 18446744073709551615.0f) return UINT64_MAX;
  return static_cast<uint64_t>(v);
}

// rand 0.9's UniformFloat<f32>::new(0, high): the scale shrunk (one ulp at a time) until the
// largest sample stays <= high. nullopt when the range is empty or not finite.
std::optional<float> uniform_scale(float high) {
  if (!(0.0f < high)) return std::nullopt;
  float scale = high - 0.0f;
  if (!std::isfinite(scale)) return std::nullopt;
  const float max_rand = 1.0f - 1.1920929e-7f;  // 1 - f32::EPSILON
  while (scale * max_rand + 0.0f > high) scale = std::bit_cast<float>(std::bit_cast<uint32_t>(scale) - 1);
  return scale;
}

}  // namespace

EasyDay easy_day_from(float percentage) {
  if (percentage == 1.0f) return EasyDay::Normal;
  if (percentage == 0.0f) return EasyDay::Minimum;
  return EasyDay::Reduced;
}

float easy_day_load_modifier(EasyDay day) {
  switch (day) {
    case EasyDay::Minimum: return 0.0001f;
    case EasyDay::Reduced: return 0.5f;
    case EasyDay::Normal: break;
  }
  return 1.0f;
}

std::optional<std::array<EasyDay, 7>> parse_easy_days(const std::vector<float>& percentages) {
  std::array<EasyDay, 7> out;
  out.fill(EasyDay::Normal);
  if (percentages.empty()) return out;
  if (percentages.size() != 7) return std::nullopt;
  for (size_t i = 0; i < 7; ++i) out[i] = easy_day_from(percentages[i]);
  return out;
}

std::vector<float> easy_days_modifiers(const std::array<EasyDay, 7>& easy_days, const std::vector<int>& weekdays,
                                       const std::vector<size_t>& review_counts) {
  size_t total_reviews = 0;
  for (size_t c : review_counts) total_reviews += c;
  float total_percents = -0.0f;
  for (int w : weekdays) total_percents += easy_day_load_modifier(easy_days[w]);

  std::vector<float> out;
  for (size_t i = 0; i < weekdays.size() && i < review_counts.size(); ++i) {
    EasyDay day = easy_days[weekdays[i]];
    if (day == EasyDay::Reduced) {
      constexpr float kHalf = 0.5f;
      const float other_reviews = static_cast<float>(total_reviews - review_counts[i]);
      const float other_percents = total_percents - kHalf;
      const float normalized = static_cast<float>(review_counts[i]) / kHalf;
      const float threshold = other_reviews / other_percents;
      day = normalized > threshold ? EasyDay::Minimum : EasyDay::Normal;
    }
    out.push_back(easy_day_load_modifier(day));
  }
  return out;
}

float load_balancer_weight(const LoadBalancerCandidate& c) {
  if (c.review_count == 0) return 1.0f;
  const float count_weight = std::pow(1.0f / static_cast<float>(c.review_count), 2.15f);
  const float x = 1.0f / static_cast<float>(c.interval);
  const float interval_weight = x * (x * x);  // powi(3)
  return count_weight * interval_weight * c.sibling_modifier * c.easy_days_modifier;
}

std::optional<uint32_t> select_weighted_interval(const std::vector<LoadBalancerCandidate>& candidates,
                                                 std::optional<uint64_t> seed) {
  if (!seed || candidates.empty()) return std::nullopt;
  // WeightedIndex::new: cumulative weights of all but the last, each weight >= 0 (NaN refused).
  std::vector<float> cumulative;
  float total = load_balancer_weight(candidates[0]);
  if (!(total >= 0.0f)) return std::nullopt;
  for (size_t i = 1; i < candidates.size(); ++i) {
    const float w = load_balancer_weight(candidates[i]);
    if (!(w >= 0.0f)) return std::nullopt;
    cumulative.push_back(total);
    total += w;
  }
  if (total == 0.0f) return std::nullopt;
  const auto scale = uniform_scale(total);
  if (!scale) return std::nullopt;
  // UniformFloat::sample: 23 random bits as a float in [1, 2), minus 1, times the scale.
  SchedRng rng(*seed);
  const float one_to_two = std::bit_cast<float>((rng.next_u32() >> 9) | 0x3f800000u);
  const float chosen = (one_to_two - 1.0f) * *scale + 0.0f;
  const size_t index = static_cast<size_t>(
      std::partition_point(cumulative.begin(), cumulative.end(), [&](float w) { return w <= chosen; }) -
      cumulative.begin());
  return candidates[index].interval;
}

void LoadBalancer::Day::add(CardId id, NoteId nid) {
  cards.emplace_back(id, nid);
  ++notes[nid.v];
}

void LoadBalancer::Day::remove(CardId id) {
  auto it = std::find_if(cards.begin(), cards.end(), [&](const auto& c) { return c.first == id; });
  if (it == cards.end()) return;
  const NoteId nid = it->second;
  *it = cards.back();  // swap_remove: the order of a day's cards does not matter
  cards.pop_back();
  if (--notes[nid.v] == 0) notes.erase(nid.v);
}

LoadBalancer::LoadBalancer(const std::vector<LoadBalancerCard>& cards,
                           std::map<DeckConfigId, std::array<EasyDay, 7>> easy_days,
                           const std::array<int, kLoadBalanceDays>& weekdays)
    : easy_days_(std::move(easy_days)), weekdays_(weekdays) {
  for (const LoadBalancerCard& c : cards) {
    if (c.day >= kLoadBalanceDays) continue;
    days_[c.preset][c.day].add(c.id, c.nid);
  }
}

std::vector<float> LoadBalancer::sibling_modifiers(uint32_t before, uint32_t after, std::optional<NoteId> note) const {
  std::vector<float> modifiers(after - before + 1, 1.0f);
  if (!note) return modifiers;
  // Days where a card of the note is due, in any preset (siblings may have other presets). Anki
  // walks them in hash-set order; ascending order here (the products differ at most in the last
  // bit of a float).
  std::set<uint32_t> sibling_days;
  for (const auto& [preset, days] : days_)
    for (uint32_t i = 0; i < kLoadBalanceDays; ++i)
      if (days[i].has_note(*note)) sibling_days.insert(i);
  for (uint32_t day : sibling_days) {
    for (int k = 0; k < 11; ++k) {
      const int64_t target = static_cast<int64_t>(day) + kSiblingSteps[k] - static_cast<int64_t>(before);
      if (target >= 0 && target < static_cast<int64_t>(modifiers.size())) modifiers[target] *= kSiblingModifiers[k];
    }
  }
  return modifiers;
}

std::optional<uint32_t> LoadBalancer::find_interval(float interval, uint32_t minimum, uint32_t maximum,
                                                    DeckConfigId preset, std::optional<uint64_t> seed,
                                                    std::optional<NoteId> note) const {
  // A card sent far into the future needs no balancing.
  if (to_usize(interval) > kMaxLoadBalanceInterval || minimum > kMaxLoadBalanceInterval) return std::nullopt;
  const auto [before, after] = constrained_fuzz_bounds(interval, minimum, maximum);
  auto days = days_.find(preset);
  if (days == days_.end() || after >= kLoadBalanceDays || before > after) return std::nullopt;

  std::vector<size_t> review_counts;
  std::vector<int> weekdays;
  for (uint32_t d = before; d <= after; ++d) {
    review_counts.push_back(days->second[d].cards.size());
    weekdays.push_back(weekdays_[d]);
  }
  auto easy = easy_days_.find(preset);
  if (easy == easy_days_.end()) return std::nullopt;
  const std::vector<float> easy_mods = easy_days_modifiers(easy->second, weekdays, review_counts);
  const std::vector<float> sibling_mods = sibling_modifiers(before, after, note);

  std::vector<LoadBalancerCandidate> candidates;
  for (uint32_t d = before; d <= after; ++d) {
    const size_t i = d - before;
    candidates.push_back({d, review_counts[i], sibling_mods[i], easy_mods[i]});
  }
  return select_weighted_interval(candidates, seed);
}

void LoadBalancer::add_card(CardId id, NoteId nid, DeckConfigId preset, uint32_t interval) {
  auto days = days_.find(preset);
  if (days == days_.end() || interval >= kLoadBalanceDays) return;
  days->second[interval].add(id, nid);
}

void LoadBalancer::remove_card(CardId id) {
  for (auto& [preset, days] : days_)
    for (Day& day : days) day.remove(id);
}

size_t LoadBalancer::count(DeckConfigId preset, uint32_t day) const {
  auto days = days_.find(preset);
  if (days == days_.end() || day >= kLoadBalanceDays) return 0;
  return days->second[day].cards.size();
}

}  // namespace ankc::native
