// The pure scheduler against scheduling.md §13 (worked examples 6-36) and Anki's own unit-test
// vectors for fuzz bounds, steps and leeches.
#include <catch2/catch.hpp>

#include <tuple>

#include "backends/native/scheduling/card_data.h"
#include "backends/native/scheduling/fsrs.h"
#include "backends/native/scheduling/fuzz.h"
#include "backends/native/scheduling/fuzz_rng.h"
#include "backends/native/scheduling/states.h"
#include "backends/native/scheduling/steps.h"

using namespace ankc::native;

namespace {

constexpr float kFf0826 = 693137.0f / 8388608.0f;      // seed 1700000000000
constexpr float kFf6018 = 5049035.0f / 8388608.0f;     // seed 1700000000005

ReviewState review(uint32_t ivl, uint32_t elapsed, float ease = 2.5f) {
  ReviewState r;
  r.scheduled_days = ivl;
  r.elapsed_days = elapsed;
  r.ease_factor = ease;
  return r;
}

std::tuple<uint32_t, uint32_t, uint32_t> passing(const ReviewState& r, const StateContext& ctx) {
  NextStates n = next_states(r, ctx);
  return {std::get<ReviewState>(n.hard).scheduled_days, std::get<ReviewState>(n.good).scheduled_days,
          std::get<ReviewState>(n.easy).scheduled_days};
}

StateContext no_fuzz() {
  StateContext ctx;
  ctx.fuzz_factor = std::nullopt;
  return ctx;
}

StateContext with_fuzz(float ff) {
  StateContext ctx;
  ctx.fuzz_factor = ff;
  return ctx;
}

}  // namespace

TEST_CASE("rng reproduces rand's StdRng test vectors (§4.2)") {
  std::array<uint8_t, 32> key{1, 0, 0, 0, 23, 0, 0, 0, 200, 1, 0, 0, 210, 30, 0, 0};
  SchedRng rng(key);
  CHECK(rng.next_u64() == 10719222850664546238ULL);
  auto expanded = SchedRng::expand_seed(0);
  uint64_t first = 0;
  for (int i = 7; i >= 0; --i) first = (first << 8) | expanded[i];
  CHECK(first == 5029875928683246316ULL);
}

TEST_CASE("fuzz factors of worked examples 6-7") {
  CHECK(SchedRng(1700000000000ULL).next_u32() == 354886393u);
  CHECK(fuzz_factor(1700000000000ULL) == kFf0826);
  CHECK(SchedRng(1700000000001ULL).next_u32() == 2056452327u);
  CHECK(fuzz_factor(1700000000001ULL) == Approx(0.47880507f).epsilon(1e-7));
  CHECK(fuzz_factor(1700000000002ULL) == Approx(0.59174f).epsilon(1e-5));
  CHECK(SchedRng(1700000000005ULL).next_u32() == 2585106036u);
  CHECK(fuzz_factor(1700000000005ULL) == kFf6018);
  CHECK(fuzz_factor(0) == Approx(0.8014592f).epsilon(1e-7));
  CHECK(fuzz_factor(1700000000004ULL) == Approx(0.9704919f).epsilon(1e-7));
}

TEST_CASE("learning-step fuzz, example 8") {
  CHECK(with_learning_fuzz(1700000000000ULL, 60) == 61);
  CHECK(with_learning_fuzz(1700000000000ULL, 600) == 612);
  CHECK(with_learning_fuzz(1700000000000ULL, 330) == 336);
  CHECK(with_learning_fuzz(1700000000000ULL, 30) == 30);
  CHECK(with_learning_fuzz(1700000000004ULL, 60) == 74);
  CHECK(with_learning_fuzz(1700000000004ULL, 600) == 745);
  CHECK(with_learning_fuzz(1, 0) == 0);
}

TEST_CASE("review fuzz ranges (§4.4, example 9)") {
  auto lmu = [](float ivl, uint32_t lo, uint32_t hi) {
    return std::tuple{with_review_fuzz(0.0f, ivl, lo, hi), with_review_fuzz(0.5f, ivl, lo, hi),
                      with_review_fuzz(0.99f, ivl, lo, hi)};
  };
  CHECK(with_review_fuzz(std::nullopt, 1.5f, 1, 100) == 2);
  CHECK(with_review_fuzz(std::nullopt, 0.1f, 1, 100) == 1);
  CHECK(with_review_fuzz(std::nullopt, 101.0f, 1, 100) == 100);
  CHECK(lmu(1.0f, 1, 1000) == std::tuple{1u, 1u, 1u});
  CHECK(lmu(2.49f, 1, 1000) == std::tuple{2u, 2u, 2u});
  CHECK(lmu(2.5f, 1, 1000) == std::tuple{2u, 3u, 4u});
  CHECK(lmu(7.0f, 1, 1000) == std::tuple{5u, 7u, 9u});
  CHECK(lmu(17.0f, 1, 1000) == std::tuple{14u, 17u, 20u});
  CHECK(lmu(37.0f, 1, 1000) == std::tuple{33u, 37u, 41u});
  CHECK(lmu(2.0f, 2, 1000) == std::tuple{2u, 2u, 2u});
  CHECK(lmu(2.0f, 3, 1000) == std::tuple{3u, 4u, 4u});
  CHECK(lmu(2.0f, 3, 3) == std::tuple{3u, 3u, 3u});
  CHECK(lmu(19.9f, 3, 1000) == std::tuple{17u, 20u, 23u});
  CHECK(lmu(20.1f, 3, 1000) == std::tuple{17u, 20u, 23u});
  CHECK(lmu(100.0f, 101, 1000) == std::tuple{101u, 105u, 108u});
  CHECK(lmu(100.0f, 1, 99) == std::tuple{92u, 96u, 99u});
  CHECK(lmu(100.0f, 97, 103) == std::tuple{97u, 100u, 103u});
  CHECK(constrained_fuzz_bounds(365.0f, 1, 36500) == std::pair{345u, 385u});
  CHECK(constrained_fuzz_bounds(1.0f, 3, 2) == std::pair{2u, 2u});  // invalid bounds do not break
}

TEST_CASE("learning steps (§5.1, example 15)") {
  LearningSteps one({10.0f});
  CHECK(one.hard_delay_secs(1) == 900u);
  CHECK(!one.good_delay_secs(1));
  LearningSteps days({3.0f * 1440.0f});
  CHECK(days.hard_delay_secs(1) == 4u * 86400u);
  LearningSteps two({1.0f, 10.0f});
  CHECK(two.again_delay_secs() == 60u);
  CHECK(two.hard_delay_secs(2) == 330u);
  CHECK(two.good_delay_secs(2) == 600u);
  CHECK(two.hard_delay_secs(1) == 600u);
  CHECK(!two.good_delay_secs(1));
  CHECK(two.hard_delay_secs(1002) == 330u);  // left read modulo 1000
  LearningSteps three({1.0f, 10.0f, 100.0f});
  CHECK(three.hard_delay_secs(2) == 600u);
  CHECK(three.good_delay_secs(2) == 6000u);
  CHECK(three.hard_delay_secs(1) == 6000u);
  LearningSteps ex15({0.5f, 3.0f, 10.0f});
  CHECK(ex15.again_delay_secs() == 30u);
  CHECK(ex15.hard_delay_secs(3) == 105u);
  CHECK(ex15.good_delay_secs(3) == 180u);
  CHECK(ex15.hard_delay_secs(2) == 180u);
  CHECK(ex15.good_delay_secs(2) == 600u);
}

TEST_CASE("new and learning cards (examples 11-15)") {
  StateContext ctx = with_fuzz(kFf0826);
  NextStates n = next_states(NewState{7}, ctx);
  auto again = std::get<LearnState>(n.again);
  CHECK(again.remaining_steps == 2);
  CHECK(again.scheduled_secs == 60);
  auto hard = std::get<LearnState>(n.hard);
  CHECK(hard.scheduled_secs == 330);
  auto good = std::get<LearnState>(n.good);
  CHECK(good.remaining_steps == 1);
  CHECK(good.scheduled_secs == 600);
  auto easy = std::get<ReviewState>(n.easy);
  CHECK(easy.scheduled_days == 3);  // 4 fuzzed within 3-5 with ff 0.0826
  CHECK(easy.ease_factor == 2.5f);
  CHECK(interval_kind(n.current).as_revlog_interval() == 0);
  CHECK(revlog_kind(n.current) == 0);

  // Example 14: last step, Good graduates at 1 day.
  NextStates last = next_states(LearnState{1, 600, std::nullopt}, ctx);
  CHECK(std::get<ReviewState>(last.good).scheduled_days == 1);
  CHECK(interval_kind(last.current).as_revlog_interval() == -600);

  // Example 15 with a new card.
  StateContext steps3 = no_fuzz();
  steps3.learn_steps = {0.5f, 3.0f, 10.0f};
  NextStates s3 = next_states(NewState{0}, steps3);
  CHECK(std::get<LearnState>(s3.again).scheduled_secs == 30);
  CHECK(std::get<LearnState>(s3.hard).scheduled_secs == 105);
  CHECK(std::get<LearnState>(s3.good).scheduled_secs == 180);
  CHECK(std::get<ReviewState>(s3.easy).scheduled_days == 4);

  // Without steps, Again/Hard/Good graduate.
  StateContext none = no_fuzz();
  none.learn_steps.clear();
  NextStates g = next_states(NewState{0}, none);
  CHECK(std::get<ReviewState>(g.again).scheduled_days == 1);
  CHECK(std::get<ReviewState>(g.hard).scheduled_days == 1);
}

TEST_CASE("day conversion of learning intervals (§2.4, example 16)") {
  CHECK(IntervalKind{false, 600}.maybe_as_days(300).in_days);
  CHECK(IntervalKind{false, 600}.maybe_as_days(300).as_revlog_interval() == 1);
  CHECK(IntervalKind{false, 600}.maybe_as_days(601).as_revlog_interval() == -600);
  CHECK(IntervalKind{false, 86400 + 400}.maybe_as_days(300).value == 2);
}

TEST_CASE("SM-2 review intervals (examples 17-26)") {
  CHECK(passing(review(100, 108), no_fuzz()) == std::tuple{120u, 260u, 351u});
  NextStates n = next_states(review(100, 108), no_fuzz());
  CHECK(std::lround(std::get<ReviewState>(n.hard).ease_factor * 1000) == 2350);
  CHECK(std::lround(std::get<ReviewState>(n.good).ease_factor * 1000) == 2500);
  CHECK(std::lround(std::get<ReviewState>(n.easy).ease_factor * 1000) == 2650);
  CHECK(passing(review(100, 108), with_fuzz(kFf0826)) == std::tuple{113u, 247u, 334u});
  CHECK(passing(review(100, 100), no_fuzz()) == std::tuple{120u, 250u, 325u});
  CHECK(passing(review(10, 10), with_fuzz(kFf6018)) == std::tuple{13u, 26u, 33u});
  CHECK(passing(review(10, 10), no_fuzz()) == std::tuple{12u, 25u, 33u});
  CHECK(passing(review(1, 1), no_fuzz()) == std::tuple{2u, 3u, 4u});
  StateContext hard1 = no_fuzz();
  hard1.hard_multiplier = 1.0f;
  CHECK(passing(review(1, 1), hard1) == std::tuple{1u, 3u, 4u});
  CHECK(passing(review(4, 4, 2.65f), with_fuzz(0.8014592f)) == std::tuple{6u, 13u, 16u});
  // Example 23 says "(40, 40, 40) for any ff", but the maximum only caps the fuzz range: with ff 0
  // Hard 36 -> range 32-40 -> 32; Good 75 -> capped 40 -> range 36-40 -> 36; Easy min 37 -> 37.
  StateContext max40 = with_fuzz(0.99f);
  max40.maximum_review_interval = 40;
  CHECK(passing(review(30, 30), max40) == std::tuple{40u, 40u, 40u});
  max40.fuzz_factor = 0.0f;
  CHECK(passing(review(30, 30), max40) == std::tuple{32u, 36u, 37u});
  StateContext modifier = no_fuzz();
  modifier.interval_multiplier = 0.8f;
  CHECK(passing(review(20, 20), modifier) == std::tuple{21u, 40u, 52u});
  // Example 25: early review (filtered deck), revlog type 3.
  CHECK(passing(review(20, 15), no_fuzz()) == std::tuple{18u, 38u, 43u});
  CHECK(revlog_kind(review(20, 15)) == 3);
  CHECK(revlog_kind(review(20, 20)) == 1);
  // Example 26 (Anki's extreme-multiplier tests).
  CHECK(passing(review(1, 1, 1.3f), with_fuzz(0.0f)) == std::tuple{2u, 3u, 4u});
  StateContext tiny = with_fuzz(0.0f);
  tiny.interval_multiplier = 0.1f;
  CHECK(passing(review(1, 1, 1.3f), tiny) == std::tuple{2u, 3u, 4u});
  tiny.fuzz_factor = 0.99f;
  CHECK(passing(review(1, 1, 1.3f), tiny) == std::tuple{2u, 4u, 6u});
  tiny.interval_multiplier = 10.0f;
  tiny.maximum_review_interval = 5;
  CHECK(passing(review(1, 1, 1.3f), tiny) == std::tuple{5u, 5u, 5u});
  StateContext low_hard = with_fuzz(0.0f);
  low_hard.hard_multiplier = 0.1f;
  CHECK(passing(review(2, 2, 1.3f), low_hard) == std::tuple{1u, 3u, 4u});
}

TEST_CASE("lapses and relearning (examples 27-30)") {
  NextStates n = next_states(review(100, 100), with_fuzz(kFf6018));
  auto again = std::get<RelearnState>(n.again);
  CHECK(again.review.scheduled_days == 1);
  CHECK(std::lround(again.review.ease_factor * 1000) == 2300);
  CHECK(again.review.lapses == 1);
  CHECK(again.learning.remaining_steps == 1);
  CHECK(again.learning.scheduled_secs == 600);
  CHECK(interval_kind(n.again).as_revlog_interval() == -600);
  NextStates r = next_states(again, with_fuzz(kFf6018));
  CHECK(std::get<ReviewState>(r.good).scheduled_days == 1);
  CHECK(std::get<ReviewState>(r.easy).scheduled_days == 2);
  CHECK(revlog_kind(again) == 2);

  StateContext half = with_fuzz(kFf6018);
  half.lapse_multiplier = 0.5f;
  CHECK(std::get<RelearnState>(next_states(review(100, 100), half).again).review.scheduled_days == 51);
  half.fuzz_factor = 0.47880507f;
  CHECK(std::get<RelearnState>(next_states(review(100, 100), half).again).review.scheduled_days == 50);

  // Leech thresholds: 8 -> 8, 12, 16; 3 -> 3, 5, 7; 1 -> every lapse.
  auto leech_at = [](uint32_t lapses_before, uint32_t threshold) {
    StateContext ctx = no_fuzz();
    ctx.leech_threshold = threshold;
    ReviewState r = review(10, 10);
    r.lapses = lapses_before;
    return leeched(next_states(r, ctx).again);
  };
  CHECK(leech_at(7, 8));
  CHECK(!leech_at(8, 8));
  CHECK(leech_at(11, 8));
  CHECK(leech_at(2, 3));
  CHECK(!leech_at(3, 3));
  CHECK(leech_at(4, 3));
  CHECK(leech_at(0, 1));
  CHECK(leech_at(1, 1));
  CHECK(!leech_at(0, 0));

  StateContext no_relearn = no_fuzz();
  no_relearn.relearn_steps.clear();
  auto direct = std::get<ReviewState>(next_states(review(100, 100), no_relearn).again);
  CHECK(direct.scheduled_days == 1);
  CHECK(direct.lapses == 1);
}

TEST_CASE("FSRS formulas (examples 31-36)") {
  const FsrsParams p = *fsrs_params({});
  FsrsNextStates n = fsrs_next_states(p, std::nullopt, 0.9f, 0);
  CHECK(n.again.memory.stability == Approx(0.212f));
  CHECK(n.again.memory.difficulty == Approx(6.4133f));
  CHECK(n.hard.memory.difficulty == Approx(5.1121707f).epsilon(1e-6));
  CHECK(n.good.memory.stability == Approx(2.3065f));
  CHECK(n.good.memory.difficulty == Approx(2.118104f).epsilon(1e-6));
  CHECK(n.easy.memory.difficulty == 1.0f);
  CHECK(n.good.interval == Approx(2.3065f).epsilon(1e-5));
  FsrsNextStates n85 = fsrs_next_states(p, std::nullopt, 0.85f, 0);
  CHECK(n85.good.interval == Approx(4.397169f).epsilon(1e-6));
  CHECK(n85.easy.interval == Approx(15.814939f).epsilon(1e-6));

  // Example 33: same day from the stored (rounded) values.
  FsrsNextStates same = fsrs_next_states(p, MemoryState{2.3065f, 2.118f}, 0.9f, 0);
  CHECK(same.good.memory.stability == Approx(2.3065f));
  CHECK(same.good.memory.difficulty == Approx(2.1111104f).epsilon(1e-6));
  CHECK(same.easy.memory.stability == Approx(3.9460542f).epsilon(1e-6));

  // Example 34: two days later.
  FsrsNextStates later = fsrs_next_states(p, MemoryState{2.3065f, 2.111f}, 0.9f, 2);
  CHECK(later.again.memory.stability == Approx(0.6077054f).epsilon(1e-6));
  CHECK(later.again.memory.difficulty == Approx(7.3921676f).epsilon(1e-6));
  CHECK(later.hard.memory.stability == Approx(7.51749f).epsilon(1e-6));
  CHECK(later.good.memory.stability == Approx(10.971266f).epsilon(1e-6));
  CHECK(later.easy.memory.stability == Approx(18.534739f).epsilon(1e-6));
  StateContext ctx = no_fuzz();
  ctx.fsrs = later;
  ReviewState r = review(2, 2);
  r.memory = MemoryState{2.3065f, 2.111f};
  CHECK(passing(r, ctx) == std::tuple{8u, 11u, 19u});

  // Example 35.
  FsrsNextStates e35 = fsrs_next_states(p, MemoryState{10.9713f, 2.104f}, 0.9f, 5);
  CHECK(e35.again.interval == Approx(1.4294425f).epsilon(1e-5));
  CHECK(e35.good.interval == Approx(30.15578f).epsilon(1e-5));
  ctx.fsrs = e35;
  CHECK(passing(review(11, 11), ctx) == std::tuple{23u, 30u, 47u});
  ctx.fuzz_factor = kFf6018;
  CHECK(passing(review(11, 11), ctx) == std::tuple{23u, 31u, 48u});
  auto relearn = std::get<RelearnState>(next_states(review(11, 11), ctx).again);
  CHECK(relearn.review.scheduled_days == 1);
  FsrsNextStates e35low = fsrs_next_states(p, MemoryState{10.9713f, 2.104f}, 0.8f, 5);
  ctx.fsrs = e35low;
  ctx.fuzz_factor = std::nullopt;
  CHECK(passing(review(11, 11), ctx) == std::tuple{75u, 100u, 156u});

  // Example 36: the fsrs crate's reference sequence.
  std::optional<MemoryState> m;
  const int ratings[] = {1, 3, 3, 3, 3, 3};
  const uint32_t deltas[] = {0, 0, 1, 3, 8, 21};
  for (int i = 0; i < 6; ++i) m = fsrs_next_memory(p, m, ratings[i], deltas[i]);
  CHECK(m->stability == Approx(53.62691f).epsilon(1e-5));
  CHECK(m->difficulty == Approx(6.3574867f).epsilon(1e-5));
  const uint32_t expected[] = {3116766, 34793, 2508, 387, 90, 27, 9, 3, 1, 1};
  for (int i = 0; i < 10; ++i) {
    const float dr = 0.1f * static_cast<float>(i + 1);
    CHECK(std::max(std::lround(fsrs_interval(p, 1.0f, dr)), 1L) == static_cast<long>(expected[i]));
  }
}

TEST_CASE("card data JSON (§1.3)") {
  CardData d = CardData::parse(R"({"pos":7,"s":2.3065,"d":2.118104,"dr":0.9,"decay":0.1542,"lrt":1775829600})");
  CHECK(d.to_json() == R"({"pos":7,"s":2.3065,"d":2.118,"dr":0.9,"decay":0.154,"lrt":1775829600})");
  CHECK(CardData::parse("garbage").to_json() == "{}");
  CHECK(CardData::parse(R"({"s":1.0})").to_json() == "{}");  // memory needs both s and d
  CHECK(f32_json(36500.0f) == "36500.0");
  CHECK(f32_json(0.154f) == "0.154");
}

TEST_CASE("FSRS relearning without a further step (rslib relearning.rs)") {
  // A card relearning under FSRS short-term scheduling with no relearning steps (how it got there:
  // an Again whose interval was under half a day). Again/Hard/Good have no step to go to, so each is
  // a review at the rating's FSRS interval, rounded (at least 1) and fuzzed, unless short-term
  // scheduling keeps an interval under half a day as relearning for that long.
  const MemoryState m{0.5f, 7.0f};
  StateContext ctx = no_fuzz();
  ctx.relearn_steps.clear();
  ctx.fsrs = FsrsNextStates{{m, 0.3f}, {m, 0.4f}, {m, 6.0f}, {m, 15.0f}};
  ctx.fsrs_allow_short_term = true;
  RelearnState current{LearnState{0, 25920, m}, review(5, 5)};
  current.review.lapses = 2;
  NextStates n = next_states(current, ctx);
  // Again 0.3 days, Hard 0.4 days: still relearning, for (u32)(0.3f * 86400) = 25920 s and 34560 s;
  // the review part gets max(round(0.3), 1) = 1 day.
  auto again = std::get<RelearnState>(n.again);
  CHECK(again.learning.scheduled_secs == 25920);
  CHECK(again.learning.remaining_steps == 0);
  CHECK(again.review.scheduled_days == 1);
  CHECK(again.review.lapses == 2);
  CHECK(std::get<RelearnState>(n.hard).learning.scheduled_secs == 34560);
  // Good 6 days: a review of round(6) = 6 days (no fuzz here).
  CHECK(std::get<ReviewState>(n.good).scheduled_days == 6);
  // Without short-term scheduling Again is a review of 1 day, not the old interval of 5.
  ctx.fsrs_allow_short_term = false;
  CHECK(std::get<ReviewState>(next_states(current, ctx).again).scheduled_days == 1);
  CHECK(std::get<ReviewState>(next_states(current, ctx).hard).scheduled_days == 1);
  // SM-2 keeps the review as it is on Again.
  ctx.fsrs.reset();
  CHECK(std::get<ReviewState>(next_states(current, ctx).again).scheduled_days == 5);
}
