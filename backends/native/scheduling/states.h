// The v3 scheduler's card states and their transitions (scheduling.md §3, §5, §8, §9.5): given the
// state a card is in and the options in force (StateContext), the four states Again/Hard/Good/Easy
// would lead to. Pure: no database, no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "backends/native/scheduling/fsrs.h"
#include "backends/native/scheduling/load_balancer.h"

namespace ankc::native {

struct NewState {
  uint32_t position = 0;
};

struct LearnState {
  uint32_t remaining_steps = 0;
  uint32_t scheduled_secs = 0;
  std::optional<MemoryState> memory;
};

struct ReviewState {
  uint32_t scheduled_days = 0;
  uint32_t elapsed_days = 0;
  float ease_factor = 2.5f;
  uint32_t lapses = 0;
  bool leeched = false;
  std::optional<MemoryState> memory;

  int32_t days_late() const { return static_cast<int32_t>(elapsed_days) - static_cast<int32_t>(scheduled_days); }
};

struct RelearnState {
  LearnState learning;
  ReviewState review;
};

// A card in a filtered deck that does not reschedule (preview): a delay, or `finished` (return home).
struct PreviewState {
  uint32_t scheduled_secs = 0;
  bool finished = false;
};

using CardState = std::variant<NewState, LearnState, ReviewState, RelearnState, PreviewState>;

// An interval as the revlog and the answer buttons see it.
struct IntervalKind {
  bool in_days = false;
  uint32_t value = 0;  // seconds or days

  // Seconds reaching past the next rollover become days (§2.4).
  IntervalKind maybe_as_days(int64_t secs_until_rollover) const;
  // Revlog encoding: days positive, seconds negative.
  int32_t as_revlog_interval() const;
  uint32_t as_seconds() const { return in_days ? value * 86400 : value; }
};

IntervalKind interval_kind(const CardState& state);
// The revlog `type` of answering from `state` (0 learning, 1 review, 2 relearning, 3 filtered).
int revlog_kind(const CardState& state);
// True for states that end a lapse at the leech threshold.
bool leeched(const CardState& state);

// Options in force for one card (its home preset) plus the fuzz factor and FSRS next states.
struct StateContext {
  std::optional<float> fuzz_factor;
  std::vector<float> learn_steps{1.0f, 10.0f};
  std::vector<float> relearn_steps{10.0f};
  uint32_t graduating_interval_good = 1;
  uint32_t graduating_interval_easy = 4;
  float initial_ease = 2.5f;
  float hard_multiplier = 1.2f;
  float easy_multiplier = 1.3f;
  float interval_multiplier = 1.0f;
  uint32_t maximum_review_interval = 36500;
  uint32_t leech_threshold = 8;
  float lapse_multiplier = 0.0f;
  uint32_t minimum_lapse_interval = 1;
  // Filtered decks without rescheduling.
  uint32_t preview_again_secs = 60;
  uint32_t preview_hard_secs = 600;
  uint32_t preview_good_secs = 0;
  std::optional<FsrsNextStates> fsrs;
  bool fsrs_allow_short_term = false;
  bool fsrs_short_term_with_steps = false;
  // Set when the collection's load balancer applies (rslib StateContext.load_balancer_ctx).
  std::optional<LoadBalancerContext> load_balancer;

  // [max(1, minimum) clamped to max, max(1, maximum_review_interval)].
  std::pair<uint32_t, uint32_t> min_and_max(uint32_t minimum) const;
  // A review interval within [minimum, maximum]: the load balancer's day when it applies, else
  // the fuzzed interval (rslib StateContext::with_review_fuzz).
  uint32_t review_fuzz(float interval, uint32_t minimum, uint32_t maximum) const;
};

struct NextStates {
  CardState current, again, hard, good, easy;
  const CardState& for_rating(int rating) const;  // 1..4
};

NextStates next_states(const CardState& current, const StateContext& ctx);

}  // namespace ankc::native
