// Review-interval fuzz (scheduling.md §4.4): the range of days an interval may be spread over, and
// the pick within it for a given fuzz factor.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

namespace ankc::native {

// [lower, upper] for `interval`, clamped to [min(minimum, maximum), maximum]; widened to two days
// when it collapsed to one day above 2 that the maximum allows.
std::pair<uint32_t, uint32_t> constrained_fuzz_bounds(float interval, uint32_t minimum, uint32_t maximum);

// The fuzzed interval: floor(lower + factor * (upper - lower + 1)) with a factor, or the rounded
// interval clamped to [minimum, maximum] without one.
uint32_t with_review_fuzz(std::optional<float> fuzz_factor, float interval, uint32_t minimum, uint32_t maximum);

}  // namespace ankc::native
