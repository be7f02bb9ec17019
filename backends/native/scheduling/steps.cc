#include "backends/native/scheduling/steps.h"

#include <algorithm>
#include <cmath>

namespace ankc::native {
namespace {

constexpr uint32_t kDay = 86400;

uint32_t to_secs(float minutes) {
  const float secs = minutes * 60.0f;
  if (!(secs > 0.0f)) return 0;
  if (secs >= 4294967295.0f) return UINT32_MAX;
  return static_cast<uint32_t>(secs);
}

uint32_t saturating_add(uint32_t a, uint32_t b) { return b > UINT32_MAX - a ? UINT32_MAX : a + b; }

// Delays above a day are rounded to whole days, so the answer does not depend on the time of day.
uint32_t maybe_round_in_days(uint32_t secs) {
  if (secs <= kDay) return secs;
  const float days = std::round(static_cast<float>(secs) / static_cast<float>(kDay));
  const uint64_t out = static_cast<uint64_t>(days) * kDay;
  return out > UINT32_MAX ? UINT32_MAX : static_cast<uint32_t>(out);
}

}  // namespace

size_t LearningSteps::index(uint32_t remaining) const {
  const size_t total = steps_.size();
  const size_t rem = remaining % 1000;
  const size_t idx = total > rem ? total - rem : 0;
  return std::min(idx, total > 0 ? total - 1 : 0);
}

std::optional<uint32_t> LearningSteps::secs_at(size_t i) const {
  if (i >= steps_.size()) return std::nullopt;
  return to_secs(steps_[i]);
}

std::optional<uint32_t> LearningSteps::again_delay_secs() const { return secs_at(0); }

std::optional<uint32_t> LearningSteps::hard_delay_secs(uint32_t remaining) const {
  const size_t idx = index(remaining);
  std::optional<uint32_t> current = secs_at(idx);
  if (!current) current = secs_at(0);
  if (!current) return std::nullopt;
  if (idx != 0) return current;
  if (auto next = secs_at(1)) return maybe_round_in_days(saturating_add(*current, *next) / 2);
  const uint64_t half_more = uint64_t{*current} * 3 / 2;
  const uint32_t capped = static_cast<uint32_t>(std::min<uint64_t>(half_more, saturating_add(*current, kDay)));
  return maybe_round_in_days(capped);
}

std::optional<uint32_t> LearningSteps::good_delay_secs(uint32_t remaining) const {
  return secs_at(index(remaining) + 1);
}

uint32_t LearningSteps::current_delay_secs(uint32_t remaining) const { return secs_at(index(remaining)).value_or(0); }

uint32_t LearningSteps::remaining_for_good(uint32_t remaining) const {
  const size_t next = index(remaining) + 1;
  return static_cast<uint32_t>(steps_.size() > next ? steps_.size() - next : 0);
}

}  // namespace ankc::native
