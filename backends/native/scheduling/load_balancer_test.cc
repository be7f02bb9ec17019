// The load balancer against rslib scheduler/states/load_balancer.rs, with every expected day
// derived by hand in the comments. The random draw: StdRng seeded with the card's seed gives one u32
// word w (SchedRng, checked against rand's own vectors in states_test); rand's UniformFloat turns it
// into v = (w >> 9) / 2^23 in [0, 1) and the chosen weight v * total (the scale is the total unless
// rounding pushes the largest sample past it); WeightedIndex picks the first day whose cumulative
// weight exceeds it, i.e. the day where v falls among the cumulative fractions of the total.
//
// Words used (seed: w, w >> 9, v):
//   1: 3543144545, 6920204, 0.82495260      2: 348700191, 681055, 0.08118808
//   3: 2781141484, 5431916, 0.64753485     14: 3609601342, 7050002, 0.84042573
//  16: 3969720606, 7753360, 0.92427254
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "backends/native/scheduling/fuzz.h"
#include "backends/native/scheduling/fuzz_rng.h"
#include "backends/native/scheduling/load_balancer.h"
#include "backends/native/scheduling/states.h"

using namespace ankc::native;
using Catch::Matchers::WithinRel;

namespace {

constexpr DeckConfigId kPreset{1};
constexpr DeckConfigId kOther{2};

std::array<EasyDay, 7> all_normal() {
  std::array<EasyDay, 7> d;
  d.fill(EasyDay::Normal);
  return d;
}

// Weekday of day i: i mod 7 (day 0 a Monday), enough for the tests that set easy days.
std::array<int, kLoadBalanceDays> weekdays_from_monday() {
  std::array<int, kLoadBalanceDays> w{};
  for (uint32_t i = 0; i < kLoadBalanceDays; ++i) w[i] = static_cast<int>(i % 7);
  return w;
}

// One card on each of days 4, 5 and 6 (cards 104..106, notes 204..206).
LoadBalancer one_card_on_days_4_to_6(std::array<EasyDay, 7> easy = all_normal(),
                                     std::vector<LoadBalancerCard> more = {}) {
  std::vector<LoadBalancerCard> cards = {{CardId{104}, NoteId{204}, kPreset, 4},
                                         {CardId{105}, NoteId{205}, kPreset, 5},
                                         {CardId{106}, NoteId{206}, kPreset, 6}};
  cards.insert(cards.end(), more.begin(), more.end());
  return LoadBalancer(cards, {{kPreset, easy}, {kOther, all_normal()}}, weekdays_from_monday());
}

}  // namespace

TEST_CASE("load balancer: the random words the derivations use", "[load_balancer]") {
  // The words above, from the verified stream.
  CHECK(SchedRng(1).next_u32() == 3543144545u);
  CHECK(SchedRng(2).next_u32() == 348700191u);
  CHECK(SchedRng(3).next_u32() == 2781141484u);
  CHECK(SchedRng(14).next_u32() == 3609601342u);
  CHECK(SchedRng(16).next_u32() == 3969720606u);
}

TEST_CASE("load balancer: weights", "[load_balancer]") {
  // A day without cards weighs 1.0 whatever its modifiers (rslib's `0 => 1.0` arm).
  CHECK(load_balancer_weight({7, 0, 0.000001f, 0.0001f}) == 1.0f);
  // One card: (1/1)^2.15 = 1, times (1/4)^3 = 1/64 exactly.
  CHECK(load_balancer_weight({4, 1, 1.0f, 1.0f}) == 0.015625f);
  // Two cards on day 3: (1/2)^2.15 = 0.2253131 times 1/27, times both modifiers.
  CHECK_THAT(load_balancer_weight({3, 2, 1.0f, 1.0f}), WithinRel(0.2253131f / 27.0f, 1e-5f));
  CHECK_THAT(load_balancer_weight({3, 2, 0.2f, 0.5f}), WithinRel(0.2253131f / 27.0f * 0.1f, 1e-5f));
}

TEST_CASE("load balancer: weighted draw", "[load_balancer]") {
  // Days 4, 5, 6 with one card each: weights 1/64 = 0.015625, 1/125 = 0.008, 1/216 = 0.0046296;
  // total 0.0282546; cumulative fractions 0.015625/0.0282546 = 0.55301 and 0.023625/0.0282546 = 0.83615.
  const std::vector<LoadBalancerCandidate> days = {{4, 1}, {5, 1}, {6, 1}};
  CHECK(select_weighted_interval(days, 2) == 4u);   // v 0.0812 < 0.55301
  CHECK(select_weighted_interval(days, 3) == 5u);   // 0.55301 <= v 0.6475 < 0.83615
  CHECK(select_weighted_interval(days, 1) == 5u);   // 0.55301 <= v 0.8250 < 0.83615
  CHECK(select_weighted_interval(days, 14) == 6u);  // v 0.8404 >= 0.83615
  // No seed (Anki's unit-test mode): no draw.
  CHECK_FALSE(select_weighted_interval(days, std::nullopt));
  // All weights zero: WeightedIndex refuses (InsufficientNonZero) and the fuzz applies.
  CHECK_FALSE(select_weighted_interval({{4, 1, 1.0f, 0.0f}, {5, 3, 0.0f, 1.0f}}, 1));
  // A NaN weight: InvalidWeight.
  CHECK_FALSE(select_weighted_interval({{4, 1, std::numeric_limits<float>::quiet_NaN(), 1.0f}, {5, 0}}, 1));
  // One day: always that day.
  CHECK(select_weighted_interval({{9, 40}}, 14) == 9u);
}

TEST_CASE("load balancer: easy days", "[load_balancer]") {
  // From f32: exactly 1.0 Normal, exactly 0.0 (either sign) Minimum, anything else Reduced.
  auto parsed = parse_easy_days({1.0f, 0.0f, 0.5f, -0.0f, 1.0f, 0.3f, std::numeric_limits<float>::quiet_NaN()});
  REQUIRE(parsed);
  CHECK(*parsed == std::array<EasyDay, 7>{EasyDay::Normal, EasyDay::Minimum, EasyDay::Reduced, EasyDay::Minimum,
                                          EasyDay::Normal, EasyDay::Reduced, EasyDay::Reduced});
  CHECK(parse_easy_days({}) == all_normal());
  CHECK_FALSE(parse_easy_days({1.0f, 1.0f, 1.0f}));  // "expected 7 days"
  CHECK(easy_day_load_modifier(EasyDay::Minimum) == 0.0001f);
  CHECK(easy_day_load_modifier(EasyDay::Reduced) == 0.5f);
  CHECK(easy_day_load_modifier(EasyDay::Normal) == 1.0f);

  // Monday Normal, Tuesday Reduced, Wednesday Minimum; counts 4, 3, 1. Total 8 reviews; load
  // 1 + 0.5 + 0.0001 = 1.5001. Tuesday: the others have 5 reviews over 1.0001 of load = 4.9995 per
  // unit; its own 3 / 0.5 = 6 is more: Minimum. Wednesday stays Minimum, Monday Normal.
  std::array<EasyDay, 7> easy = all_normal();
  easy[1] = EasyDay::Reduced;
  easy[2] = EasyDay::Minimum;
  CHECK(easy_days_modifiers(easy, {0, 1, 2}, {4, 3, 1}) == std::vector<float>{1.0f, 0.0001f, 0.0001f});
  // Counts 4, 1, 1: Tuesday 1 / 0.5 = 2 is not above 5 / 1.0001: Normal.
  CHECK(easy_days_modifiers(easy, {0, 1, 2}, {4, 1, 1}) == std::vector<float>{1.0f, 1.0f, 0.0001f});
  // A lone Reduced day: 0 / (0.5 - 0.5) is NaN, and 2 > NaN is false: Normal.
  CHECK(easy_days_modifiers(easy, {1}, {1}) == std::vector<float>{1.0f});
}

TEST_CASE("load balancer: sibling modifiers", "[load_balancer]") {
  // rslib's own example: siblings on days 2 and 8, days 0..10. Around a sibling's day the weight is
  // multiplied by 0.2, 0.4, 0.6, 0.8 one to four days away (1.0 at five), the day itself by 1e-6:
  // 0.40 0.20 0.00 0.20 0.32 0.36 0.32 0.20 0.00 0.20 0.40.
  const LoadBalancer lb({{CardId{1}, NoteId{50}, kPreset, 2}, {CardId{2}, NoteId{50}, kOther, 8},
                         {CardId{3}, NoteId{51}, kPreset, 5}},
                        {{kPreset, all_normal()}}, weekdays_from_monday());
  const std::vector<float> m = lb.sibling_modifiers(0, 10, NoteId{50});
  const std::vector<float> expected = {0.4f, 0.2f, 0.000001f, 0.2f, 0.32f, 0.36f, 0.32f, 0.2f, 0.000001f, 0.2f, 0.4f};
  REQUIRE(m.size() == expected.size());
  for (size_t i = 0; i < m.size(); ++i) CHECK_THAT(m[i], WithinRel(expected[i], 1e-6f));
  // Only the days of the range: 7..9 are 0.2, 1e-6, 0.2.
  const std::vector<float> part = lb.sibling_modifiers(7, 9, NoteId{50});
  CHECK(part == std::vector<float>{0.2f, 0.000001f, 0.2f});
  // Without a note (the preset does not bury review siblings), or a note without cards: all 1.0.
  CHECK(lb.sibling_modifiers(0, 3, std::nullopt) == std::vector<float>(4, 1.0f));
  CHECK(lb.sibling_modifiers(0, 3, NoteId{99}) == std::vector<float>(4, 1.0f));
}

TEST_CASE("load balancer: find_interval", "[load_balancer]") {
  // Interval 5, minimum 1: fuzz bounds 5 -/+ (1 + 0.15 * 2.5) = 3.625..6.375, rounded 4..6.
  REQUIRE(constrained_fuzz_bounds(5.0f, 1, 36500) == std::pair<uint32_t, uint32_t>{4, 6});
  const LoadBalancer lb = one_card_on_days_4_to_6();
  // As in "weighted draw": seed 2 -> 4, seed 1 -> 5, seed 14 -> 6.
  CHECK(lb.find_interval(5.0f, 1, 36500, kPreset, 2, std::nullopt) == 4u);
  CHECK(lb.find_interval(5.0f, 1, 36500, kPreset, 1, std::nullopt) == 5u);
  CHECK(lb.find_interval(5.0f, 1, 36500, kPreset, 14, std::nullopt) == 6u);
  // Plain fuzz for seed 1 would be floor(4 + 0.82495 * 3) = 6.
  CHECK(with_review_fuzz(fuzz_factor(1), 5.0f, 1, 36500) == 6u);

  // Another preset's cards do not count: kOther has none in range, so it is not balanced at all.
  CHECK_FALSE(lb.find_interval(5.0f, 1, 36500, kOther, 1, std::nullopt));
  CHECK_FALSE(lb.has_preset(kOther));
  // A preset with cards but no easy-days entry (a deck naming a missing preset): not balanced.
  const LoadBalancer orphan({{CardId{1}, NoteId{1}, DeckConfigId{9}, 5}}, {}, weekdays_from_monday());
  CHECK_FALSE(orphan.find_interval(5.0f, 1, 36500, DeckConfigId{9}, 1, std::nullopt));

  // Beyond 90 days (`interval as usize > 90`, or minimum > 90): plain fuzz. 90.9 truncates to 90.
  CHECK_FALSE(lb.find_interval(91.0f, 1, 36500, kPreset, 1, std::nullopt));
  CHECK_FALSE(lb.find_interval(50.0f, 91, 36500, kPreset, 1, std::nullopt));
  // 90.9: bounds 90.9 -/+ (1 + 0.675 + 1.3 + 0.05 * 70.9 = 6.52) = 84.38..97.42 -> 84..97, all empty
  // days of weight 1: v 0.82495 * 14 days = 11.55 -> the 12th day, 95.
  CHECK(lb.find_interval(90.9f, 1, 36500, kPreset, 1, std::nullopt) == 95u);
  // Without a seed: nothing.
  CHECK_FALSE(lb.find_interval(5.0f, 1, 36500, kPreset, std::nullopt, std::nullopt));
}

TEST_CASE("load balancer: easy days and siblings in find_interval", "[load_balancer]") {
  // Days 4, 5, 6 are Friday, Saturday, Sunday with weekdays_from_monday (4 = Friday).
  std::array<EasyDay, 7> easy = all_normal();
  easy[5] = EasyDay::Minimum;  // Saturday
  // Day 5's weight 0.008 * 0.0001 = 8e-7: total 0.0202554; cumulative fractions 0.015625/0.0202554
  // = 0.77140 and 0.7714395: seed 1 (v 0.82495) now lands on 6, seed 3 (v 0.6475) on 4.
  const LoadBalancer minimum = one_card_on_days_4_to_6(easy);
  CHECK(minimum.find_interval(5.0f, 1, 36500, kPreset, 1, std::nullopt) == 6u);
  CHECK(minimum.find_interval(5.0f, 1, 36500, kPreset, 3, std::nullopt) == 4u);
  // Saturday Reduced with 1 card on each day: 1 / 0.5 = 2 > (2 other reviews / (2.5 - 0.5) load)
  // = 1: treated as Minimum, the same draws.
  easy[5] = EasyDay::Reduced;
  const LoadBalancer reduced = one_card_on_days_4_to_6(easy);
  CHECK(reduced.find_interval(5.0f, 1, 36500, kPreset, 1, std::nullopt) == 6u);
  // With two more cards on each of days 4 and 6 (3, 1, 3): 2 is not above 6 / 2 = 3: Normal again.
  // Weights (1/3)^2.15/64 = 0.0014716, 0.008, (1/3)^2.15/216 = 0.00043604; total 0.0099077;
  // cumulative fractions 0.14853 and 0.95599: seed 1 (v 0.82495) -> 5.
  const LoadBalancer reduced_busy = one_card_on_days_4_to_6(
      easy, {{CardId{114}, NoteId{214}, kPreset, 4}, {CardId{124}, NoteId{224}, kPreset, 4},
             {CardId{116}, NoteId{216}, kPreset, 6}, {CardId{126}, NoteId{226}, kPreset, 6}});
  CHECK(reduced_busy.find_interval(5.0f, 1, 36500, kPreset, 1, std::nullopt) == 5u);

  // Siblings: note 205 has its card on day 5. With the note given, day 5 weighs 0.008 * 1e-6,
  // days 4 and 6 are multiplied by 0.2: 0.003125, 8e-9, 0.00092593; cumulative fractions 0.77143
  // and 0.771432: seed 1 (v 0.82495) -> 6 instead of 5; seed 2 (v 0.0812) -> 4.
  const LoadBalancer lb = one_card_on_days_4_to_6();
  CHECK(lb.find_interval(5.0f, 1, 36500, kPreset, 1, NoteId{205}) == 6u);
  CHECK(lb.find_interval(5.0f, 1, 36500, kPreset, 2, NoteId{205}) == 4u);
  // A sibling in another preset counts too: note 300's card on day 8 (kOther) multiplies days 4, 5,
  // 6 (4, 3, 2 days before it) by 0.8, 0.6, 0.4: 0.0125, 0.0048, 0.0018519; total 0.0191519;
  // fractions 0.65268 and 0.90331: seed 3 (v 0.6475) -> 4, seed 1 (v 0.82495) -> 5, seed 16
  // (v 0.92427) -> 6.
  const LoadBalancer far = one_card_on_days_4_to_6(all_normal(), {{CardId{300}, NoteId{300}, kOther, 8}});
  CHECK(far.find_interval(5.0f, 1, 36500, kPreset, 3, NoteId{300}) == 4u);
  CHECK(far.find_interval(5.0f, 1, 36500, kPreset, 1, NoteId{300}) == 5u);
  CHECK(far.find_interval(5.0f, 1, 36500, kPreset, 16, NoteId{300}) == 6u);
  // An empty day is not affected by siblings (weight 1.0): with day 6's card gone, seed 1 draws
  // among 0.0125, 0.0048, 1.0 (fractions 0.012347, 0.017088): 6.
  LoadBalancer far_empty = one_card_on_days_4_to_6(all_normal(), {{CardId{300}, NoteId{300}, kOther, 8}});
  far_empty.remove_card(CardId{106});
  CHECK(far_empty.find_interval(5.0f, 1, 36500, kPreset, 1, NoteId{300}) == 6u);
}

TEST_CASE("load balancer: add_card and remove_card", "[load_balancer]") {
  LoadBalancer lb = one_card_on_days_4_to_6();
  CHECK(lb.count(kPreset, 5) == 1);
  // An answer leaving card 7 (note 205, a sibling of card 105) due in 5 days.
  lb.add_card(CardId{7}, NoteId{205}, kPreset, 5);
  CHECK(lb.count(kPreset, 5) == 2);
  // Counted twice if answered twice onto the same day (Anki never removes the earlier entry).
  lb.add_card(CardId{7}, NoteId{205}, kPreset, 5);
  CHECK(lb.count(kPreset, 5) == 3);
  // A preset that was not balanced when built stays so; days beyond the window are not kept.
  lb.add_card(CardId{8}, NoteId{208}, kOther, 5);
  CHECK_FALSE(lb.has_preset(kOther));
  lb.add_card(CardId{8}, NoteId{208}, kPreset, 99);
  CHECK(lb.count(kPreset, 98) == 0);
  // Undo: one entry of the card leaves each day.
  lb.remove_card(CardId{7});
  CHECK(lb.count(kPreset, 5) == 2);
  lb.remove_card(CardId{105});
  CHECK(lb.count(kPreset, 5) == 1);
  // Card 7 (note 205) is still on day 5, so note 205 still has a sibling there ...
  CHECK(lb.sibling_modifiers(5, 5, NoteId{205}) == std::vector<float>{0.000001f});
  lb.remove_card(CardId{7});
  // ... and none once it left.
  CHECK(lb.count(kPreset, 5) == 0);
  CHECK(lb.sibling_modifiers(5, 5, NoteId{205}) == std::vector<float>{1.0f});
}

TEST_CASE("load balancer: the scheduler's review intervals go through it", "[load_balancer]") {
  // A new card answered Easy graduates at 4 days (SM-2): bounds 4 -/+ (1 + 0.15 * 1.5) = 2.775..5.225
  // -> 3..5. One card on each of days 3, 4, 5: weights 1/27, 1/64, 1/125 = 0.037037, 0.015625, 0.008;
  // total 0.060662; fractions 0.61054, 0.86812: seed 1 (v 0.82495) -> 4. The fuzz alone gives
  // floor(3 + 0.82495 * 3) = 5.
  const LoadBalancer lb({{CardId{3}, NoteId{3}, kPreset, 3}, {CardId{4}, NoteId{4}, kPreset, 4},
                         {CardId{5}, NoteId{5}, kPreset, 5}},
                        {{kPreset, all_normal()}}, weekdays_from_monday());
  StateContext ctx;
  ctx.fuzz_factor = fuzz_factor(1);
  CHECK(std::get<ReviewState>(next_states(NewState{1}, ctx).easy).scheduled_days == 5);
  ctx.load_balancer = LoadBalancerContext{&lb, kPreset, std::nullopt, 1};
  CHECK(std::get<ReviewState>(next_states(NewState{1}, ctx).easy).scheduled_days == 4);
  // A review beyond 90 days is fuzzed as before: interval 40, ease 2.5, on time: good 100 days,
  // bounds 100 -/+ (1 + 0.675 + 1.3 + 0.05 * 80 = 6.975) = 93..107: floor(93 + 0.82495 * 15) = 105.
  ReviewState r;
  r.scheduled_days = 40;
  r.elapsed_days = 40;
  r.ease_factor = 2.5f;
  CHECK(std::get<ReviewState>(next_states(r, ctx).good).scheduled_days == 105);
  // Hard (40 * 1.2 = 48, at least 41) is balanced: bounds 48 -/+ (1 + 0.675 + 1.3 + 1.4 = 4.375) =
  // 43.625..52.375 -> 44..52, all days empty (weight 1 each): v 0.82495 * 9 = 7.42 -> the 8th, 51.
  CHECK(std::get<ReviewState>(next_states(r, ctx).hard).scheduled_days == 51);
}
