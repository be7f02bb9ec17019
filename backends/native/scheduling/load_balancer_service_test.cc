// The load balancer on real collection files: which cards it counts for which preset (rslib
// LoadBalancer::new over storage get_all_cards_due_in_range and QueueBuilder's deck -> preset map),
// the config key, the weekdays, and answerCards with it on over a skewed due-day distribution.
//
// The expected days come from a reference written here from rslib's rule (not from the engine):
// weight (1/count)^2.15 * (1/day)^3 * sibling * easy-day modifiers, 1.0 for a day without cards;
// v = (w >> 9) / 2^23 with w the first word of StdRng(card id + reps) (SchedRng, verified against
// rand's vectors in states_test); the first day whose cumulative weight exceeds v * total; the
// answered card is then counted on its new day.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <vector>

#include <boost/json/parse.hpp>

#include "backends/native/cards/service.h"
#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/decks/service.h"
#include "backends/native/scheduling/fuzz_rng.h"
#include "backends/native/scheduling/load_balancer_build.h"
#include "backends/native/scheduling/service.h"
#include "backends/native/scheduling/test_cards.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"

using namespace ankc::native;
using ankc::native::testing::SchedCollection;

namespace {

constexpr int64_t kToday = 11;  // SchedCollection: 2026-04-10 (a Friday) 10:00 at UTC-4

void set_config(SchedCollection& c, const std::string& key, const std::string& json) {
  c.exec("INSERT OR REPLACE INTO config (KEY, usn, mtime_secs, val) VALUES ('" + key + "', 0, 0, CAST('" + json +
         "' AS BLOB))");
}

void edit_preset(SchedCollection& c, int64_t id, const std::function<void(DeckConfigInner&)>& edit) {
  auto& db = c.session->db();
  DeckConfig conf = deck_config_from_row(*storage::get_deck_config(db, DeckConfigId{id}));
  edit(conf.config);
  storage::put_deck_config(db, deck_config_to_row(conf));
}

std::optional<LoadBalancer> balancer(SchedCollection& c) {
  return build_load_balancer(c.session->db(), timing_today(c.session->db(), c.clock), c.clock);
}

int64_t scalar(SchedCollection& c, const std::string& sql) {
  auto q = c.session->db().query_uncached(sql);
  return q.next() ? q.col_int64(0) : -1;
}

// A review card due on `day` in deck `did` (interval 4, ease 2.5, 3 reps).
int64_t review_due(SchedCollection& c, int64_t id, int64_t day, int64_t did = 1, int64_t nid = 0) {
  return c.add_card({.id = id, .did = did, .type = 2, .queue = 2, .due = day, .ivl = 4, .factor = 2500, .reps = 3,
                     .nid = nid});
}

// --- The reference: rslib's rule for days lower..upper.
struct Reference {
  std::map<int, int> count;  // day (from today) -> cards
  std::map<int, float> easy;  // day -> easy-day modifier of a day with cards (1.0 when absent)
  std::map<int, float> sibling;  // day -> sibling modifier (1.0 when absent)

  int pick(uint64_t seed, int lower, int upper) const {
    std::vector<float> weights;
    for (int d = lower; d <= upper; ++d) {
      const int n = count.count(d) ? count.at(d) : 0;
      if (n == 0) {
        weights.push_back(1.0f);
        continue;
      }
      const float x = 1.0f / static_cast<float>(d);
      float w = std::pow(1.0f / static_cast<float>(n), 2.15f) * (x * x * x);
      w *= sibling.count(d) ? sibling.at(d) : 1.0f;
      w *= easy.count(d) ? easy.at(d) : 1.0f;
      weights.push_back(w);
    }
    float total = 0.0f;
    for (float w : weights) total += w;
    SchedRng rng(seed);
    const float v = static_cast<float>(rng.next_u32() >> 9) / 8388608.0f;
    const float chosen = v * total;
    float cumulative = 0.0f;
    for (size_t i = 0; i + 1 < weights.size(); ++i) {
      cumulative += weights[i];
      if (cumulative > chosen) return lower + static_cast<int>(i);
    }
    return upper;
  }
};

// The fuzz alone (scheduling.md §4.4) for the same days: floor(lower + v * (upper - lower + 1)).
int fuzz_pick(uint64_t seed, int lower, int upper) {
  SchedRng rng(seed);
  const float v = static_cast<float>(rng.next_u32() >> 9) / 8388608.0f;
  return static_cast<int>(std::floor(static_cast<float>(lower) + v * static_cast<float>(upper - lower + 1)));
}

std::string answers_json(const std::vector<int64_t>& ids, int ease) {
  std::string out = R"({"answers": [)";
  for (size_t i = 0; i < ids.size(); ++i)
    out += (i ? ", " : "") + std::string(R"({"cardId": )") + std::to_string(ids[i]) + R"(, "ease": )" +
           std::to_string(ease) + "}";
  return out + "]}";
}

}  // namespace

TEST_CASE("load balancer: which cards count, for which preset", "[load_balancer]") {
  SchedCollection c;
  auto& db = c.session->db();
  const int64_t p2 = std::stoll(c.call(decks_actions(), "cloneDeckConfigId", R"({"name": "P2", "cloneFrom": 1})"));
  const int64_t deck2 = std::stoll(c.call(decks_actions(), "createDeck", R"({"deck": "Two"})"));
  REQUIRE(c.call(decks_actions(), "setDeckConfigId", R"({"decks": ["Two"], "configId": )" + std::to_string(p2) + "}") ==
          "true");
  const int64_t orphan = std::stoll(c.call(decks_actions(), "createDeck", R"({"deck": "Orphan"})"));
  Deck o = *find_deck(db, DeckId{orphan});
  o.normal()->config_id = 77;  // a preset that does not exist
  storage::put_deck(db, deck_to_row(o));
  const int64_t filtered = std::stoll(c.call(decks_actions(), "createDeck", R"({"deck": "Filtered"})"));
  Deck f = *find_deck(db, DeckId{filtered});
  f.kind = FilteredDeck{};
  storage::put_deck(db, deck_to_row(f));

  review_due(c, 1000, kToday);                      // day 0
  c.add_card({.id = 1001, .type = 2, .queue = -1, .due = kToday + 9, .ivl = 4});  // suspended: day 9
  c.add_card({.id = 1002, .due = kToday + 4});      // a new card whose position is 15: day 4
  c.add_card({.id = 1003, .due = 5});               // position 5: before today
  c.add_card({.id = 1004, .type = 1, .queue = 1, .due = 1775830000, .left = 2});  // intraday: a timestamp
  c.add_card({.id = 1005, .type = 1, .queue = 3, .due = kToday + 1, .left = 1});  // interday learning: day 1
  review_due(c, 1006, kToday + 99);                 // past the window [11, 110)
  review_due(c, 1007, kToday + 98);                 // its last day
  review_due(c, 1008, kToday - 1);                  // overdue: not counted
  c.add_card({.id = 1009, .did = filtered, .type = 2, .queue = 2, .due = kToday + 2, .ivl = 4, .odid = 1});
  review_due(c, 1010, kToday + 3, deck2);           // preset P2, day 3
  review_due(c, 1011, kToday + 3, orphan);          // preset 77 (missing), day 3
  c.add_card({.id = 1012, .type = 2, .queue = -2, .due = kToday + 9, .ivl = 4});  // buried: day 9

  auto lb = balancer(c);
  REQUIRE(lb);
  const DeckConfigId p1{1};
  CHECK(lb->count(p1, 0) == 1);
  CHECK(lb->count(p1, 1) == 1);
  CHECK(lb->count(p1, 2) == 0);  // the filtered deck's card counts for no preset
  CHECK(lb->count(p1, 3) == 0);
  CHECK(lb->count(p1, 4) == 1);
  CHECK(lb->count(p1, 9) == 2);
  CHECK(lb->count(p1, 98) == 1);
  size_t total = 0;
  for (uint32_t d = 0; d < kLoadBalanceDays; ++d) total += lb->count(p1, d);
  CHECK(total == 6);
  CHECK(lb->count(DeckConfigId{p2}, 3) == 1);
  CHECK(lb->count(DeckConfigId{77}, 3) == 1);
  // The missing preset has no easy days: never balanced.
  CHECK_FALSE(lb->find_interval(3.0f, 1, 36500, DeckConfigId{77}, 1, std::nullopt));
  // A preset without cards in range is not balanced.
  const int64_t p3 = std::stoll(c.call(decks_actions(), "cloneDeckConfigId", R"({"name": "P3", "cloneFrom": 1})"));
  CHECK_FALSE(balancer(c)->has_preset(DeckConfigId{p3}));
}

TEST_CASE("load balancer: loadBalancerEnabled and easy days lists", "[load_balancer]") {
  SchedCollection c;
  review_due(c, 1000, kToday);
  // A new collection stores it (true), as Anki's does once its preferences were saved.
  CHECK(c.sql("SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'loadBalancerEnabled'") == "true");
  CHECK(balancer(c));
  set_config(c, "loadBalancerEnabled", "false");
  CHECK_FALSE(load_balancer_enabled(c.session->db()));
  CHECK_FALSE(balancer(c));
  // Absent, or not a boolean: Anki's default, true.
  c.exec("DELETE FROM config WHERE KEY = 'loadBalancerEnabled'");
  CHECK(balancer(c));
  set_config(c, "loadBalancerEnabled", "1");
  CHECK(balancer(c));
  // An easy-days list of 7 or none is fine; another length anywhere and Anki builds no queues.
  edit_preset(c, 1, [](DeckConfigInner& p) { p.easy_days_percentages.clear(); });
  CHECK(balancer(c));
  edit_preset(c, 1, [](DeckConfigInner& p) { p.easy_days_percentages = {1.0f, 0.5f, 0.0f}; });
  CHECK_FALSE(balancer(c));
}

TEST_CASE("load balancer: weekdays of the days ahead", "[load_balancer]") {
  // Next rollover: 2026-04-11 04:00 at UTC-4 (a Saturday). Day i is that moment plus i - 1 days.
  SchedCollection c;
  const SchedTiming t = timing_today(c.session->db(), c.clock);
  REQUIRE(t.next_day_at.v == 1775894400);
  CHECK(interval_weekday(1, t.next_day_at, c.clock) == 5);   // Saturday
  CHECK(interval_weekday(2, t.next_day_at, c.clock) == 6);   // Sunday
  CHECK(interval_weekday(3, t.next_day_at, c.clock) == 0);   // Monday 2026-04-13
  CHECK(interval_weekday(10, t.next_day_at, c.clock) == 0);  // Monday 2026-04-20
  // The local date is the clock's: 08:00 UTC is 22:00 of the day before at UTC-10.
  FixedClock west(TimestampMillis{1775829600000}, 600);
  CHECK(interval_weekday(1, t.next_day_at, west) == 4);  // Friday
}

TEST_CASE("load balancer: answerCards over a skewed due-day distribution", "[load_balancer]") {
  // Preset 1 (deck 1) has reviews due in 8, 9, 11 and 12 days: 5, 30, 2 and 25; day 10 is empty.
  // Twenty review cards due today (interval 4, ease 2.5, 3 reps) are answered Good: hard 4 * 1.2 =
  // 4.8 (at least 5), good 4 * 2.5 = 10 at least hard + 1 (6 or 7): fuzz bounds 10 -/+ (1 + 0.15 *
  // 4.5 + 0.1 * 3 = 1.975) = 8.025..11.975 -> days 8..12.
  const std::map<int, int> background = {{8, 5}, {9, 30}, {11, 2}, {12, 25}};
  auto setup = [&](SchedCollection& c) {
    int64_t id = 5000;
    for (const auto& [day, n] : background)
      for (int i = 0; i < n; ++i) review_due(c, id++, kToday + day);
    std::vector<int64_t> answered;
    for (int i = 0; i < 20; ++i) answered.push_back(review_due(c, 1700000000100 + 37 * i, kToday));
    return answered;
  };
  auto due_days = [](SchedCollection& c, const std::vector<int64_t>& ids) {
    std::vector<int> out;
    for (int64_t id : ids) {
      const int64_t due = scalar(c, "SELECT due FROM cards WHERE id = " + std::to_string(id));
      CHECK(scalar(c, "SELECT ivl FROM cards WHERE id = " + std::to_string(id)) == due - kToday);
      out.push_back(static_cast<int>(due - kToday));
    }
    return out;
  };

  SECTION("balanced, one request or two") {
    Reference ref;
    ref.count = background;
    std::vector<int> expected;
    for (int i = 0; i < 20; ++i) {
      const int day = ref.pick(static_cast<uint64_t>(1700000000100 + 37 * i + 3), 8, 12);
      expected.push_back(day);
      ++ref.count[day];  // counted for the cards after it
    }
    // The first card (v = 0.01546): day 10 is empty (weight 1.0), the others weigh at most
    // (1/5)^2.15 / 512 = 6.1e-5: v * total = 0.0155 lands on day 10.
    CHECK(expected[0] == 10);
    UNSCOPED_INFO("expected days: " << Catch::Detail::stringify(expected));
    SchedCollection one;
    const auto ids = setup(one);
    CHECK(one.call(scheduling_actions(), "answerCards", answers_json(ids, 3)) == "[" + std::string(
        "true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, true, "
        "true, true") + "]");
    CHECK(due_days(one, ids) == expected);
    // Built anew for the second request from the collection, which now holds the first ten at their
    // new days: the same days as one request's running counts.
    SchedCollection two;
    const auto ids2 = setup(two);
    two.call(scheduling_actions(), "answerCards", answers_json({ids2.begin(), ids2.begin() + 10}, 3));
    two.call(scheduling_actions(), "answerCards", answers_json({ids2.begin() + 10, ids2.end()}, 3));
    CHECK(due_days(two, ids2) == expected);

    // The fuzz alone would send the cards anywhere in 8..12; balanced, they avoid the crowded days
    // 9 and 12 (30 and 25 cards) and fill the empty day 10.
    int fuzz_crowded = 0, balanced_crowded = 0, balanced_day10 = 0;
    for (int i = 0; i < 20; ++i) {
      const int f = fuzz_pick(static_cast<uint64_t>(1700000000100 + 37 * i + 3), 8, 12);
      fuzz_crowded += (f == 9 || f == 12);
      balanced_crowded += (expected[i] == 9 || expected[i] == 12);
      balanced_day10 += expected[i] == 10;
    }
    CHECK(balanced_crowded < fuzz_crowded);
    CHECK(balanced_day10 >= 5);
  }

  SECTION("off: the fuzz alone") {
    SchedCollection c;
    const auto ids = setup(c);
    set_config(c, "loadBalancerEnabled", "false");
    c.call(scheduling_actions(), "answerCards", answers_json(ids, 3));
    std::vector<int> expected;
    for (int i = 0; i < 20; ++i) expected.push_back(fuzz_pick(static_cast<uint64_t>(1700000000100 + 37 * i + 3), 8, 12));
    CHECK(due_days(c, ids) == expected);
  }

  SECTION("easy days: Monday (day 10) at 0%") {
    // Day 10 is Monday 2026-04-20. Empty it weighs 1.0 all the same; once it has cards its weight
    // is multiplied by 0.0001 (Minimum), so it fills far less than in the balanced section.
    SchedCollection c;
    const auto ids = setup(c);
    edit_preset(c, 1, [](DeckConfigInner& p) { p.easy_days_percentages = {0.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f}; });
    Reference ref;
    ref.count = background;
    ref.easy[10] = 0.0001f;
    std::vector<int> expected;
    for (int i = 0; i < 20; ++i) {
      const int day = ref.pick(static_cast<uint64_t>(1700000000100 + 37 * i + 3), 8, 12);
      expected.push_back(day);
      ++ref.count[day];
    }
    c.call(scheduling_actions(), "answerCards", answers_json(ids, 3));
    CHECK(due_days(c, ids) == expected);
    CHECK(std::count(expected.begin(), expected.end(), 10) <= 2);
  }
}

TEST_CASE("load balancer: answerCards avoids siblings when the preset buries review siblings", "[load_balancer]") {
  // Card 1700000000101 (note 77) is due today; its sibling 1700000000200 (same note) is due in 10
  // days, and one card each is due in 8, 9, 11 and 12 days. Good: days 8..12 as above, one card on
  // each. The sibling modifiers from day 10 are 0.4, 0.2, 1e-6, 0.2, 0.4 for days 8..12; the card's
  // own day 0 is too far to matter (5 days reach day 5), and so is the note's card 77 on day 40.
  auto run = [](bool bury) {
    SchedCollection c;
    review_due(c, 77, kToday + 40);  // the note's first card (note id 77), far away
    review_due(c, 1700000000101, kToday, 1, 77);
    review_due(c, 1700000000200, kToday + 10, 1, 77);
    for (int d : {8, 9, 11, 12}) review_due(c, 3000 + d, kToday + d);
    if (bury) edit_preset(c, 1, [](DeckConfigInner& p) { p.bury_reviews = true; });
    c.call(scheduling_actions(), "answerCards", R"({"answers": [{"cardId": 1700000000101, "ease": 3}]})");
    return static_cast<int>(scalar(c, "SELECT due FROM cards WHERE id = 1700000000101") - kToday);
  };
  Reference plain;
  plain.count = {{8, 1}, {9, 1}, {10, 1}, {11, 1}, {12, 1}};
  Reference siblings = plain;
  siblings.sibling = {{8, 0.4f}, {9, 0.2f}, {10, 0.000001f}, {11, 0.2f}, {12, 0.4f}};
  const uint64_t seed = 1700000000101 + 3;
  // v = 0.59426 for this seed. Plain weights 1/512, 1/729, 1/1000, 1/1331, 1/1728: cumulative
  // fractions 0.3454, 0.5880, 0.7649, 0.8977 -> day 10. With siblings 0.00078125, 0.00027435, 1e-9,
  // 0.00015026, 0.00023148: 0.5435, 0.7344, 0.7344, 0.8390 -> day 9. They must differ for the test
  // to mean anything.
  REQUIRE(plain.pick(seed, 8, 12) == 10);
  REQUIRE(siblings.pick(seed, 8, 12) == 9);
  CHECK(run(false) == plain.pick(seed, 8, 12));
  CHECK(run(true) == siblings.pick(seed, 8, 12));
}

TEST_CASE("load balancer: kept between answerCards requests, rebuilt after other writes", "[load_balancer]") {
  // Two review cards due today (interval 4, ease 2.5, 3 reps), Good: days 8..12 as above. Day 10
  // is empty at first, the other days hold one card each.
  SchedCollection c;
  for (int d : {8, 9, 11, 12}) review_due(c, 3000 + d, kToday + d);
  const int64_t a = review_due(c, 1700000000100, kToday);
  const int64_t b = review_due(c, 1700000000101, kToday);
  auto answer_one = [&](int64_t id) {
    c.call(scheduling_actions(), "answerCards", answers_json({id}, 3));
    return static_cast<int>(scalar(c, "SELECT due FROM cards WHERE id = " + std::to_string(id)) - kToday);
  };
  // A (v 0.01546): day 10 weighs 1.0, the others 1/512 .. 1/1728: day 10.
  Reference ref;
  ref.count = {{8, 1}, {9, 1}, {11, 1}, {12, 1}};
  REQUIRE(ref.pick(1700000000100 + 3, 8, 12) == 10);
  CHECK(answer_one(a) == 10);
  // Another request's write (here raw SQL on the same connection): 20 more cards due in 10 days.
  for (int i = 0; i < 20; ++i) review_due(c, 4000 + i, kToday + 10);
  // B (v 0.59426) sees them: days 8..12 with 1, 1, 21, 1, 1 cards: 1/512, 1/729, 1.4e-6/1000,
  // 1/1331, 1/1728, cumulative fractions 0.4196, 0.7143: day 9 (counted without them: day 10).
  ref.count = {{8, 1}, {9, 1}, {10, 21}, {11, 1}, {12, 1}};
  const int expected = ref.pick(1700000000101 + 3, 8, 12);
  REQUIRE(expected == 9);
  Reference stale;  // what a balancer not rebuilt would have said
  stale.count = {{8, 1}, {9, 1}, {10, 1}, {11, 1}, {12, 1}};
  REQUIRE(expected != stale.pick(1700000000101 + 3, 8, 12));
  CHECK(answer_one(b) == expected);
  // Turning it off (a config write) takes effect at the next request: the fuzz alone.
  const int64_t e = review_due(c, 1700000000102, kToday);
  set_config(c, "loadBalancerEnabled", "false");
  CHECK(answer_one(e) == fuzz_pick(1700000000102 + 3, 8, 12));
}

TEST_CASE("load balancer: cardsInfo's nextReviews show the balanced days", "[load_balancer]") {
  // The skewed collection above and its first card (v 0.01546): Good goes to day 10 balanced
  // (the empty day), to floor(8 + 0.01546 * 5) = 8 with the fuzz alone.
  SchedCollection c;
  int64_t id = 5000;
  for (const auto& [day, n] : std::map<int, int>{{8, 5}, {9, 30}, {11, 2}, {12, 25}})
    for (int i = 0; i < n; ++i) review_due(c, id++, kToday + day);
  review_due(c, 1700000000100, kToday);
  auto good_label = [&] {
    const auto out = boost::json::parse(c.call(cards_actions(), "cardsInfo", R"({"cards": [1700000000100]})"));
    return std::string(out.as_array().at(0).as_object().at("nextReviews").as_array().at(2).as_string());
  };
  CHECK(good_label() == "\u206810\u2069d");
  set_config(c, "loadBalancerEnabled", "false");
  CHECK(good_label() == "\u20688\u2069d");
}
