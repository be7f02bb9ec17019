// review_bench: the headless reviewer's round trip on a 100k-card collection — guiCurrentCard, then
// guiShowAnswer and guiAnswerCard (each through the gui service table on a real collection file),
// per card shown. Prints figures; not a test.
//
//   review_bench [cards=100000] [answers=2000] [pragmas]
//
// `pragmas` (e.g. "PRAGMA synchronous = OFF") run on the session's connection before the review,
// to see what the commit's fsync costs; the server itself never runs them.
//
// Half the cards are reviews due over the last 30 days, half new; the preset allows 9999 of each a
// day, so the session's queues hold 9999 reviews and the new cards mixed in. The clock is fixed and
// moved 4 s per answer.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/gui/service.h"
#include "backends/native/scheduling/load_balancer_build.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/scheduling/service.h"
#include "backends/native/scheduling/test_cards.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "compat/pyjson.h"

using namespace ankc::native;
using Steady = std::chrono::steady_clock;

namespace {

double ms_since(Steady::time_point t) {
  return std::chrono::duration<double, std::milli>(Steady::now() - t).count();
}

std::string gui(testing::SchedCollection& c, const char* action, const std::string& params = "{}") {
  return c.call(gui_actions(), action, params);
}

}  // namespace

int main(int argc, char** argv) {
  const int cards = argc > 1 ? std::atoi(argv[1]) : 100000;
  const int answers = argc > 2 ? std::atoi(argv[2]) : 2000;
  testing::SchedCollection c(1775829600);
  auto& db = c.session->db();
  if (argc > 3) {
    db.exec(argv[3]);
    std::printf("ran: %s\n", argv[3]);
  }
  {
    DeckConfig conf = deck_config_from_row(*storage::get_deck_config(db, DeckConfigId{1}));
    conf.config.new_per_day = 9999;
    conf.config.reviews_per_day = 9999;
    storage::put_deck_config(db, deck_config_to_row(conf));
  }
  auto t0 = Steady::now();
  const std::string n = std::to_string(cards);
  db.exec("BEGIN");
  db.exec("INSERT INTO notes (id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data) "
          "WITH RECURSIVE k(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM k WHERE x < " + n + ") "
          "SELECT 1600000000000 + x, 'g' || x, (SELECT id FROM notetypes WHERE name = 'Basic'), 1, -1, '', "
          "'front ' || x || char(31) || 'back ' || x, 'front ' || x, 0, 0, '' FROM k");
  db.exec("INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, "
          "odid, flags, data) "
          "WITH RECURSIVE k(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM k WHERE x < " + n + ") "
          "SELECT 1600000000000 + x, 1600000000000 + x, 1, 0, 1, -1, "
          "CASE WHEN x % 2 = 0 THEN 2 ELSE 0 END, CASE WHEN x % 2 = 0 THEN 2 ELSE 0 END, "
          "CASE WHEN x % 2 = 0 THEN 11 - x % 30 ELSE x END, CASE WHEN x % 2 = 0 THEN 1 + x % 50 ELSE 0 END, "
          "CASE WHEN x % 2 = 0 THEN 2500 ELSE 0 END, CASE WHEN x % 2 = 0 THEN 3 ELSE 0 END, 0, 0, 0, 0, 0, '' FROM k");
  db.exec("COMMIT");
  std::printf("collection: %d cards (%d reviews due, %d new) built in %.0f ms\n", cards, cards / 2, cards - cards / 2,
              ms_since(t0));

  // The load balancer alone (built with the queues and by the first answerCards after another write):
  // every card due in the next 99 days, here the reviews due today and the new cards whose positions
  // fall in the window.
  {
    const SchedTiming timing = timing_today(db, c.clock);
    t0 = Steady::now();
    auto lb = build_load_balancer(db, timing, c.clock);
    std::printf("load balancer built: %.1f ms (%s)\n", ms_since(t0), lb ? "on" : "off");
  }
  t0 = Steady::now();
  if (gui(c, "guiDeckReview", R"({"name": "Default"})") != "true") return 1;
  std::printf("guiDeckReview (queues built): %.1f ms\n", ms_since(t0));

  std::vector<double> round_trips;
  round_trips.reserve(answers);
  double current_total = 0, answer_total = 0;
  for (int i = 0; i < answers; ++i) {
    const auto t = Steady::now();
    const std::string card = gui(c, "guiCurrentCard");
    current_total += ms_since(t);
    gui(c, "guiShowAnswer");
    c.clock.advance_ms(4000);
    const auto ta = Steady::now();
    const std::string ok = gui(c, "guiAnswerCard", R"({"ease": 3})");
    answer_total += ms_since(ta);
    round_trips.push_back(ms_since(t));
    if (card.rfind("{\"cardId\"", 0) != 0 || ok != "true") {
      std::printf("stopped after %d answers: %s / %s\n", i, card.substr(0, 80).c_str(), ok.c_str());
      break;
    }
  }
  std::vector<double> sorted = round_trips;
  std::sort(sorted.begin(), sorted.end());
  double total = 0;
  for (double v : sorted) total += v;
  auto pct = [&](double p) { return sorted[std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()))]; };
  std::printf("guiCurrentCard + guiShowAnswer + guiAnswerCard, %zu cards: mean %.3f ms, median %.3f, p99 %.3f, max %.3f\n",
              sorted.size(), total / sorted.size(), pct(0.5), pct(0.99), sorted.back());
  std::printf("  of which guiCurrentCard %.3f ms, guiAnswerCard %.3f ms (means)\n", current_total / sorted.size(),
              answer_total / sorted.size());
  // The session's own undo, ten steps back (each one transaction).
  t0 = Steady::now();
  for (int i = 0; i < 10; ++i) gui(c, "guiUndo");
  std::printf("guiUndo x10: %.2f ms each\n", ms_since(t0) / 10);
  // For comparison: the same answer through answerCards (one card per request), on later reviews.
  t0 = Steady::now();
  for (int i = 0; i < 200; ++i)
    c.call(scheduling_actions(), "answerCards",
           R"({"answers": [{"cardId": )" + std::to_string(1600000000000 + 2 * (cards / 2 - i)) + R"(, "ease": 3}]})");
  std::printf("answerCards (one card per request), 200 cards: mean %.3f ms\n", ms_since(t0) / 200);
  // The next gui action after another request's write rebuilds the queues (and shows their head).
  t0 = Steady::now();
  gui(c, "guiCurrentCard");
  std::printf("guiCurrentCard after an outside write (queues rebuilt): %.1f ms\n", ms_since(t0));
  return 0;
}
