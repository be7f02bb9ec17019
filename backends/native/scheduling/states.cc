#include "backends/native/scheduling/states.h"

#include <algorithm>
#include <cmath>

#include "backends/native/scheduling/fuzz.h"
#include "backends/native/scheduling/steps.h"

namespace ankc::native {
namespace {

constexpr float kMinimumEase = 1.3f;
constexpr float kAgainDelta = -0.2f;
constexpr float kHardDelta = -0.15f;
constexpr float kEasyDelta = 0.15f;

uint32_t round_at_least_one(float v) {
  const float r = std::max(std::round(v), 1.0f);
  return r >= 4294967295.0f ? UINT32_MAX : static_cast<uint32_t>(r);
}

bool leech_threshold_met(uint32_t lapses, uint32_t threshold) {
  if (threshold == 0) return false;
  const uint32_t half = static_cast<uint32_t>(std::max(std::ceil(static_cast<float>(threshold) / 2.0f), 1.0f));
  return lapses >= threshold && (lapses - threshold) % half == 0;
}

std::optional<MemoryState> fsrs_memory(const StateContext& ctx, int rating) {
  if (!ctx.fsrs) return std::nullopt;
  switch (rating) {
    case 1: return ctx.fsrs->again.memory;
    case 2: return ctx.fsrs->hard.memory;
    case 3: return ctx.fsrs->good.memory;
    default: return ctx.fsrs->easy.memory;
  }
}

float fsrs_interval_for(const StateContext& ctx, int rating) {
  switch (rating) {
    case 1: return ctx.fsrs->again.interval;
    case 2: return ctx.fsrs->hard.interval;
    case 3: return ctx.fsrs->good.interval;
    default: return ctx.fsrs->easy.interval;
  }
}

// --- Learning (and new) cards -------------------------------------------------------------------

// A learning card that runs out of steps on Again/Hard/Good: graduates (or, with FSRS short-term
// scheduling, stays in learning for a fraction of a day).
CardState learn_graduate(const LearnState& self, const StateContext& ctx, const LearningSteps& steps, int rating,
                         bool reset_steps) {
  auto [minimum, maximum] = ctx.min_and_max(1);
  float interval = static_cast<float>(ctx.graduating_interval_good);
  bool short_term = false;
  if (ctx.fsrs) {
    interval = fsrs_interval_for(ctx, rating);
    short_term = ctx.fsrs_allow_short_term && (ctx.fsrs_short_term_with_steps || steps.empty()) && interval < 0.5f;
  }
  if (short_term) {
    LearnState next = self;
    if (reset_steps) next.remaining_steps = steps.remaining_for_failed();
    next.scheduled_secs = static_cast<uint32_t>(interval * 86400.0f);
    next.memory = fsrs_memory(ctx, rating);
    return next;
  }
  ReviewState review;
  review.scheduled_days = ctx.review_fuzz(std::max(std::round(interval), 1.0f), minimum, maximum);
  review.ease_factor = ctx.initial_ease;
  review.memory = fsrs_memory(ctx, rating);
  return review;
}

ReviewState learn_easy(const StateContext& ctx) {
  auto [minimum, maximum] = ctx.min_and_max(1);
  float interval = static_cast<float>(ctx.graduating_interval_easy);
  if (ctx.fsrs) {
    const uint32_t good = ctx.review_fuzz(ctx.fsrs->good.interval, minimum, maximum);
    minimum = good + 1;
    interval = static_cast<float>(round_at_least_one(ctx.fsrs->easy.interval));
  }
  ReviewState review;
  review.scheduled_days = ctx.review_fuzz(interval, minimum, maximum);
  review.ease_factor = ctx.initial_ease;
  review.memory = fsrs_memory(ctx, 4);
  return review;
}

NextStates learn_next(const LearnState& self, const StateContext& ctx) {
  const LearningSteps steps(ctx.learn_steps);
  NextStates out;
  out.current = self;
  if (auto delay = steps.again_delay_secs())
    out.again = LearnState{steps.remaining_for_failed(), *delay, fsrs_memory(ctx, 1)};
  else
    out.again = learn_graduate(self, ctx, steps, 1, true);
  if (auto delay = steps.hard_delay_secs(self.remaining_steps))
    out.hard = LearnState{self.remaining_steps, *delay, fsrs_memory(ctx, 2)};
  else
    out.hard = learn_graduate(self, ctx, steps, 2, false);
  if (auto delay = steps.good_delay_secs(self.remaining_steps))
    out.good = LearnState{steps.remaining_for_good(self.remaining_steps), *delay, fsrs_memory(ctx, 3)};
  else
    out.good = learn_graduate(self, ctx, steps, 3, false);
  out.easy = learn_easy(ctx);
  return out;
}

// --- Review cards ---------------------------------------------------------------------------------

uint32_t constrain_passing(const StateContext& ctx, float interval, uint32_t minimum, bool fuzz) {
  if (!ctx.fsrs) interval *= ctx.interval_multiplier;
  auto [lo, hi] = ctx.min_and_max(minimum);
  if (fuzz) return ctx.review_fuzz(interval, lo, hi);
  const float r = std::round(interval);
  return std::clamp(r <= 0.0f ? 0u : static_cast<uint32_t>(r), lo, hi);
}

// The FSRS "minimum review factor": keeps a review from shrinking below the current interval when
// the fuzz range allows it (§9.5).
uint32_t fsrs_min_for(const StateContext& ctx, float interval, uint32_t prev) {
  if (std::round(interval) > static_cast<float>(prev)) return prev + 1;
  const uint32_t upper = constrained_fuzz_bounds(interval, 1, ctx.min_and_max(1).second).second;
  return prev <= upper ? prev : 0;
}

struct Passing { uint32_t hard, good, easy; };

Passing passing_intervals(const ReviewState& self, const StateContext& ctx) {
  Passing p;
  if (ctx.fsrs) {
    const uint32_t prev = self.scheduled_days;
    p.hard = constrain_passing(ctx, ctx.fsrs->hard.interval,
                               std::max(fsrs_min_for(ctx, ctx.fsrs->hard.interval, prev), 1u), true);
    p.good = constrain_passing(ctx, ctx.fsrs->good.interval,
                               std::max(fsrs_min_for(ctx, ctx.fsrs->good.interval, prev), p.hard + 1), true);
    p.easy = constrain_passing(ctx, ctx.fsrs->easy.interval,
                               std::max(fsrs_min_for(ctx, ctx.fsrs->easy.interval, prev), p.good + 1), true);
    return p;
  }
  const float scheduled = static_cast<float>(std::max(self.scheduled_days, 1u));
  if (self.days_late() < 0) {
    // Early review (filtered decks): no fuzz, no minimum.
    const float elapsed = static_cast<float>(self.scheduled_days) + static_cast<float>(self.days_late());
    p.hard = constrain_passing(ctx, std::max(elapsed * ctx.hard_multiplier, scheduled * (ctx.hard_multiplier / 2.0f)),
                               0, false);
    p.good = constrain_passing(ctx, std::max(elapsed * self.ease_factor, scheduled), 0, false);
    const float reduced_bonus = ctx.easy_multiplier - (ctx.easy_multiplier - 1.0f) / 2.0f;
    p.easy = constrain_passing(ctx, std::max(elapsed * self.ease_factor, scheduled) * reduced_bonus, 0, false);
    return p;
  }
  const float days_late = static_cast<float>(std::max(self.days_late(), 0));
  const bool hard_grows = ctx.hard_multiplier > 1.0f;
  p.hard = constrain_passing(ctx, scheduled * ctx.hard_multiplier, hard_grows ? self.scheduled_days + 1 : 0, true);
  p.good = constrain_passing(ctx, (scheduled + days_late / 2.0f) * self.ease_factor,
                             hard_grows ? p.hard + 1 : self.scheduled_days + 1, true);
  p.easy = constrain_passing(ctx, (scheduled + days_late) * self.ease_factor * ctx.easy_multiplier, p.good + 1, true);
  return p;
}

// The review interval after a lapse (or a failed relearning step).
uint32_t failing_interval(const ReviewState& self, const StateContext& ctx) {
  if (ctx.fsrs) return round_at_least_one(ctx.fsrs->again.interval);
  auto [minimum, maximum] = ctx.min_and_max(ctx.minimum_lapse_interval);
  const float base = static_cast<float>(std::max(self.scheduled_days, 1u));
  return ctx.review_fuzz(base * ctx.lapse_multiplier, minimum, maximum);
}

CardState review_again(const ReviewState& self, const StateContext& ctx) {
  ReviewState again = self;
  again.lapses = self.lapses + 1;
  again.leeched = leech_threshold_met(again.lapses, ctx.leech_threshold);
  again.scheduled_days = failing_interval(self, ctx);
  again.elapsed_days = 0;
  again.ease_factor = std::max(self.ease_factor + kAgainDelta, kMinimumEase);
  again.memory = fsrs_memory(ctx, 1);
  const LearningSteps relearn(ctx.relearn_steps);
  if (auto delay = relearn.again_delay_secs())
    return RelearnState{LearnState{relearn.remaining_for_failed(), *delay, again.memory}, again};
  if (ctx.fsrs && ctx.fsrs_allow_short_term && ctx.fsrs->again.interval < 0.5f)
    return RelearnState{LearnState{0, static_cast<uint32_t>(ctx.fsrs->again.interval * 86400.0f), again.memory}, again};
  return again;
}

NextStates review_next(const ReviewState& self, const StateContext& ctx) {
  const Passing p = passing_intervals(self, ctx);
  NextStates out;
  out.current = self;
  out.again = review_again(self, ctx);
  ReviewState hard = self, good = self, easy = self;
  hard.scheduled_days = p.hard;
  hard.ease_factor = std::max(self.ease_factor + kHardDelta, kMinimumEase);
  good.scheduled_days = p.good;
  easy.scheduled_days = p.easy;
  easy.ease_factor = self.ease_factor + kEasyDelta;
  int rating = 2;
  for (ReviewState* s : {&hard, &good, &easy}) {
    s->elapsed_days = 0;
    s->leeched = false;
    s->memory = fsrs_memory(ctx, rating++);
  }
  out.hard = hard;
  out.good = good;
  out.easy = easy;
  return out;
}

// --- Relearning cards -----------------------------------------------------------------------------

// A relearning card leaving its steps: SM-2 keeps the reduced interval; FSRS schedules afresh.
ReviewState relearn_graduate(const RelearnState& self, const StateContext& ctx, int rating) {
  ReviewState review = self.review;
  review.elapsed_days = 0;
  review.leeched = false;
  review.memory = fsrs_memory(ctx, rating);
  if (ctx.fsrs) {
    auto [minimum, maximum] = ctx.min_and_max(1);
    if (rating == 4) {
      const uint32_t good = ctx.review_fuzz(ctx.fsrs->good.interval, minimum, maximum);
      auto [lo, hi] = ctx.min_and_max(good + 1);
      review.scheduled_days =
          ctx.review_fuzz(static_cast<float>(round_at_least_one(ctx.fsrs->easy.interval)), lo, hi);
    } else {
      review.scheduled_days = ctx.review_fuzz(
          static_cast<float>(round_at_least_one(fsrs_interval_for(ctx, rating))), minimum, maximum);
    }
  } else if (rating == 4) {
    review.scheduled_days = self.review.scheduled_days + 1;
  }
  return review;
}

// FSRS, a relearning card without a (further) step for Again/Hard/Good (rslib relearning.rs): a
// review at the rating's interval, fuzzed (or balanced); with short-term scheduling allowed and no
// steps in the way, an interval under half a day keeps it relearning for that long instead.
CardState relearn_fsrs_without_step(const RelearnState& self, const StateContext& ctx, const LearningSteps& relearn,
                                    int rating) {
  const float interval = fsrs_interval_for(ctx, rating);
  auto [minimum, maximum] = ctx.min_and_max(1);
  ReviewState review = self.review;
  review.leeched = false;
  review.memory = fsrs_memory(ctx, rating);
  review.scheduled_days = ctx.review_fuzz(std::max(std::round(interval), 1.0f), minimum, maximum);
  if (ctx.fsrs_allow_short_term && (ctx.fsrs_short_term_with_steps || relearn.empty()) && interval < 0.5f) {
    LearnState learning = self.learning;
    if (rating == 1) learning.remaining_steps = relearn.remaining_for_failed();
    if (rating == 3) learning.remaining_steps = relearn.remaining_for_good(self.learning.remaining_steps);
    learning.scheduled_secs = static_cast<uint32_t>(interval * 86400.0f);
    learning.memory = review.memory;
    return RelearnState{learning, review};
  }
  return review;
}

NextStates relearn_next(const RelearnState& self, const StateContext& ctx) {
  const LearningSteps relearn(ctx.relearn_steps);
  NextStates out;
  out.current = self;
  if (auto delay = relearn.again_delay_secs()) {
    ReviewState review = self.review;
    review.scheduled_days = failing_interval(self.review, ctx);
    review.elapsed_days = 0;
    review.leeched = false;
    review.memory = fsrs_memory(ctx, 1);
    out.again = RelearnState{LearnState{relearn.remaining_for_failed(), *delay, review.memory}, review};
  } else if (ctx.fsrs) {
    out.again = relearn_fsrs_without_step(self, ctx, relearn, 1);
  } else {
    ReviewState review = self.review;
    review.leeched = false;
    out.again = review;
  }
  if (auto delay = relearn.hard_delay_secs(self.learning.remaining_steps)) {
    RelearnState next = self;
    next.learning.scheduled_secs = *delay;
    next.learning.memory = next.review.memory = fsrs_memory(ctx, 2);
    next.review.elapsed_days = 0;
    next.review.leeched = false;
    out.hard = next;
  } else if (ctx.fsrs) {
    out.hard = relearn_fsrs_without_step(self, ctx, relearn, 2);
  } else {
    out.hard = relearn_graduate(self, ctx, 2);
  }
  if (auto delay = relearn.good_delay_secs(self.learning.remaining_steps)) {
    RelearnState next = self;
    next.learning.scheduled_secs = *delay;
    next.learning.remaining_steps = relearn.remaining_for_good(self.learning.remaining_steps);
    next.learning.memory = next.review.memory = fsrs_memory(ctx, 3);
    next.review.elapsed_days = 0;
    next.review.leeched = false;
    out.good = next;
  } else if (ctx.fsrs) {
    out.good = relearn_fsrs_without_step(self, ctx, relearn, 3);
  } else {
    out.good = relearn_graduate(self, ctx, 3);
  }
  out.easy = relearn_graduate(self, ctx, 4);
  return out;
}

NextStates preview_next(const PreviewState& self, const StateContext& ctx) {
  auto delay = [](uint32_t secs) { return PreviewState{secs, secs == 0}; };
  return NextStates{self, delay(ctx.preview_again_secs), delay(ctx.preview_hard_secs), delay(ctx.preview_good_secs),
                    PreviewState{0, true}};
}

}  // namespace

IntervalKind IntervalKind::maybe_as_days(int64_t secs_until_rollover) const {
  if (in_days || static_cast<int64_t>(value) < secs_until_rollover) return *this;
  return IntervalKind{true, static_cast<uint32_t>((static_cast<int64_t>(value) - secs_until_rollover) / 86400 + 1)};
}

int32_t IntervalKind::as_revlog_interval() const {
  return in_days ? static_cast<int32_t>(value) : -static_cast<int32_t>(value);
}

IntervalKind interval_kind(const CardState& state) {
  if (std::holds_alternative<NewState>(state)) return IntervalKind{true, 0};
  if (auto* l = std::get_if<LearnState>(&state)) return IntervalKind{false, l->scheduled_secs};
  if (auto* r = std::get_if<ReviewState>(&state)) return IntervalKind{true, r->scheduled_days};
  if (auto* rl = std::get_if<RelearnState>(&state)) return IntervalKind{false, rl->learning.scheduled_secs};
  return IntervalKind{false, std::get<PreviewState>(state).scheduled_secs};
}

int revlog_kind(const CardState& state) {
  if (std::holds_alternative<NewState>(state) || std::holds_alternative<LearnState>(state)) return 0;
  if (auto* r = std::get_if<ReviewState>(&state)) return r->days_late() < 0 ? 3 : 1;
  if (std::holds_alternative<RelearnState>(state)) return 2;
  return 3;
}

bool leeched(const CardState& state) {
  if (auto* r = std::get_if<ReviewState>(&state)) return r->leeched;
  if (auto* rl = std::get_if<RelearnState>(&state)) return rl->review.leeched;
  return false;
}

std::pair<uint32_t, uint32_t> StateContext::min_and_max(uint32_t minimum) const {
  const uint32_t maximum = std::max(maximum_review_interval, 1u);
  return {std::clamp(minimum, 1u, maximum), maximum};
}

uint32_t StateContext::review_fuzz(float interval, uint32_t minimum, uint32_t maximum) const {
  if (load_balancer) {
    if (auto day = load_balancer->find_interval(interval, minimum, maximum)) return *day;
  }
  return with_review_fuzz(fuzz_factor, interval, minimum, maximum);
}

const CardState& NextStates::for_rating(int rating) const {
  switch (rating) {
    case 1: return again;
    case 2: return hard;
    case 3: return good;
    default: return easy;
  }
}

NextStates next_states(const CardState& current, const StateContext& ctx) {
  if (auto* n = std::get_if<NewState>(&current)) {
    const LearningSteps steps(ctx.learn_steps);
    NextStates out = learn_next(LearnState{steps.remaining_for_failed(), 0, std::nullopt}, ctx);
    out.current = *n;
    return out;
  }
  if (auto* l = std::get_if<LearnState>(&current)) return learn_next(*l, ctx);
  if (auto* r = std::get_if<ReviewState>(&current)) return review_next(*r, ctx);
  if (auto* rl = std::get_if<RelearnState>(&current)) return relearn_next(*rl, ctx);
  return preview_next(std::get<PreviewState>(current), ctx);
}

}  // namespace ankc::native
