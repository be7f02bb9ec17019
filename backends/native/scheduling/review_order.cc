#include "backends/native/scheduling/review_order.h"

#include <algorithm>
#include <cmath>

#include "backends/native/scheduling/card_data.h"

namespace ankc::native {
namespace {

// rslib's `(x as u32).saturating_sub(y as u32)`: both truncated to u32 first.
uint32_t sat_sub(int64_t x, int64_t y) {
  const uint32_t a = static_cast<uint32_t>(x), b = static_cast<uint32_t>(y);
  return a > b ? a - b : 0;
}

// fsrs current_retrievability with the card's (positive) decay (scheduling.md §9.3).
float current_retrievability(const MemoryState& m, float days, float decay) {
  const float factor = std::exp(std::log(0.9f) / -decay) - 1.0f;
  return std::pow(days / m.stability * factor + 1.0f, -decay);
}

// FSRS-5's default decay: what Anki assumes for a card stored without one.
constexpr float kDefaultDecay = 0.5f;

std::optional<float> sql_real(float v) {
  if (std::isnan(v)) return std::nullopt;
  return v;
}

}  // namespace

std::optional<float> retrievability_sort_key(std::string_view data, int64_t due, int64_t ivl, const SchedTiming& timing) {
  if (data.empty()) return std::nullopt;
  const CardData card = CardData::parse(data);
  const int64_t now = timing.now.v;
  uint32_t secs;
  if (card.last_review_secs) {
    secs = sat_sub(now, *card.last_review_secs);
  } else if (due > 365000) {
    secs = sat_sub(now, sat_sub(due, ivl));
  } else {
    secs = sat_sub(timing.today, sat_sub(due, ivl)) * 86400u;  // u32 arithmetic, as rslib's
  }
  if (!card.memory) return std::nullopt;
  return sql_real(current_retrievability(*card.memory, static_cast<float>(secs) / 86400.0f,
                                         card.decay.value_or(kDefaultDecay)));
}

std::optional<float> relative_retrievability_sort_key(std::string_view data, int64_t due, int64_t ivl,
                                                      const SchedTiming& timing) {
  const int64_t now = timing.now.v;
  uint32_t secs;
  if (due > 365000) {
    secs = sat_sub(now, due);
  } else {
    // i64 saturating_sub: no overflow in practice.
    secs = sat_sub(timing.today, due - ivl) * 86400u;
  }
  if (!data.empty()) {
    const CardData card = CardData::parse(data);
    if (card.memory && card.desired_retention) {
      const float desired = std::max(*card.desired_retention, 0.0001f);
      const float decay = card.decay.value_or(kDefaultDecay);
      const uint32_t elapsed = card.last_review_secs ? sat_sub(now, *card.last_review_secs) : secs;
      const float current =
          std::max(current_retrievability(*card.memory, static_cast<float>(elapsed) / 86400.0f, decay), 0.0001f);
      return sql_real(-(std::pow(current, -1.0f / decay) - 1.0f) / (std::pow(desired, -1.0f / decay) - 1.0f));
    }
  }
  const uint32_t days = secs / 86400u;
  return sql_real(-(static_cast<float>(days) + 0.001f) / std::max(static_cast<float>(ivl), 1.0f));
}

}  // namespace ankc::native
