// FSRS memory model (scheduling.md §9; the fsrs crate 6.x formulas, all in f32): parameters with
// their length/range handling, and the four next memory states and float intervals of a card.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace ankc::native {

struct MemoryState {
  float stability = 0.0f;
  float difficulty = 0.0f;
};

// The 21 parameters in force (w0..w20) after upgrading 17/19-length sets and clamping.
struct FsrsParams {
  std::array<float, 21> w{};
  float decay() const { return -w[20]; }
};

// Parameters from a preset's list (empty = defaults); nullopt for a bad length or non-finite value.
std::optional<FsrsParams> fsrs_params(const std::vector<float>& stored);
// The value stored as data.decay for a preset's list (§9.2).
float fsrs_decay_to_store(const std::vector<float>& stored);
// Whether short-term scheduling without steps is possible with these stored params (§9.6).
bool fsrs_allows_short_term(const std::vector<float>& stored);

struct FsrsItemState {
  MemoryState memory;
  float interval = 0.0f;  // days, unrounded
};

struct FsrsNextStates {
  FsrsItemState again, hard, good, easy;
};

// The memory after answering `rating` (1-4) `days_elapsed` days after the last review; the initial
// state when `memory` is absent.
MemoryState fsrs_next_memory(const FsrsParams& p, std::optional<MemoryState> memory, int rating, uint32_t days_elapsed);
// The interval (days) at which recall probability falls to `retention`.
float fsrs_interval(const FsrsParams& p, float stability, float retention);
// All four next states.
FsrsNextStates fsrs_next_states(const FsrsParams& p, std::optional<MemoryState> memory, float retention,
                                uint32_t days_elapsed);
// Recall probability after `days` for a stability.
float fsrs_retrievability(const FsrsParams& p, float days, float stability);

}  // namespace ankc::native
