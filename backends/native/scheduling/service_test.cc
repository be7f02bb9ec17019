// The scheduling actions on real collection files, with scheduling.md §13's worked numbers as exact
// expectations (rows read back independently with sqlite3, responses compared as bytes).
#include <catch2/catch.hpp>

#include "backends/action_error.h"
#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/scheduling/service.h"
#include "backends/native/scheduling/test_cards.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/tags/tags.h"

using namespace ankc::native;
using ankc::native::testing::SchedCollection;

namespace {

constexpr int64_t kNow = 1775829600;  // example 1: 2026-04-10 10:00 at UTC-4, today 11
constexpr const char* kCard = "1700000000000";

std::string card_row(SchedCollection& c, const std::string& id = kCard) {
  return c.sql("SELECT type, queue, due, ivl, factor, reps, lapses, left, odue, odid, data, mod, usn FROM cards WHERE id = " + id);
}

std::string revlog(SchedCollection& c, const std::string& id = kCard) {
  return c.sql("SELECT id, ease, ivl, lastIvl, factor, time, type, usn FROM revlog WHERE cid = " + id + " ORDER BY id");
}

std::string answer(SchedCollection& c, int ease, const std::string& id = kCard) {
  return c.call(scheduling_actions(), "answerCards",
                R"({"answers": [{"cardId": )" + id + R"(, "ease": )" + std::to_string(ease) + "}]}");
}

void edit_default_preset(SchedCollection& c, void (*edit)(DeckConfigInner&)) {
  auto& db = c.session->db();
  DeckConfig conf = deck_config_from_row(*storage::get_deck_config(db, DeckConfigId{1}));
  edit(conf.config);
  storage::put_deck_config(db, deck_config_to_row(conf));
}

}  // namespace

TEST_CASE("day cutoff, examples 1-5") {
  const TimestampSecs crt{1774857600};
  auto t = compute_timing(crt, 2, 4, 240, 240, TimestampSecs{1775829600});
  CHECK(t.today == 11);
  CHECK(t.next_day_at.v == 1775894400);
  CHECK(t.secs_until_rollover() == 64800);
  CHECK(t.day_start().v * 1000 == 1775808000000);
  t = compute_timing(crt, 2, 4, 240, 240, TimestampSecs{1775804400});
  CHECK(t.today == 10);
  CHECK(t.next_day_at.v == 1775808000);
  t = compute_timing(crt, 2, 4, 240, 240, TimestampSecs{1774857540});
  CHECK(t.today == 0);
  CHECK(t.next_day_at.v == 1774857600);
  t = compute_timing(crt, 2, 4, 240, -120, TimestampSecs{1775808000});
  CHECK(t.today == 11);
  CHECK(t.next_day_at.v == 1775872800);
  t = compute_timing(crt, 2, 0, 240, 240, TimestampSecs{1775829600});
  CHECK(t.today == 11);
  CHECK(t.next_day_at.v == 1775880000);

  SchedCollection c;
  auto live = timing_today(c.session->db(), c.clock);
  CHECK(live.today == 11);
  CHECK(live.next_day_at.v == 1775894400);
}

TEST_CASE("answerCards on a new card, examples 11-13") {
  SECTION("Again") {
    SchedCollection c;
    c.add_card({.due = 5});
    CHECK(answer(c, 1) == "[true]");
    CHECK(card_row(c) == "1|1|1775829661|0|0|1|0|2|0|0|{\"pos\":5,\"lrt\":1775829600}|1775829600|-1");
    CHECK(revlog(c) == "1775829600000|1|-60|0|0|0|0|-1");
  }
  SECTION("Good") {
    SchedCollection c;
    c.add_card({.due = 5});
    CHECK(answer(c, 3) == "[true]");
    CHECK(card_row(c) == "1|1|1775830212|0|0|1|0|1|0|0|{\"pos\":5,\"lrt\":1775829600}|1775829600|-1");
    CHECK(revlog(c) == "1775829600000|3|-600|0|0|0|0|-1");
  }
  SECTION("Easy") {
    SchedCollection c;
    c.add_card({.due = 5});
    CHECK(answer(c, 4) == "[true]");
    CHECK(card_row(c) == "2|2|14|3|2500|1|0|0|0|0|{\"pos\":5,\"lrt\":1775829600}|1775829600|-1");
    CHECK(revlog(c) == "1775829600000|4|3|0|2500|0|0|-1");
  }
  SECTION("deck counters of the card's deck; areDue within the learn-ahead window") {
    SchedCollection c;
    c.add_card({.due = 5});
    answer(c, 3);
    Deck deck = *find_deck(c.session->db(), DeckId{1});
    CHECK(deck.common.last_day_studied == 11);
    CHECK(deck.common.new_studied == 1);
    CHECK(deck.common.review_studied == 0);
    // Due in 612 s, inside the 1200 s learn-ahead window: is:due.
    CHECK(c.call(scheduling_actions(), "areDue", R"({"cards": [1700000000000]})") == "[true]");
  }
}

TEST_CASE("learning card on its last step graduates, example 14; cutoff crossing, example 16") {
  SchedCollection c;
  c.add_card({.type = 1, .queue = 1, .due = kNow - 10, .reps = 1, .left = 1});
  CHECK(answer(c, 3) == "[true]");
  CHECK(card_row(c) == "2|2|12|1|2500|2|0|0|0|0|{\"lrt\":1775829600}|1775829600|-1");
  CHECK(revlog(c) == "1775829600000|3|1|-600|2500|0|0|-1");

  SchedCollection late(1775894400 - 300);  // 300 s before the cutoff
  late.add_card({.due = 0});
  CHECK(answer(late, 3) == "[true]");
  CHECK(late.sql("SELECT type, queue, due, left FROM cards") == "1|3|12|1");
  CHECK(late.sql("SELECT ivl, lastIvl FROM revlog") == "1|0");
}

TEST_CASE("review lapse, relearning and leech, examples 27 and 29") {
  SchedCollection c;
  c.add_card({.type = 2, .queue = 2, .due = 11, .ivl = 100, .factor = 2500, .reps = 5});
  CHECK(answer(c, 1) == "[true]");
  // Learning fuzz of 600 s with seed cid + 5.
  CHECK(c.sql("SELECT type, queue, ivl, factor, lapses, left, due - 1775829600 BETWEEN 600 AND 749 FROM cards") ==
        "3|1|1|2300|1|1|1");
  CHECK(revlog(c) == "1775829600000|1|-600|100|2300|0|1|-1");
  c.clock.advance_ms(700 * 1000);
  CHECK(answer(c, 3) == "[true]");
  CHECK(c.sql("SELECT type, queue, ivl, due, factor FROM cards") == "2|2|1|12|2300");
  CHECK(c.sql("SELECT ivl, lastIvl, factor, type FROM revlog ORDER BY id DESC LIMIT 1") == "1|-600|2300|2");

  SchedCollection leech;
  edit_default_preset(leech, [](DeckConfigInner& conf) { conf.leech_action = 0; });
  leech.add_card({.type = 2, .queue = 2, .due = 11, .ivl = 10, .factor = 2500, .reps = 20, .lapses = 7});
  CHECK(answer(leech, 1) == "[true]");
  CHECK(leech.sql("SELECT type, queue, lapses FROM cards") == "3|-1|8");
  CHECK(leech.sql("SELECT tags FROM notes") == " leech ");
  auto tag = storage::get_tag(leech.session->db(), "leech");
  REQUIRE(tag);
  CHECK(tag->name == "leech");
  CHECK(leech.check() == "ok");
}

TEST_CASE("answerCards results and errors") {
  SchedCollection c;
  c.add_card({.due = 5});
  CHECK(c.call(scheduling_actions(), "answerCards",
               R"({"answers": [{"cardId": 1, "ease": 3}, {"cardId": 1700000000000, "ease": 3}]})") == "[false, true]");
  CHECK_THROWS_WITH(c.call(scheduling_actions(), "answerCards", R"({"answers": [{"cardId": 1700000000000, "ease": 5}]})"),
                    "invalid ease");
  CHECK_THROWS_WITH(c.call(scheduling_actions(), "answerCards", R"({"answers": [{"ease": 3}]})"), "'cardId'");
  CHECK_THROWS_WITH(c.call(scheduling_actions(), "answerCards", R"({"answers": [{"cardId": 1}]})"), "'ease'");
  // Unknown card with a bad ease is just false (the card lookup comes first).
  CHECK(c.call(scheduling_actions(), "answerCards", R"({"answers": [{"cardId": 2, "ease": 9}]})") == "[false]");
  CHECK(c.sql("SELECT count() FROM revlog") == "1");
  CHECK(c.check() == "ok");
}

TEST_CASE("getIntervals and areDue, example 43 and Q24") {
  SchedCollection c;
  c.add_card({.due = 5});
  c.add_card({.id = 1700000000001, .type = 2, .queue = 2, .due = 11, .ivl = 4, .factor = 2500});
  CHECK(c.call(scheduling_actions(), "getIntervals", R"({"cards": [1700000000000]})") == "[0]");
  CHECK(c.call(scheduling_actions(), "getIntervals", R"({"cards": [1700000000000], "complete": true})") == "[0]");
  CHECK_THROWS_WITH(c.call(scheduling_actions(), "getIntervals", R"({"cards": [1700000000001]})"),
                    "list index out of range");
  CHECK(c.call(scheduling_actions(), "getIntervals", R"({"cards": [1700000000001], "complete": true})") == "[[]]");
  CHECK_THROWS_WITH(c.call(scheduling_actions(), "areDue", R"({"cards": [1700000000001]})"), "list index out of range");
  CHECK_THROWS_WITH(c.call(scheduling_actions(), "areDue", R"({"cards": [42]})"), "list index out of range");

  c.exec("INSERT INTO revlog VALUES (1775829000000, 1700000000001, -1, 3, -1800, -600, 0, 0, 0)");
  // Last step 1800 s answered 600 s ago: not yet due.
  CHECK(c.call(scheduling_actions(), "areDue", R"({"cards": [1700000000000, 1700000000001]})") == "[true, false]");
  c.clock.advance_ms(1200 * 1000);
  CHECK(c.call(scheduling_actions(), "areDue", R"({"cards": [1700000000001]})") == "[true]");
  c.exec("INSERT INTO revlog VALUES (1775829100000, 1700000000001, -1, 3, 4, -1800, 2500, 0, 0)");
  CHECK(c.call(scheduling_actions(), "getIntervals", R"({"cards": [1700000000001]})") == "[4]");
  CHECK(c.call(scheduling_actions(), "getIntervals", R"({"cards": [1700000000001], "complete": true})") ==
        "[[-1800, 4]]");
  CHECK(c.call(scheduling_actions(), "areDue", R"({"cards": [1700000000001]})") == "[true]");  // review due today
  c.exec("UPDATE cards SET due = 12 WHERE id = 1700000000001");
  CHECK(c.call(scheduling_actions(), "areDue", R"({"cards": [1700000000001]})") == "[false]");
}

TEST_CASE("setDueDate and forgetCards, examples 41-42 and Q16") {
  SchedCollection c;
  c.add_card({.due = 7});
  CHECK(c.call(scheduling_actions(), "setDueDate", R"({"cards": [1700000000000, 5], "days": "0"})") == "true");
  CHECK(card_row(c) == "2|2|11|1|2500|0|0|0|0|0|{\"pos\":7}|1775829600|-1");
  CHECK(revlog(c) == "1775829600000|0|1|0|2500|0|4|-1");

  c.set_now(kNow + 86400);
  CHECK(c.call(scheduling_actions(), "setDueDate", R"({"cards": [1700000000000], "days": "3"})") == "true");
  CHECK(c.sql("SELECT due, ivl FROM cards") == "15|1");
  CHECK(c.call(scheduling_actions(), "setDueDate", R"({"cards": [1700000000000], "days": "3!"})") == "true");
  CHECK(c.sql("SELECT due, ivl FROM cards") == "15|3");
  CHECK(c.call(scheduling_actions(), "setDueDate", R"({"cards": [1700000000000], "days": "5-2"})") == "true");
  CHECK(c.sql("SELECT due BETWEEN 14 AND 17, ivl FROM cards") == "1|3");

  for (const char* bad : {"abc", "1-", "-1", "1 ", "1!!", "", "1-2-3"})
    CHECK_THROWS_WITH(c.call(scheduling_actions(), "setDueDate",
                             std::string(R"({"cards": [1700000000000], "days": ")") + bad + "\"}"),
                      bad);
  CHECK_THROWS_WITH(c.call(scheduling_actions(), "setDueDate", R"({"cards": [1], "days": "99999999999"})"),
                    "A number was invalid or out of range.");

  CHECK(c.call(scheduling_actions(), "forgetCards", R"({"cards": [1700000000000, 9]})") == "null");
  CHECK(c.sql("SELECT type, queue, due, ivl, factor, reps, lapses, data FROM cards") == "0|0|7|0|0|0|0|");
  CHECK(c.sql("SELECT ease, ivl, lastIvl, factor, time, type FROM revlog ORDER BY id DESC LIMIT 1") == "0|0|3|0|0|4");
  CHECK(c.check() == "ok");
}

TEST_CASE("forgetCards takes nextPos for cards without a known position") {
  SchedCollection c;
  c.exec("INSERT OR REPLACE INTO config (KEY, usn, mtime_secs, val) VALUES ('nextPos', 0, 0, CAST('40' AS BLOB))");
  c.add_card({.type = 2, .queue = 2, .due = 20, .ivl = 9, .factor = 2500, .reps = 3, .data = R"({"lrt":1775000000})"});
  c.add_card({.id = 1700000000001, .type = 2, .queue = 2, .due = 20, .ivl = 9, .factor = 2500, .reps = 3});
  c.call(scheduling_actions(), "forgetCards", R"({"cards": [1700000000001, 1700000000000]})");
  CHECK(c.sql("SELECT id, due, data FROM cards ORDER BY id") ==
        "1700000000000|41|{\"lrt\":1775000000}\n1700000000001|40|");
  CHECK(c.sql("SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'nextPos'") == "42");
}

TEST_CASE("relearnCards uses the literals SQLite reads from the pasted ids; more SQL is refused, not run") {
  SchedCollection c;
  c.add_card({.type = 2, .queue = 2, .due = 20, .ivl = 9, .factor = 2500, .reps = 3});
  CHECK_THROWS_WITH(c.call(scheduling_actions(), "relearnCards", R"j({"cards": ["0) or (1"]})j"),
                    "relearnCards: every value must be a number, true, false, null or a quoted SQL string, not '0) or (1'");
  CHECK(c.sql("SELECT type, queue FROM cards") == "2|2");
  CHECK(c.call(scheduling_actions(), "relearnCards", R"({"cards": [" 1700000000000 "]})") == "null");
  CHECK(c.sql("SELECT type, queue FROM cards") == "3|1");
}

TEST_CASE("relearnCards is a raw update") {
  SchedCollection c;
  c.add_card({.type = 2, .queue = 2, .due = 20, .ivl = 9, .factor = 2500, .reps = 3});
  CHECK(c.call(scheduling_actions(), "relearnCards", R"({"cards": [1700000000000]})") == "null");
  CHECK(c.sql("SELECT type, queue, due, ivl, mod FROM cards") == "3|1|20|9|1");
  const std::string no_column =
      R"x(DbError { info: "SqliteFailure(Error { code: Unknown, extended_code: 1 }, Some(\"no such column: abc\"))", kind: Other })x";
  CHECK_THROWS_WITH(c.call(scheduling_actions(), "relearnCards", R"({"cards": ["abc"]})"), no_column);
  // Next answer: relearning on its last step; Good returns it to review keeping the interval.
  CHECK(answer(c, 3) == "[true]");
  CHECK(c.sql("SELECT type, queue, due, ivl FROM cards") == "2|2|20|9");
}

TEST_CASE("FSRS answers, examples 32-33") {
  SchedCollection c;
  c.exec("INSERT OR REPLACE INTO config (KEY, usn, mtime_secs, val) VALUES ('fsrs', 0, 0, CAST('true' AS BLOB))");
  c.add_card({.due = 5});
  CHECK(answer(c, 3) == "[true]");
  CHECK(c.sql("SELECT type, queue, left, data FROM cards") ==
        "1|1|1|{\"pos\":5,\"s\":2.3065,\"d\":2.118,\"dr\":0.9,\"decay\":0.154,\"lrt\":1775829600}");
  CHECK(c.sql("SELECT ease, ivl, lastIvl, factor, type FROM revlog") == "3|-600|0|224|0");
  // Same day, Good again from the stored values: graduates at 2 days, d 2.111, factor 223.
  c.clock.advance_ms(700 * 1000);
  CHECK(answer(c, 3) == "[true]");
  CHECK(c.sql("SELECT type, queue, ivl, due, data FROM cards") ==
        "2|2|2|13|{\"pos\":5,\"s\":2.3065,\"d\":2.111,\"dr\":0.9,\"decay\":0.154,\"lrt\":1775830300}");
  CHECK(c.sql("SELECT ease, ivl, lastIvl, factor, type FROM revlog ORDER BY id DESC LIMIT 1") == "3|2|-600|223|0");
  CHECK(c.check() == "ok");
}

TEST_CASE("answering on a real collection file keeps it valid") {
  ankc::native::testing::TestCollection real(std::string(ANKC_FIXTURES) + "/apy__test_base.anki2");
  const std::string ids = real.sql("SELECT id FROM cards ORDER BY id LIMIT 3");
  std::string answers;
  int ease = 1;
  for (size_t start = 0; start < ids.size();) {
    size_t end = ids.find('\n', start);
    if (end == std::string::npos) end = ids.size();
    if (!answers.empty()) answers += ", ";
    answers += "{\"cardId\": " + ids.substr(start, end - start) + ", \"ease\": " + std::to_string(ease++) + "}";
    start = end + 1;
  }
  CHECK(real.call(scheduling_actions(), "answerCards", "{\"answers\": [" + answers + "]}") == "[true, true, true]");
  CHECK(real.sql("SELECT count() FROM revlog WHERE ease BETWEEN 1 AND 3") == "3");
  CHECK(real.sql("SELECT count() FROM cards WHERE reps >= 1 AND usn = -1") == "3");
  CHECK(real.call(scheduling_actions(), "forgetCards", "{\"cards\": [" + ids.substr(0, ids.find('\n')) + "]}") == "null");
  CHECK(real.check() == "ok");
}
