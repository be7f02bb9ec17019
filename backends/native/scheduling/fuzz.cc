#include "backends/native/scheduling/fuzz.h"

#include <algorithm>
#include <cmath>

namespace ankc::native {
namespace {

// Rust's `f32 as u32`: truncation, saturating at 0 and u32::MAX (NaN -> 0).
uint32_t to_u32(float v) {
  if (!(v > 0.0f)) return 0;
  if (v >= 4294967295.0f) return UINT32_MAX;
  return static_cast<uint32_t>(v);
}

// One day, plus a share of the days falling in each fuzz range.
float fuzz_delta(float interval) {
  if (interval < 2.5f) return 0.0f;
  struct Range { float start, end, factor; };
  constexpr Range kRanges[] = {{2.5f, 7.0f, 0.15f}, {7.0f, 20.0f, 0.1f}, {20.0f, 3.4028235e38f, 0.05f}};
  float delta = 1.0f;
  for (const Range& r : kRanges) delta = delta + r.factor * std::max(std::min(interval, r.end) - r.start, 0.0f);
  return delta;
}

}  // namespace

std::pair<uint32_t, uint32_t> constrained_fuzz_bounds(float interval, uint32_t minimum, uint32_t maximum) {
  minimum = std::min(minimum, maximum);
  interval = std::clamp(interval, static_cast<float>(minimum), static_cast<float>(maximum));
  const float delta = fuzz_delta(interval);
  uint32_t lower = std::clamp(to_u32(std::round(interval - delta)), minimum, maximum);
  uint32_t upper = std::clamp(to_u32(std::round(interval + delta)), minimum, maximum);
  if (upper == lower && upper > 2 && upper < maximum) upper = lower + 1;
  return {lower, upper};
}

uint32_t with_review_fuzz(std::optional<float> fuzz_factor, float interval, uint32_t minimum, uint32_t maximum) {
  if (!fuzz_factor) return std::clamp(to_u32(std::round(interval)), minimum, maximum);
  auto [lower, upper] = constrained_fuzz_bounds(interval, minimum, maximum);
  return to_u32(std::floor(static_cast<float>(lower) + *fuzz_factor * static_cast<float>(1 + upper - lower)));
}

}  // namespace ankc::native
