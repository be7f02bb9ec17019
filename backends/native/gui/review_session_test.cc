// The headless reviewer on real collection files with a fixed clock (scheduling.md §13's day:
// 2026-04-10 10:00 at UTC-4, today = 11). Expected orders are derived by hand from rslib's queue
// builder rules (gathering per deck in name order within the deck tree's limits, reviews by day,
// Intersperser's f32 ratio), written out in each test's comments.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "backends/action_error.h"
#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/decks/service.h"
#include "backends/native/gui/review_session.h"
#include "backends/native/gui/service.h"
#include "backends/native/scheduling/deck_counts.h"
#include "backends/native/scheduling/service.h"
#include "backends/native/scheduling/test_cards.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "compat/pyjson.h"

using namespace ankc::native;
using ankc::native::testing::SchedCollection;

namespace {

constexpr int64_t kNow = 1775829600;  // today = 11, next day at +18 h

std::string call(SchedCollection& c, std::span<const ServiceAction> table, const std::string& action,
                 const std::string& params = "{}") {
  try {
    return c.call(table, action, params);
  } catch (const ankc::ActionError& e) {
    return std::string("error: ") + e.what();
  }
}

std::string call_gui(SchedCollection& c, const std::string& action, const std::string& params = "{}") {
  return call(c, gui_actions(), action, params);
}

// The shown card's id, or 0 when the review is not active.
int64_t shown(SchedCollection& c) {
  std::string out = call_gui(c, "guiCurrentCard");
  if (out.rfind("error:", 0) == 0) return 0;
  return boost::json::parse(out).as_object().at("cardId").as_int64();
}

// Every row of `table` through the session's own connection (the review session stays alive).
std::string dump(SchedCollection& c, const std::string& table) {
  sqlite3* db = c.session->db().handle();
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, ("SELECT * FROM " + table + " ORDER BY 1").c_str(), -1, &st, nullptr);
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

std::string tables(SchedCollection& c) {
  return dump(c, "cards") + dump(c, "notes") + dump(c, "revlog") + dump(c, "decks") + dump(c, "tags");
}

int64_t scalar(SchedCollection& c, const std::string& sql) {
  auto q = c.session->db().query_uncached(sql);
  return q.next() ? q.col_int64(0) : -1;
}

void edit_default_preset(SchedCollection& c, void (*edit)(DeckConfigInner&)) {
  auto& db = c.session->db();
  DeckConfig conf = deck_config_from_row(*storage::get_deck_config(db, DeckConfigId{1}));
  edit(conf.config);
  storage::put_deck_config(db, deck_config_to_row(conf));
}

int64_t create_deck(SchedCollection& c, const std::string& name) {
  return std::stoll(c.call(decks_actions(), "createDeck", R"({"deck": ")" + name + R"("})"));
}

// A deck "D" (preset 1: new/day 5) with a child "D::C" limited to 1 new card a day:
//   intraday learning L (due a minute ago, reps 1);
//   new cards in D at positions 1..4 (101..104), in D::C at 0..2 (201..203);
//   reviews due on days 9, 10, 11 (301..303), an interday learning card due today (401);
//   a review due tomorrow (501) and a new card suspended (601), never shown.
struct DayDeck {
  int64_t d = 0, child = 0;
  static constexpr int64_t L = 1700000000001;
  static int64_t id(int n) { return 1700000000000 + n; }

  explicit DayDeck(SchedCollection& c) {
    edit_default_preset(c, [](DeckConfigInner& conf) { conf.new_per_day = 5; });
    d = create_deck(c, "D");
    child = create_deck(c, "D::C");
    Deck ch = *find_deck(c.session->db(), DeckId{child});
    ch.normal()->new_limit = 1;
    storage::put_deck(c.session->db(), deck_to_row(ch));
    c.add_card({.id = L, .did = d, .type = 1, .queue = 1, .due = kNow - 60, .reps = 1, .left = 2});
    for (int i = 1; i <= 4; ++i) c.add_card({.id = id(100 + i), .did = d, .due = i});
    for (int i = 1; i <= 3; ++i) c.add_card({.id = id(200 + i), .did = child, .due = i - 1});
    c.add_card({.id = id(301), .did = d, .type = 2, .queue = 2, .due = 9, .ivl = 5, .factor = 2500, .reps = 3});
    c.add_card({.id = id(302), .did = d, .type = 2, .queue = 2, .due = 10, .ivl = 1, .factor = 2500, .reps = 3});
    c.add_card({.id = id(303), .did = d, .type = 2, .queue = 2, .due = 11, .ivl = 3, .factor = 2500, .reps = 3});
    c.add_card({.id = id(401), .did = d, .type = 1, .queue = 3, .due = 11, .reps = 2, .left = 1});
    c.add_card({.id = id(501), .did = d, .type = 2, .queue = 2, .due = 12, .ivl = 3, .factor = 2500, .reps = 3});
    c.add_card({.id = id(601), .did = d, .type = 0, .queue = -1, .due = 9});
  }
};

// The main queue (rslib merge_day_learning then merge_new, both "mix with reviews"):
//   reviews by day 301, 302, 303 with 401 interspersed: ratio (3+1)/(1+1) = 2; 401 goes after the
//   second review (2*1 < 3) -> 301 302 401 303;
//   new cards: D gives 101..104 (D's 5 - 4 = 1 left), D::C gives 201 (its own limit 1) ->
//   101 102 103 104 201; interspersed into the 4 due cards with ratio 5/6 = 0.8333334f:
//   101 301 102 302 103 401 104 303 201.
// L, due a minute ago, comes before all of them.
const std::vector<int64_t> kFirstTen = {DayDeck::L,        DayDeck::id(101), DayDeck::id(301), DayDeck::id(102),
                                        DayDeck::id(302), DayDeck::id(103), DayDeck::id(401), DayDeck::id(104),
                                        DayDeck::id(303), DayDeck::id(201)};

// Shows the answer, waits `wait_ms`, answers `ease`; returns the card answered.
int64_t answer_shown(SchedCollection& c, int ease, int64_t wait_ms = 5000) {
  const int64_t card = shown(c);
  REQUIRE(call_gui(c, "guiShowAnswer") == "true");
  c.clock.advance_ms(wait_ms);
  REQUIRE(call_gui(c, "guiAnswerCard", R"({"ease": )" + std::to_string(ease) + "}") == "true");
  return card;
}

}  // namespace

TEST_CASE("review: the study queue of a deck tree, in Anki's order and limits", "[gui][queue]") {
  SchedCollection c(kNow);
  DayDeck deck(c);
  StudyQueues q = build_study_queues(c.session->db(), DeckId{deck.d}, timing_today(c.session->db(), c.clock), 1200);
  std::vector<int64_t> main;
  for (const auto& e : q.main()) main.push_back(e.id.v);
  CHECK(main == std::vector<int64_t>(kFirstTen.begin() + 1, kFirstTen.end()));
  REQUIRE(q.intraday_learning().size() == 1);
  CHECK(q.intraday_learning().front().id.v == DayDeck::L);
  const QueueCounts counts = q.counts(kNow);
  CHECK(counts.new_count == 5);
  CHECK(counts.review == 3);
  CHECK(counts.learning == 2);  // L and 401

  // The deck list (getDeckStats) agrees with the session's counts for D.
  for (const auto& n : deck_tree_counts(c.session->db(), timing_today(c.session->db(), c.clock), 1200)) {
    if (n.id.v != deck.d) continue;
    CHECK(n.new_count == counts.new_count);
    CHECK(n.review_count == counts.review);
    CHECK(n.learn_count == counts.learning);
  }

  // The child studied alone: only its own limit applies (1 new card).
  StudyQueues child = build_study_queues(c.session->db(), DeckId{deck.child}, timing_today(c.session->db(), c.clock), 1200);
  REQUIRE(child.main().size() == 1);
  CHECK(child.main().front().id.v == DayDeck::id(201));
}

TEST_CASE("review: siblings are buried in the queue per the preset", "[gui][queue]") {
  SchedCollection c(kNow);
  edit_default_preset(c, [](DeckConfigInner& conf) {
    conf.bury_new = true;
    conf.bury_reviews = true;
  });
  // One note: a review due today (ord 0) and a new card (ord 1); another note's new card.
  c.add_card({.id = 1700000000010, .type = 2, .queue = 2, .due = 11, .ivl = 2, .factor = 2500, .reps = 2});
  c.add_card({.id = 1700000000011, .due = 1, .nid = 1700000000010, .ord = 1});
  c.add_card({.id = 1700000000020, .due = 2});
  StudyQueues q = build_study_queues(c.session->db(), DeckId{1}, timing_today(c.session->db(), c.clock), 1200);
  std::vector<int64_t> main;
  for (const auto& e : q.main()) main.push_back(e.id.v);
  // The review registers the note (bury new); its new sibling is left out. Mix: ratio 2/2 = 1 ->
  // the new card goes after the review (1*1 < 1 is false).
  CHECK(main == std::vector<int64_t>{1700000000010, 1700000000020});
}

TEST_CASE("review: a day of reviews through the gui actions, then ten undos", "[gui][review]") {
  SchedCollection c(kNow);
  DayDeck deck(c);
  CHECK(call_gui(c, "guiReviewActive") == "false");
  CHECK(call_gui(c, "guiDeckReview", R"({"name": "d"})") == "true");  // case-insensitive
  CHECK(call_gui(c, "guiReviewActive") == "true");
  const std::string before = tables(c);

  std::vector<int64_t> order;
  for (int i = 0; i < 10; ++i) order.push_back(answer_shown(c, 3));
  CHECK(order == kFirstTen);
  // Each answer wrote one revlog row whose time is the card timer (5 s).
  CHECK(scalar(c, "SELECT count() FROM revlog") == 10);
  CHECK(scalar(c, "SELECT count() FROM revlog WHERE time = 5000") == 10);
  // Good on the new cards: second step (10 min, intraday); L (at its first of two steps) likewise;
  // 401 at its last step graduates (ivl 1, due 12); reviews stay reviews, due later.
  CHECK(scalar(c, "SELECT count() FROM cards WHERE queue = 1 AND type = 1 AND left = 1") == 6);
  CHECK(scalar(c, "SELECT queue * 100 + due FROM cards WHERE id = " + std::to_string(DayDeck::id(401))) == 212);
  CHECK(scalar(c, "SELECT count() FROM cards WHERE queue = 2 AND due > 11 AND id BETWEEN 1700000000301 AND 1700000000303") == 3);
  // Deck counters: 5 new and 4 reviews (3 reviews + interday learning) today, on D and (for 201) D::C.
  // The main queue is empty now: the six learning cards come next, within the learn-ahead limit.
  const int64_t next = shown(c);
  CHECK(scalar(c, "SELECT count() FROM cards WHERE queue = 1 AND id = " + std::to_string(next)) == 1);

  // Ten undos: every table is back as it was, and L is shown again, question side.
  for (int i = 0; i < 10; ++i) CHECK(call_gui(c, "guiUndo") == "true");
  CHECK(tables(c) == before);
  CHECK(shown(c) == DayDeck::L);
  CHECK(call_gui(c, "guiAnswerCard", R"({"ease": 3})") == "false");  // question side
  // Answering again replays the same order.
  std::vector<int64_t> again;
  for (int i = 0; i < 3; ++i) again.push_back(answer_shown(c, 3));
  CHECK(again == std::vector<int64_t>(kFirstTen.begin(), kFirstTen.begin() + 3));
}

TEST_CASE("review: the card timer, capped by the preset", "[gui][review]") {
  SchedCollection c(kNow);
  c.add_card({.id = 1700000000010, .due = 1});
  c.add_card({.id = 1700000000020, .due = 2});
  CHECK(call_gui(c, "guiStartCardTimer") == "false");
  CHECK(call_gui(c, "guiDeckReview", R"({"name": "Default"})") == "true");
  c.clock.advance_ms(30000);
  CHECK(call_gui(c, "guiStartCardTimer") == "true");  // restarts it
  answer_shown(c, 1, 2500);
  CHECK(scalar(c, "SELECT time FROM revlog WHERE cid = 1700000000010") == 2500);
  answer_shown(c, 1, 90000);  // cap_answer_time_to_secs 60
  CHECK(scalar(c, "SELECT time FROM revlog WHERE cid = 1700000000020") == 60000);
}

TEST_CASE("review: guiCurrentCard's shape and the reviewer's sides", "[gui][review]") {
  SchedCollection c(kNow);
  c.add_card({.id = 1700000000010, .due = 1});
  CHECK(call_gui(c, "guiCurrentCard") == "error: Gui review is not currently active.");
  CHECK(call_gui(c, "guiDeckReview", R"({"name": "Default"})") == "true");
  const std::string info = call(c, scheduling_actions(), "answerCards", R"({"answers": []})");  // warm-up: no effect
  CHECK(info == "[]");
  const std::string card = call_gui(c, "guiCurrentCard");
  const std::string style =
      "<style>.card {\\n    font-family: arial;\\n    font-size: 20px;\\n    line-height: 1.5;\\n    text-align: center;\\n"
      "    color: black;\\n    background-color: white;\\n}\\n</style>";
  CHECK(card ==
        "{\"cardId\": 1700000000010, \"fields\": {\"Front\": {\"value\": \"front\", \"order\": 0}, \"Back\": {\"value\": "
        "\"back\", \"order\": 1}}, \"fieldOrder\": 0, \"question\": \"" + style + "front\", \"answer\": \"" + style +
        "front\\n\\n<hr id=answer>\\n\\nback\", \"buttons\": [1, 2, 3, 4], \"nextReviews\": [\"<\\u20681\\u2069m\", "
        "\"<\\u20686\\u2069m\", \"<\\u206810\\u2069m\", \"\\u20684\\u2069d\"], \"modelName\": \"Basic\", \"deckName\": "
        "\"Default\", \"css\": \".card {\\n    font-family: arial;\\n    font-size: 20px;\\n    line-height: 1.5;\\n    "
        "text-align: center;\\n    color: black;\\n    background-color: white;\\n}\\n\", \"template\": \"Card 1\"}");
  // Not on the answer side yet: nothing is answered.
  CHECK(call_gui(c, "guiAnswerCard", R"({"ease": 3})") == "false");
  CHECK(call_gui(c, "guiShowQuestion") == "true");
  CHECK(call_gui(c, "guiShowAnswer") == "true");
  CHECK(call_gui(c, "guiAnswerCard", R"({"ease": 0})") == "false");
  CHECK(call_gui(c, "guiAnswerCard", R"({"ease": 5})") == "false");
  CHECK(call_gui(c, "guiAnswerCard", R"({"ease": "3"})") == "error: '<=' not supported between instances of 'str' and 'int'");
  CHECK(call_gui(c, "guiAnswerCard", R"({"ease": null})") ==
        "error: '<=' not supported between instances of 'NoneType' and 'int'");
  CHECK(call_gui(c, "guiPlayAudio") == "true");
  CHECK(scalar(c, "SELECT count() FROM revlog") == 0);
  // Easy graduates the only card: the deck is finished (Anki's congratulations screen).
  CHECK(call_gui(c, "guiAnswerCard", R"({"ease": 4})") == "true");
  CHECK(call_gui(c, "guiReviewActive") == "false");
  CHECK(call_gui(c, "guiCurrentCard") == "error: Gui review is not currently active.");
  CHECK(call_gui(c, "guiShowAnswer") == "false");
  CHECK(call_gui(c, "guiPlayAudio") == "false");
  CHECK(call_gui(c, "guiDeckReview", R"({"name": "Default"})") == "true");  // still nothing to study
  CHECK(call_gui(c, "guiReviewActive") == "false");
  // Undo outside the review restores the answer; the next review shows the card again.
  CHECK(call_gui(c, "guiUndo") == "true");
  CHECK(scalar(c, "SELECT count() FROM revlog") == 0);
  CHECK(call_gui(c, "guiReviewActive") == "false");
  CHECK(call_gui(c, "guiDeckReview", R"({"name": "Default"})") == "true");
  CHECK(shown(c) == 1700000000010);
  CHECK(call_gui(c, "guiUndo") == "true");  // nothing left to undo
}

TEST_CASE("review: the queues follow writes made under the session", "[gui][review]") {
  SchedCollection c(kNow);
  c.add_card({.id = 1700000000010, .due = 1});
  c.add_card({.id = 1700000000020, .due = 2});
  CHECK(call_gui(c, "guiDeckReview", R"({"name": "Default"})") == "true");
  CHECK(shown(c) == 1700000000010);
  CHECK(call_gui(c, "guiShowAnswer") == "true");
  // A note-level edit: the reviewer refreshes as Anki's after AnkiConnect's mw.reset(): the same
  // card (still first), on its question side, its timer restarted.
  c.clock.advance_ms(7000);
  c.exec("UPDATE notes SET flds = 'changed' || char(31) || 'back' WHERE id = 1700000000010");
  CHECK(shown(c) == 1700000000010);
  CHECK(call_gui(c, "guiCurrentCard").find("changed") != std::string::npos);
  CHECK(call_gui(c, "guiAnswerCard", R"({"ease": 3})") == "false");  // question side
  CHECK(call_gui(c, "guiShowAnswer") == "true");
  c.clock.advance_ms(2000);
  CHECK(call_gui(c, "guiAnswerCard", R"({"ease": 1})") == "true");
  CHECK(scalar(c, "SELECT time FROM revlog WHERE cid = 1700000000010") == 2000);  // timed from the refresh
  CHECK(call_gui(c, "guiUndo") == "true");
  CHECK(scalar(c, "SELECT count() FROM revlog") == 0);
  CHECK(shown(c) == 1700000000010);
  CHECK(call_gui(c, "guiShowAnswer") == "true");
  // answerCards on the shown card: the reviewer moves on to the next card, question side.
  CHECK(call(c, scheduling_actions(), "answerCards", R"({"answers": [{"cardId": 1700000000010, "ease": 4}]})") ==
        "[true]");
  CHECK(shown(c) == 1700000000020);
  CHECK(call_gui(c, "guiAnswerCard", R"({"ease": 3})") == "false");
  // The session's undo cannot reach past another request's write.
  CHECK(call_gui(c, "guiUndo") == "true");
  CHECK(scalar(c, "SELECT count() FROM revlog") == 1);
  // A card added to the deck with a lower position is shown first after the rebuild.
  c.add_card({.id = 1700000000030, .due = 0});
  CHECK(shown(c) == 1700000000030);
  // Another deck becoming current (guiAddCards selects it) moves the review there.
  int64_t other = create_deck(c, "Other");
  c.add_card({.id = 1700000000040, .did = other, .due = 5});
  CHECK(call_gui(c, "guiAddCards", R"({"note": {"deckName": "Other", "modelName": "Basic"}})") == "0");
  CHECK(shown(c) == 1700000000040);
  // guiDeckOverview leaves the review.
  CHECK(call_gui(c, "guiDeckOverview", R"({"name": "Default"})") == "true");
  CHECK(call_gui(c, "guiReviewActive") == "false");
}

TEST_CASE("browser: guiBrowse keeps the list, selection as Anki's table", "[gui][browser]") {
  SchedCollection c(kNow);
  int64_t d = create_deck(c, "B");
  c.add_card({.id = 1700000000010, .did = d});
  c.add_card({.id = 1700000000020, .did = d});
  c.exec("UPDATE notes SET sfld = 'b', flds = 'b' || char(31) || 'x' WHERE id = 1700000000010");
  c.exec("UPDATE notes SET sfld = 'a', flds = 'a' || char(31) || 'x' WHERE id = 1700000000020");
  CHECK(call_gui(c, "guiSelectedNotes") == "[]");
  CHECK(call_gui(c, "guiSelectCard", R"({"card": 1700000000010})") == "false");  // browser closed
  CHECK(call_gui(c, "guiBrowse", R"({"query": "deck:B", "reorderCards": null})") == "[1700000000010, 1700000000020]");
  // Sorted by the sort field (noteFld, the default column): "a" first, and the first row is selected.
  CHECK(call_gui(c, "guiSelectedNotes") == "[1700000000020]");
  CHECK(call_gui(c, "guiSelectCard", R"({"card": 1700000000010})") == "true");
  CHECK(call_gui(c, "guiSelectedNotes") == "[1700000000010]");
  // A new search keeps a selected card still listed.
  CHECK(call_gui(c, "guiBrowse", R"({"query": "deck:B", "reorderCards": {"columnId": "noteCrt", "order": "descending"}})") ==
        "[1700000000010, 1700000000020]");
  CHECK(call_gui(c, "guiSelectedNotes") == "[1700000000010]");
  CHECK(call_gui(c, "guiSelectNote", R"({"note": 999})") == "true");  // not listed: nothing selected
  CHECK(call_gui(c, "guiSelectedNotes") == "[]");
  // A search that matches nothing empties the list and the selection.
  CHECK(call_gui(c, "guiBrowse", R"({"query": "deck:B", "reorderCards": null})") == "[1700000000010, 1700000000020]");
  CHECK(call_gui(c, "guiSelectedNotes") == "[1700000000020]");
  CHECK(call_gui(c, "guiBrowse", R"({"query": "deck:invalid", "reorderCards": null})") == "[]");
  CHECK(call_gui(c, "guiSelectedNotes") == "[]");
  // An invalid search is Anki's error and leaves the list as it was.
  CHECK(call_gui(c, "guiBrowse", R"({"query": "deck:B", "reorderCards": null})") == "[1700000000010, 1700000000020]");
  CHECK(call_gui(c, "guiBrowse", R"({"query": "deck:B and", "reorderCards": null})").rfind("error: Invalid search", 0) == 0);
  CHECK(call_gui(c, "guiSelectedNotes") == "[1700000000020]");
}

TEST_CASE("review: applyAllParentLimits makes the limits start from the top", "[gui][queue]") {
  // rslib's may_apply_parent_limits: the parent allows no new card, its child's preset does.
  SchedCollection c(kNow);
  Deck parent = *find_deck(c.session->db(), DeckId{1});
  parent.normal()->new_limit = 0;
  storage::put_deck(c.session->db(), deck_to_row(parent));
  const int64_t child = create_deck(c, "Default::child");
  c.add_card({.id = 1700000000010, .did = child, .due = 1});
  auto queued = [&] {
    return build_study_queues(c.session->db(), DeckId{child}, timing_today(c.session->db(), c.clock), 1200).main().size();
  };
  CHECK(queued() == 1);
  c.exec("INSERT OR REPLACE INTO config (KEY, usn, mtime_secs, val) VALUES ('applyAllParentLimits', 0, 0, CAST('true' AS BLOB))");
  CHECK(queued() == 0);
  // Studying the parent: its own limit applies to the child's cards either way.
  CHECK(build_study_queues(c.session->db(), DeckId{1}, timing_today(c.session->db(), c.clock), 1200).main().empty());
}

TEST_CASE("review: reviews limit and the new-card cap", "[gui][queue]") {
  // rslib's reviews_dont_affect_new_limit_before_review_limit_is_reached and
  // should_build_empty_queue_if_limit_is_reached.
  SchedCollection c(kNow);
  edit_default_preset(c, [](DeckConfigInner& conf) { conf.new_per_day = 1; });
  c.add_card({.id = 1700000000010, .type = 2, .queue = 2, .due = 11, .ivl = 2, .factor = 2500, .reps = 2});
  c.add_card({.id = 1700000000011, .due = 1, .nid = 1700000000010, .ord = 1});
  auto queued = [&] {
    return build_study_queues(c.session->db(), DeckId{1}, timing_today(c.session->db(), c.clock), 1200).main().size();
  };
  CHECK(queued() == 2);
  edit_default_preset(c, [](DeckConfigInner& conf) { conf.reviews_per_day = 0; });
  CHECK(queued() == 0);  // the review limit caps new cards too
  c.exec("INSERT OR REPLACE INTO config (KEY, usn, mtime_secs, val) VALUES ('newCardsIgnoreReviewLimit', 0, 0, CAST('true' AS BLOB))");
  CHECK(queued() == 1);
}

TEST_CASE("review: the FSRS review orders sort by retrievability as rslib's SQL functions", "[gui][queue]") {
  // Four reviews due today (interval 5, last answered 5 days ago): A, B, C with FSRS memory states
  // of stability 10, 2 and 100 (t/S = 0.5, 2.5, 0.05), D without one. R = (t/S * f + 1)^-decay
  // falls as t/S grows; D's retrievability is NULL, which SQL sorts lowest.
  SchedCollection c(kNow);
  const std::string lrt = std::to_string(kNow - 5 * 86400);
  auto data = [&](const char* s) {
    return std::string("{\"s\":") + s + ",\"d\":5.0,\"dr\":0.9,\"decay\":0.1542,\"lrt\":" + lrt + "}";
  };
  const int64_t a = 1700000000001, b = 1700000000002, cc = 1700000000003, d = 1700000000004;
  c.add_card({.id = a, .type = 2, .queue = 2, .due = 11, .ivl = 5, .factor = 2500, .reps = 3, .data = data("10.0")});
  c.add_card({.id = b, .type = 2, .queue = 2, .due = 11, .ivl = 5, .factor = 2500, .reps = 3, .data = data("2.0")});
  c.add_card({.id = cc, .type = 2, .queue = 2, .due = 11, .ivl = 5, .factor = 2500, .reps = 3, .data = data("100.0")});
  c.add_card({.id = d, .type = 2, .queue = 2, .due = 11, .ivl = 5, .factor = 2500, .reps = 3, .data = "{}"});
  auto order = [&](int review_order) {
    static int current;
    current = review_order;
    edit_default_preset(c, [](DeckConfigInner& conf) { conf.review_order = current; });
    std::vector<int64_t> ids;
    const StudyQueues q = build_study_queues(c.session->db(), DeckId{1}, timing_today(c.session->db(), c.clock), 1200);
    for (const auto& e : q.main()) ids.push_back(e.id.v);
    return ids;
  };
  CHECK(order(7) == std::vector<int64_t>{d, b, a, cc});   // retrievability ascending
  CHECK(order(11) == std::vector<int64_t>{cc, a, b, d});  // retrievability descending
  // Relative overdueness with FSRS on: -(R^(-1/decay) - 1) / (dr^(-1/decay) - 1), which is -t/S at
  // dr 0.9 (A -0.5, B -2.5, C -0.05); D has no memory state: SM-2's -(5 days + 0.001) / 5.
  c.exec("INSERT OR REPLACE INTO config (KEY, usn, mtime_secs, val) VALUES ('fsrs', 0, 0, CAST('true' AS BLOB))");
  CHECK(order(12) == std::vector<int64_t>{b, d, a, cc});
  CHECK(order(7) == std::vector<int64_t>{d, b, a, cc});  // the FSRS switch does not change these
}
