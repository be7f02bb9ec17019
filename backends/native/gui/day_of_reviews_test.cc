// The issue's "day of reviews": a deck of 30 new cards (learning steps 1m 10m, new/day 20),
// reviews made due on earlier days with setDueDate, siblings buried per the preset, a child deck
// with its own limits, reviewed through the gui actions with a fixed clock and a fixed sequence of
// answers; then ten undos and a replay. It runs twice: with the load balancer on (Anki's default;
// its reviewer builds one with its queues) and off.
//
// The expected order, counts and rows below were worked out from rslib's queue code
// (scheduler/queue/builder/*, queue/learning.rs, queue/main.rs, decks/limits.rs) and
// scheduling.md (§4-§6), not from this engine's output; the derivation is in the comments. The
// only engine piece used to compute expectations is the verified random stream (SchedRng,
// checked against rand's own vectors in states_test), for the fuzz Anki draws. The load
// balancer's days were worked out from rslib scheduler/states/load_balancer.rs, queue/builder and
// answering/mod.rs; their derivation is at "The load balancer's days" below.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <boost/json/parse.hpp>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "backends/action_error.h"
#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/decks/service.h"
#include "backends/native/gui/review_session.h"
#include "backends/native/gui/service.h"
#include "backends/native/notes/service.h"
#include "backends/native/scheduling/deck_counts.h"
#include "backends/native/scheduling/fuzz_rng.h"
#include "backends/native/scheduling/load_balancer.h"
#include "backends/native/scheduling/service.h"
#include "backends/native/scheduling/test_cards.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"

using namespace ankc::native;
using ankc::native::testing::SchedCollection;

namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kStart = 1775829600;  // 2026-04-10 10:00 at UTC-4: today = 11, next day at +18 h
constexpr int64_t kWait = 190;          // seconds between showing a card and answering it

std::string call(SchedCollection& c, std::span<const ServiceAction> table, const std::string& action,
                 const std::string& params = "{}") {
  try {
    return c.call(table, action, params);
  } catch (const ankc::ActionError& e) {
    return std::string("error: ") + e.what();
  }
}

int64_t scalar(SchedCollection& c, const std::string& sql) {
  auto q = c.session->db().query_uncached(sql);
  return q.next() ? q.col_int64(0) : -1;
}

std::string dump(SchedCollection& c, const std::string& table, const std::string& where = "") {
  sqlite3* db = c.session->db().handle();
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, ("SELECT * FROM " + table + (where.empty() ? "" : " WHERE " + where) + " ORDER BY 1").c_str(),
                     -1, &st, nullptr);
  std::string out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(st); ++i) {
      const unsigned char* v = sqlite3_column_text(st, i);
      out += v ? std::string(reinterpret_cast<const char*>(v), sqlite3_column_bytes(st, i)) : "NULL";
      out += "|";
    }
    out += "\n";
  }
  sqlite3_finalize(st);
  return out;
}

// The tables an answer or its undo touch; without the card `except` and its revlog rows when given.
std::string tables(SchedCollection& c, const std::string& except = "") {
  return dump(c, "cards", except.empty() ? "" : "id != " + except) + dump(c, "notes") +
         dump(c, "revlog", except.empty() ? "" : "cid != " + except) + dump(c, "decks") + dump(c, "tags") +
         dump(c, "graves");
}

// --- The fuzz Anki draws, written from scheduling.md §4 (only the random words come from SchedRng).

// §4.3: the review fuzz factor of the card's seed (id + reps before the answer).
float fuzz_factor_of(int64_t card, int reps) {
  SchedRng rng(static_cast<uint64_t>(card + reps));
  return static_cast<float>(rng.next_u32() >> 9) / 8388608.0f;
}

// §4.4 with maximum 36500: the fuzzed interval for `interval` (f32 days) at least `minimum`.
uint32_t fuzzed(float factor, float interval, uint32_t minimum) {
  const float max = 36500.0f;
  const float min = std::min(static_cast<float>(minimum), max);
  const float i = std::clamp(interval, min, max);
  auto delta = [](float x) {
    if (x < 2.5f) return 0.0f;
    auto clip = [&](float a, float b) { return std::max(0.0f, std::min(x, b) - a); };
    return 1.0f + 0.15f * clip(2.5f, 7.0f) + 0.10f * clip(7.0f, 20.0f) + 0.05f * clip(20.0f, 1e30f);
  };
  float lower = std::clamp(std::round(i - delta(i)), min, max);
  float upper = std::clamp(std::round(i + delta(i)), min, max);
  if (lower == upper && upper > 2.0f && upper < max) upper = lower + 1.0f;
  return static_cast<uint32_t>(std::floor(lower + factor * (upper - lower + 1.0f)));
}

// §4.5: a learning delay of `secs` with its fuzz, for the card's seed.
int64_t learning_delay(int64_t card, int reps, uint32_t secs) {
  const uint32_t upper = secs + static_cast<uint32_t>(std::floor(std::min(static_cast<float>(secs) * 0.25f, 300.0f)));
  if (upper <= secs) return secs;
  SchedRng rng(static_cast<uint64_t>(card + reps));
  const uint64_t range = upper - secs;
  const uint64_t p = static_cast<uint64_t>(rng.next_u32()) * range;
  uint64_t hi = p >> 32;
  const uint64_t lo = p & 0xffffffffu;
  if (lo > 0x100000000ull - range) {
    const uint64_t y = (static_cast<uint64_t>(rng.next_u32()) * range) >> 32;
    if (lo + y > 0xffffffffull) hi += 1;
  }
  return secs + static_cast<int64_t>(hi);
}

// --- The collection.

struct DayCollection {
  SchedCollection c{kStart - 5 * kDay};  // day 6, 10:00
  std::map<std::string, int64_t> card;   // label -> card id ("Sf"/"Sr": the two cards of note S)
  int64_t day = 0, child = 0;
  bool load_balancer = false;

  void add(const std::string& label, const std::string& deck, bool reversed = false) {
    const std::string model = reversed ? "Basic (and reversed card)" : "Basic";
    const std::string out = call(c, notes_actions(), "addNote",
                                 R"({"note": {"deckName": ")" + deck + R"(", "modelName": ")" + model +
                                     R"(", "fields": {"Front": ")" + label + R"(", "Back": "back"}}})");
    const int64_t nid = std::stoll(out);
    if (!reversed) {
      card[label] = scalar(c, "SELECT id FROM cards WHERE nid = " + std::to_string(nid));
    } else {
      card[label + "f"] = scalar(c, "SELECT id FROM cards WHERE ord = 0 AND nid = " + std::to_string(nid));
      card[label + "r"] = scalar(c, "SELECT id FROM cards WHERE ord = 1 AND nid = " + std::to_string(nid));
    }
  }
  void set_due_today(const std::string& label) {
    REQUIRE(call(c, scheduling_actions(), "setDueDate",
                 R"({"cards": [)" + std::to_string(card.at(label)) + R"(], "days": "0"})") == "true");
  }

  explicit DayCollection(bool balance) : load_balancer(balance) {
    // Preset 1 (both decks and Default): the stock steps 1m 10m, new/day 20, reviews/day 200, cap
    // 60 s, and new and review siblings buried. The load balancer as asked (the new collection stores
    // loadBalancerEnabled = true).
    auto& db = c.session->db();
    DeckConfig conf = deck_config_from_row(*storage::get_deck_config(db, DeckConfigId{1}));
    REQUIRE(conf.config.learn_steps == std::vector<float>{1.0f, 10.0f});
    REQUIRE(conf.config.new_per_day == 20);
    conf.config.bury_new = true;
    conf.config.bury_reviews = true;
    storage::put_deck_config(db, deck_config_to_row(conf));
    REQUIRE(scalar(c, "SELECT count() FROM config WHERE KEY = 'loadBalancerEnabled' AND CAST(val AS TEXT) = 'true'") == 1);
    if (!balance)
      c.exec("INSERT OR REPLACE INTO config (KEY, usn, mtime_secs, val) VALUES ('loadBalancerEnabled', 0, 0, CAST('false' AS BLOB))");
    day = std::stoll(c.call(decks_actions(), "createDeck", R"({"deck": "Day"})"));
    child = std::stoll(c.call(decks_actions(), "createDeck", R"({"deck": "Day::Child"})"));
    // The child's own limits: 3 new and 4 reviews a day.
    Deck ch = *find_deck(db, DeckId{child});
    ch.normal()->new_limit = 3;
    ch.normal()->review_limit = 4;
    storage::put_deck(db, deck_to_row(ch));

    // Notes in this order (so new-card positions follow it): six to become reviews, note S whose
    // forward card becomes a review and whose reverse card stays new, N1..N14, R1..R5 (two cards
    // each), C1..C5 in the child: 30 new cards when the day starts.
    for (const char* v : {"V1", "V2", "V3"}) add(v, "Day");
    for (const char* v : {"V5", "V6"}) add(v, "Day::Child");
    add("S", "Day", true);
    for (int i = 1; i <= 14; ++i) add("N" + std::to_string(i), "Day");
    for (int i = 1; i <= 5; ++i) add("R" + std::to_string(i), "Day", true);
    for (int i = 1; i <= 5; ++i) add("C" + std::to_string(i), "Day::Child");

    // Reviews due from earlier days: setDueDate "0" on days 6..11 (interval 1 each).
    const char* order[] = {"V1", "V5", "V2", "Sf", "V6", "V3"};
    for (int d = 0; d < 6; ++d) {
      c.set_now(kStart - (5 - d) * kDay);
      set_due_today(order[d]);
    }
    // Outside the studied tree, in Default (same preset): reviews due in 4, 5 and 7 days (days 15,
    // 16, 18), 10, 4 and 20 of them. The queues of Day never see them; the load balancer counts
    // them.
    for (const auto& [ahead, n] : std::vector<std::pair<int, int>>{{4, 10}, {5, 4}, {7, 20}}) {
      for (int i = 0; i < n; ++i) {
        const std::string label = "B" + std::to_string(ahead) + "_" + std::to_string(i);
        add(label, "Default");
        c.exec("UPDATE cards SET type = 2, queue = 2, ivl = 10, factor = 2500, due = " + std::to_string(11 + ahead) +
               " WHERE id = " + std::to_string(card.at(label)));
      }
    }
    REQUIRE(scalar(c, "SELECT count() FROM cards WHERE queue = 0") == 30);
  }

  int64_t id(const std::string& label) const { return card.at(label); }
  std::string label_of(int64_t id) const {
    for (const auto& [l, i] : card)
      if (i == id) return l;
    return "?" + std::to_string(id);
  }
};

// The main queue (rslib build(): merge_day_learning, then merge_new, both "mix with reviews"):
// - reviews, by due (review order "day"): V1 (6), V5 (7), V2 (8), Sf (9), V6 (10), V3 (11). The
//   child's review limit (4) takes V5 and V6, leaving it 2 reviews, and since new cards count
//   against the review limit (newCardsIgnoreReviewLimit off) its new limit drops to min(3, 2) = 2.
// - new cards, gathered by deck (Day, then Day::Child), by position: Sr is buried (its note was
//   seen as a review with bury_new), N1..N14, R1f..R5f (each Rr buried behind its Rf): 19 of Day's
//   20; then the child: C1 takes Day's last one, Day's limit reaching 0 caps the child: 20 new.
//   Sort "template" keeps that order (all are ord 0).
// - Intersperser(reviews 6, new 20): ratio 7/21 = 0.33333334f; a review goes after every third
//   new card (3 * 0.33333334f rounds to 1.0f, not below 1): N1 N2 V1 N3 N4 N5 V5 ...
// Learning: every answer comes kWait = 190 s after the card is shown. A card answered Good on its
// first step comes back after 600..749 s (10 min + fuzz), i.e. after the 4th answer that follows
// (4 * 190 = 760 >= 749 > 570): it is shown five cards later, before the main queue; a card
// answered Again comes back after 60..74 s, i.e. two cards later. Slots never collide here.
struct Step {
  const char* card;
  int ease;
  int64_t new_count, learning, review;  // counts shown with the card
};
const std::vector<Step> kDayOfReviews = {
    {"N1", 3, 20, 0, 6},  {"N2", 3, 19, 1, 6},  {"V1", 3, 18, 2, 6},   {"N3", 3, 18, 2, 5},  {"N4", 3, 17, 3, 5},
    {"N1", 3, 16, 4, 5},  {"N2", 3, 16, 3, 5},  {"N5", 4, 16, 2, 5},   {"N3", 3, 15, 2, 5},  {"N4", 3, 15, 1, 5},
    {"V5", 2, 15, 0, 5},  {"N6", 3, 15, 0, 4},  {"N7", 3, 14, 1, 4},   {"N8", 3, 13, 2, 4},  {"V2", 1, 12, 3, 4},
    {"N9", 3, 12, 4, 3},  {"N6", 3, 11, 5, 3},  {"N7", 3, 11, 4, 3},   {"N8", 3, 11, 3, 3},  {"V2", 3, 11, 2, 3},
    {"N9", 1, 11, 1, 3},  {"N10", 3, 11, 1, 3}, {"N9", 3, 10, 2, 3},   {"N11", 3, 10, 2, 3}, {"Sf", 3, 9, 3, 3},
    {"N12", 3, 9, 3, 2},  {"N10", 3, 8, 4, 2},  {"N9", 3, 8, 3, 2},    {"N11", 3, 8, 2, 2},  {"N13", 3, 8, 1, 2},
    {"N12", 3, 7, 2, 2},  {"N14", 3, 7, 1, 2},  {"V6", 3, 6, 2, 2},    {"R1f", 3, 6, 2, 1},  {"N13", 3, 5, 3, 1},
    {"R2f", 3, 5, 2, 1},  {"N14", 3, 4, 3, 1},  {"R3f", 3, 4, 2, 1},   {"R1f", 3, 3, 3, 1},  {"V3", 4, 3, 2, 1},
    {"R2f", 3, 3, 2, 0},  {"R4f", 3, 3, 1, 0},  {"R3f", 3, 2, 2, 0},   {"R5f", 3, 2, 1, 0},  {"C1", 3, 1, 2, 0},
    // The main queue is empty: the rest are learning cards within the learn-ahead limit (20 min),
    // shown early, in due order.
    {"R4f", 3, 0, 3, 0},  {"R5f", 3, 0, 2, 0},  {"C1", 3, 0, 1, 0},
};

int64_t answer_time(size_t step) { return kStart + kWait * static_cast<int64_t>(step + 1); }

// Shows step `i`'s card: checks it and the counts, shows the answer, waits, answers.
void review_step(DayCollection& d, size_t i) {
  SchedCollection& c = d.c;
  const Step& s = kDayOfReviews[i];
  const std::string out = call(c, gui_actions(), "guiCurrentCard");
  REQUIRE(out.rfind("{", 0) == 0);
  const int64_t shown = boost::json::parse(out).as_object().at("cardId").as_int64();
  INFO("step " << i + 1 << ": shown " << d.label_of(shown) << ", expected " << s.card);
  REQUIRE(shown == d.id(s.card));
  const StudyQueues* q = c.session->state<gui::ReviewSession>().queues();
  REQUIRE(q != nullptr);
  CHECK(q->current_counts().new_count == s.new_count);
  CHECK(q->current_counts().learning == s.learning);
  CHECK(q->current_counts().review == s.review);
  REQUIRE(call(c, gui_actions(), "guiShowAnswer") == "true");
  c.set_now(answer_time(i));
  REQUIRE(call(c, gui_actions(), "guiAnswerCard", R"({"ease": )" + std::to_string(s.ease) + "}") == "true");
}

std::string row(DayCollection& d, const std::string& label) {
  auto q = d.c.session->db().query_uncached(
      "SELECT type, queue, due, ivl, factor, reps, lapses, left FROM cards WHERE id = " + std::to_string(d.id(label)));
  REQUIRE(q.next());
  std::string out;
  for (int i = 0; i < 8; ++i) out += (i ? "|" : "") + std::to_string(q.col_int64(i));
  return out;
}

std::string review_row(int64_t due, int64_t ivl, int factor, int reps, int lapses = 0) {
  return "2|2|" + std::to_string(due) + "|" + std::to_string(ivl) + "|" + std::to_string(factor) + "|" +
         std::to_string(reps) + "|" + std::to_string(lapses) + "|0";
}

// --- The load balancer's days (with it on).
//
// Anki's reviewer builds it with the queues (day 11): every card whose due column is a day in
// [11, 110), for the preset of its current deck, counts on day due - 11. All decks use preset 1.
// Counted: V3 (due 11: day 0) and the new cards by their positions (rslib counts the due column
// whatever the queue): N5 (position 11) day 0, N6..N14 days 1..9, R1..R5 (two cards each) days
// 10..14, C1..C5 days 15..19; the background 10 on day 4, 4 on day 5, 20 on day 7. So, before any
// answer: day 3: 1 (N8), day 4: 11, day 5: 5, day 6: 1 (N11), day 7: 21, days 8, 9: 1, days 10, 11: 2.
// Every answer that leaves a card in the review queue counts it on its new day. Review siblings are
// buried, so each card's note is given: days near a day where a card of the note is counted are
// avoided (x0.6, x0.8, x1.0 at 3, 4, 5 days from it) -- which for N5 and V3 means their own entry
// on day 0.
// The draw: v = (w >> 9) / 2^23, w the first word of StdRng(card id + reps); the day is the first
// whose cumulative weight exceeds v * total. Weight of a day with n cards: (1/n)^2.15 / day^3 times
// the modifiers (1.0 for an empty day). Seeds (reps 0): V1 ...600000 v 0.012096, N5 ...600011
// v 0.972538, Sf ...600005 v 0.137190, V6 ...600004 v 0.283659, V3 ...600002 v 0.228926.
// Values: (1/2)^2.15 = 0.2253131, (1/3)^2.15 = 0.094184, (1/5)^2.15 = 0.031430, (1/11)^2.15 =
// 0.005768, (1/21)^2.15 = 0.0014364.
//
// - Step 3, V1 Good: 8.75 at least 3: fuzz days 7..11 with 21, 1, 1, 2, 2 cards, no sibling in
//   range: weights 4.19e-6, 1/512 = 0.0019531, 1/729 = 0.0013717, 0.2253131/1000 = 0.00022531,
//   0.2253131/1331 = 0.00016928; total 0.0037236; cumulative fractions 0.0011, 0.5257: v -> day 8
//   (the fuzz alone: 7). Day 8 now 2.
// - Step 8, N5 Easy: 4 days, fuzz days 3..5 with 1, 11, 5 cards; N5's own day 0 gives x0.6, x0.8,
//   x1.0: 1/27 * 0.6 = 0.0222222, 0.005768/64 * 0.8 = 7.21e-5, 0.031430/125 = 0.00025144; total
//   0.0225458; fractions 0.98565, 0.98885: v 0.97254 -> day 3 (the fuzz alone: 5). Day 3 now 2.
// - Step 11, V5 Hard: 2 days, the only day in range. Steps 20 (V2) and the graduations: 1 day.
// - Step 25, Sf Good: 5 at least 3: days 4..6 with 11, 5, 1 cards, no sibling (Sf due 9, Sr
//   position 6): 9.0125e-5, 0.00025144, 1/216 = 0.0046296; total 0.0049712; fractions 0.018129,
//   0.068708: v 0.13719 -> day 6 (the fuzz alone: 4).
// - Step 33, V6 Good: 3.75 at least 3: days 3..5 with 2, 11, 5 cards: 0.2253131/27 = 0.0083449,
//   9.0125e-5, 0.00025144; total 0.0086865; fraction 0.96067: v 0.28366 -> day 3 (as the fuzz).
//   Day 3 now 3.
// - Step 40, V3 Easy: V3 is counted on day 0, so days 3, 4, 5 get x0.6, x0.8, x1.0. Good (2.5 at
//   least hard 2 + 1): days 3..4 with 3, 11 cards: 0.094184/27 * 0.6 = 0.0020930, 9.0125e-5 * 0.8 =
//   7.21e-5; fraction 0.96670 -> 3. Easy (3.25 at least 4): days 4..5 with 11, 5 cards: 7.21e-5,
//   0.00025144; fraction 0.22285: v 0.228926 -> day 5 (the fuzz alone: 4).
// - The ten undos take each undone card out of every day (rslib undo_queue_change: remove_card),
//   V3's day-0 entry included. Replayed, V6 meets the same counts (3); V3 has no sibling day any
//   more: good 0.0034883 vs 9.0125e-5 -> 3; easy 9.0125e-5, 0.00025144: fraction 0.26385 > v ->
//   day 4. The replay leaves V3 one day earlier than the first time.

void day_of_reviews(bool load_balancer) {
  DayCollection d(load_balancer);
  SchedCollection& c = d.c;
  c.set_now(kStart);
  REQUIRE(call(c, gui_actions(), "guiDeckReview", R"({"name": "day"})") == "true");
  const LoadBalancer* lb = c.session->state<gui::ReviewSession>().load_balancer();
  REQUIRE((lb != nullptr) == load_balancer);
  if (lb) {
    // The counts it was built with (see above).
    const std::vector<size_t> expected = {2, 1, 1, 1, 11, 5, 1, 21, 1, 1, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 0};
    for (uint32_t day = 0; day < expected.size(); ++day) CHECK(lb->count(DeckConfigId{1}, day) == expected[day]);
  }

  // getDeckStats' counts for Day agree with the session's.
  for (const auto& n : deck_tree_counts(c.session->db(), timing_today(c.session->db(), c.clock), 1200)) {
    if (n.id.v == d.day) {
      CHECK(n.new_count == 20);
      CHECK(n.review_count == 6);
      CHECK(n.learn_count == 0);
    }
  }

  // Thirty answers, then a snapshot; ten more, then ten undos back to it.
  for (size_t i = 0; i < 30; ++i) review_step(d, i);
  const std::string after30 = tables(c);
  for (size_t i = 30; i < 40; ++i) {
    if (i == 39) {
      // V3's answer buttons show the balanced days: Good 3 days, Easy 5 (4 without the balancer).
      const std::string out = call(c, gui_actions(), "guiCurrentCard");
      const auto labels = boost::json::parse(out).as_object().at("nextReviews").as_array();
      CHECK(labels.at(2).as_string() == "\u20683\u2069d");
      CHECK(labels.at(3).as_string() == (load_balancer ? "\u20685\u2069d" : "\u20684\u2069d"));
    }
    review_step(d, i);
  }
  const std::string after40 = tables(c);
  const std::string after40_but_v3 = tables(c, std::to_string(d.id("V3")));
  // V3 after its Easy (step 40): 5 days balanced, 4 with the fuzz alone.
  const uint32_t v3_first = load_balancer ? 5 : 4;
  CHECK(row(d, "V3") == review_row(11 + v3_first, v3_first, 2650, 1));

  // After 40 answers R2f (answered Good at step 36) and R3f (step 38) are on their 10-minute step,
  // due at the answer time plus the fuzzed delay (§4.5, seed = id + reps before the answer).
  CHECK(row(d, "R2f") == "1|1|" + std::to_string(answer_time(35) + learning_delay(d.id("R2f"), 0, 600)) + "|0|0|1|0|1");
  CHECK(row(d, "R3f") == "1|1|" + std::to_string(answer_time(37) + learning_delay(d.id("R3f"), 0, 600)) + "|0|0|1|0|1");

  for (int i = 0; i < 10; ++i) REQUIRE(call(c, gui_actions(), "guiUndo") == "true");
  CHECK(tables(c) == after30);
  if (lb) {
    // After step 30 the answers had added: day 1 eleven graduations (N1, N2, N3, N4, N6, N7, N8,
    // V2, N10, N9, N11), day 2 V5, day 3 N5, day 6 Sf, day 8 V1. Steps 31-40 added N12, N13, N14,
    // R1f on day 1, V6 on day 3, V3 on day 5. The undos took each undone card out of every day: V3
    // (days 0 and 5), V6 (day 3), N12, N13, N14, R1f (day 1 and their positions 7, 8, 9, 10), R2f,
    // R3f (positions 11, 12).
    const std::vector<size_t> expected = {1, 12, 2, 2, 11, 5, 2, 20, 1, 0, 1, 1, 1, 2, 2};
    for (uint32_t day = 0; day < expected.size(); ++day) CHECK(lb->count(DeckConfigId{1}, day) == expected[day]);
  }
  // The card of step 31 is shown again, on its question side, with step 31's counts. Its timer
  // restarted with the undo: started again at step 30's answer time, the same answers at the
  // same times...
  CHECK(call(c, gui_actions(), "guiAnswerCard", R"({"ease": 3})") == "false");
  c.set_now(answer_time(29));
  REQUIRE(call(c, gui_actions(), "guiStartCardTimer") == "true");
  for (size_t i = 30; i < 40; ++i) review_step(d, i);
  if (!load_balancer) {
    CHECK(tables(c) == after40);  // ...leave the same rows
  } else {
    // ...leave the same rows but V3's: its Easy now goes to day 4 (its revlog row says so too).
    const std::string v3 = std::to_string(d.id("V3"));
    CHECK(row(d, "V3") == review_row(15, 4, 2650, 1));
    CHECK(scalar(c, "SELECT ivl FROM revlog WHERE cid = " + v3 + " AND type != 4") == 4);
    CHECK(tables(c, v3) == after40_but_v3);
  }
  for (size_t i = 40; i < kDayOfReviews.size(); ++i) review_step(d, i);

  // The deck is finished: Anki's congratulations screen.
  CHECK(call(c, gui_actions(), "guiReviewActive") == "false");
  CHECK(call(c, gui_actions(), "guiCurrentCard") == "error: Gui review is not currently active.");

  // Rows (type|queue|due|ivl|factor|reps|lapses|left), from scheduling.md §5-§6:
  // new cards Good twice graduate at 1 day (no fuzz below 2.5 days, the only day balanced): due 12.
  for (const char* l : {"N1", "N2", "N3", "N4", "N6", "N7", "N8", "N10", "N11", "N12", "N13", "N14", "R1f", "R2f",
                        "R3f", "R4f", "R5f", "C1"})
    CHECK(row(d, l) == review_row(12, 1, 2500, 2));
  // N9: Good (step 2), Again (step 1), Good, Good.
  CHECK(row(d, "N9") == review_row(12, 1, 2500, 4));
  // N5: Easy graduates at fuzz(4 days) (§5.2); balanced: 3 days.
  const uint32_t n5 = load_balancer ? 3 : fuzzed(fuzz_factor_of(d.id("N5"), 0), 4.0f, 1);
  CHECK(row(d, "N5") == review_row(11 + n5, n5, 2500, 1));
  // Reviews (interval 1, ease 2.5, set due on day X: elapsed = 1 + 11 - X, days late = 11 - X), §5.4:
  // V1 (day 6) Good: hard 1.2 -> 2 (min ivl+1), good (1 + 5/2) * 2.5 = 8.75, at least 3; balanced 8.
  const uint32_t v1 = load_balancer ? 8 : fuzzed(fuzz_factor_of(d.id("V1"), 0), 8.75f, 3);
  CHECK(row(d, "V1") == review_row(11 + v1, v1, 2500, 1));
  // V5 (day 7) Hard: 1 * 1.2, at least 2: 2 days, ease 2350.
  CHECK(row(d, "V5") == review_row(13, 2, 2350, 1));
  // V2 (day 8) Again: lapse, interval 1 (multiplier 0, minimum 1), ease 2300, relearning 10 min;
  // then Good graduates at that interval.
  CHECK(row(d, "V2") == review_row(12, 1, 2300, 2, 1));
  // Sf (day 9) Good: (1 + 2/2) * 2.5 = 5, at least 3 (balanced 6); V6 (day 10) Good: (1 + 1/2) *
  // 2.5 = 3.75 (balanced 3).
  const uint32_t sf = load_balancer ? 6 : fuzzed(fuzz_factor_of(d.id("Sf"), 0), 5.0f, 3);
  CHECK(row(d, "Sf") == review_row(11 + sf, sf, 2500, 1));
  const uint32_t v6 = load_balancer ? 3 : fuzzed(fuzz_factor_of(d.id("V6"), 0), 3.75f, 3);
  CHECK(row(d, "V6") == review_row(11 + v6, v6, 2500, 1));
  // V3 (day 11, on time) Easy: good 2.5 at least 3, easy 1 * 2.5 * 1.3 = 3.25 at least good + 1,
  // one fuzz factor for both; ease 2650. Balanced: 4 after the replay.
  const float f3 = fuzz_factor_of(d.id("V3"), 0);
  const uint32_t v3 = load_balancer ? 4 : fuzzed(f3, 3.25f, fuzzed(f3, 2.5f, 3) + 1);
  CHECK(row(d, "V3") == review_row(11 + v3, v3, 2650, 1));
  // Siblings: Sr buried when Sf was answered, each Rr when its Rf was; the child's C2..C5 and
  // nothing else left new.
  for (int i = 1; i <= 5; ++i) CHECK(scalar(c, "SELECT queue FROM cards WHERE id = " + std::to_string(d.id("R" + std::to_string(i) + "r"))) == -2);
  CHECK(scalar(c, "SELECT queue FROM cards WHERE id = " + std::to_string(d.id("Sr"))) == -2);
  CHECK(scalar(c, "SELECT count() FROM cards WHERE queue = 0") == 4);
  CHECK(scalar(c, "SELECT count() FROM cards WHERE queue = 0 AND did = " + std::to_string(d.child)) == 4);
  // One revlog row per answer (48) besides the six setDueDate rows, each timed at the 60 s cap.
  CHECK(scalar(c, "SELECT count() FROM revlog WHERE type != 4") == 48);
  CHECK(scalar(c, "SELECT count() FROM revlog WHERE type != 4 AND time = 60000") == 48);
  // Deck counters: 20 new and 6 reviews on Day; C1 and V5, V6 on the child.
  const Deck day = *find_deck(c.session->db(), DeckId{d.day});
  const Deck child = *find_deck(c.session->db(), DeckId{d.child});
  CHECK(day.common.last_day_studied == 11);
  CHECK(day.common.new_studied == 20);
  CHECK(day.common.review_studied == 6);
  CHECK(child.common.new_studied == 1);
  CHECK(child.common.review_studied == 2);
  // The collection is still valid.
  CHECK(c.check() == "ok");
}

}  // namespace

TEST_CASE("review: a day of reviews of 30 new cards, reviews, siblings and a child deck (load balancer on)",
          "[gui][review][day]") {
  day_of_reviews(true);
}

TEST_CASE("review: a day of reviews of 30 new cards, reviews, siblings and a child deck (load balancer off)",
          "[gui][review][day]") {
  day_of_reviews(false);
}

TEST_CASE("review: undoing an answer puts the entry back as rslib's queue undo does", "[gui][queue]") {
  // rslib queue/undo.rs: the cutoff and learning count come back, the requeued entry leaves, and
  // the entry taken is pushed to the *front* of its queue (learning.rs push_intraday_learning),
  // not to its sorted place. X (reps 1, due 500) sorts before L0 (reps 0, due 100), but only L0 is
  // due at 300, so L0 is shown; after its undo L0 leads the learning queue.
  const LearningQueueEntry x{500, CardId{1}, 7, 1};
  const LearningQueueEntry l0{100, CardId{2}, 7, 0};
  StudyQueues q(QueueCounts{0, 2, 0}, {}, {x, l0}, 11, 1200, 300);
  auto shown = q.next(300);
  REQUIRE(shown);
  CHECK(shown->id.v == 2);
  storage::CardRow graduated;
  graduated.id = CardId{2};
  graduated.type = 2;
  graduated.queue = 2;
  graduated.due = 12;
  const SchedTiming timing{TimestampSecs{310}, 11, TimestampSecs{86400}};
  auto update = q.answered(graduated, timing, 310);
  REQUIRE(update);
  CHECK(q.current_counts().learning == 1);
  q.undo(*update);
  CHECK(q.current_counts().learning == 2);
  REQUIRE(q.intraday_learning().size() == 2);
  CHECK(q.intraday_learning()[0].id.v == 2);
  CHECK(q.intraday_learning()[1].id.v == 1);
  // Once both are due, L0 (at the front) comes first.
  CHECK(q.next(600)->id.v == 2);
  // A card that is neither learning nor the main queue's head is refused, nothing changed.
  storage::CardRow other;
  other.id = CardId{9};
  CHECK_FALSE(q.answered(other, timing, 320));
  CHECK(q.current_counts().learning == 2);
}
