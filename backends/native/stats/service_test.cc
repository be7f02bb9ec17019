// The stats actions and getDeckStats on real collection files: scheduling.md §13 examples 1 and
// 37-40, api §5.7 shapes and Q12, responses compared as bytes.
#include <catch2/catch.hpp>

#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/scheduling/service.h"
#include "backends/native/scheduling/test_cards.h"
#include "backends/native/stats/service.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"

using namespace ankc::native;
using ankc::native::testing::SchedCollection;

namespace {

constexpr int64_t kNow = 1775829600;  // today 11, next rollover 1775894400

// Inserts `n` cards of deck did with the given queue/type/due (ids from first_id, one fake note).
void add_cards(SchedCollection& c, int64_t first_id, int n, int64_t did, int type, int queue, int64_t due) {
  c.exec("WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i + 1 < " + std::to_string(n) +
         ") INSERT INTO cards (id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue,"
         " odid, flags, data) SELECT " + std::to_string(first_id) + " + i, 1, " + std::to_string(did) + ", 0, 1, -1, " +
         std::to_string(type) + ", " + std::to_string(queue) + ", " + std::to_string(due) +
         ", 5, 2500, 1, 0, 0, 0, 0, 0, '' FROM k");
}

std::string stats_of(SchedCollection& c, const std::string& names) {
  return c.call(stats_actions(), "getDeckStats", R"({"decks": )" + names + "}");
}

std::string entry(int64_t id, const std::string& name, int n, int l, int r, int total) {
  return "\"" + std::to_string(id) + "\": {\"deck_id\": " + std::to_string(id) + ", \"name\": \"" + name +
         "\", \"new_count\": " + std::to_string(n) + ", \"learn_count\": " + std::to_string(l) +
         ", \"review_count\": " + std::to_string(r) + ", \"total_in_deck\": " + std::to_string(total) + "}";
}

DeckConfigId add_preset(SchedCollection& c, const std::string& name, uint32_t new_per_day, uint32_t reviews_per_day) {
  DeckConfig conf = default_deck_config(name);
  conf.config.new_per_day = new_per_day;
  conf.config.reviews_per_day = reviews_per_day;
  auto row = deck_config_to_row(conf);
  return storage::add_deck_config(c.session->db(), row, c.clock.now());
}

void set_preset(SchedCollection& c, DeckId did, DeckConfigId preset) {
  Deck d = *find_deck(c.session->db(), did);
  d.normal()->config_id = preset.v;
  storage::put_deck(c.session->db(), deck_to_row(d));
}

void set_limits(SchedCollection& c, DeckId did, std::optional<uint32_t> new_limit) {
  Deck d = *find_deck(c.session->db(), did);
  d.normal()->new_limit = new_limit;
  storage::put_deck(c.session->db(), deck_to_row(d));
}

}  // namespace

TEST_CASE("getDeckStats: limits of one deck, examples 37-38") {
  SchedCollection c;
  add_cards(c, 1000, 30, 1, 0, 0, 0);
  add_cards(c, 2000, 250, 1, 2, 2, 11);
  add_cards(c, 3000, 3, 1, 1, 3, 10);
  add_cards(c, 4000, 2, 1, 1, 1, kNow + 600);
  add_cards(c, 5000, 1, 1, 1, 1, kNow + 1300);  // beyond the learn-ahead window
  add_cards(c, 6000, 4, 1, 2, 2, 12);           // due tomorrow
  CHECK(stats_of(c, R"(["Default"])") == "{" + entry(1, "Default", 0, 5, 197, 290) + "}");

  SchedCollection fifty;
  add_cards(fifty, 1000, 30, 1, 0, 0, 0);
  add_cards(fifty, 2000, 50, 1, 2, 2, 11);
  add_cards(fifty, 3000, 3, 1, 1, 3, 10);
  add_cards(fifty, 4000, 2, 1, 1, 1, kNow + 600);
  CHECK(stats_of(fifty, R"(["Default"])") == "{" + entry(1, "Default", 20, 5, 50, 85) + "}");

  Deck d = *find_deck(fifty.session->db(), DeckId{1});
  d.common.last_day_studied = 11;
  d.common.new_studied = 5;
  d.common.review_studied = 10;
  storage::put_deck(fifty.session->db(), deck_to_row(d));
  CHECK(stats_of(fifty, R"(["Default"])") == "{" + entry(1, "Default", 15, 5, 50, 85) + "}");
  d.common.last_day_studied = 10;  // yesterday's counters do not count
  storage::put_deck(fifty.session->db(), deck_to_row(d));
  CHECK(stats_of(fifty, R"(["default"])") == "{" + entry(1, "Default", 20, 5, 50, 85) + "}");
}

TEST_CASE("getDeckStats: parent and child limits, examples 39-40; Q12") {
  SchedCollection c;
  auto& db = c.session->db();
  const DeckId parent = ensure_deck(db, "Parent", c.clock.now());
  const DeckId child = ensure_deck(db, "Parent::Child", c.clock.now());
  set_preset(c, parent, add_preset(c, "P5", 20, 5));
  set_preset(c, child, add_preset(c, "C10", 20, 10));
  add_cards(c, 1000, 20, child.v, 2, 2, 11);
  CHECK(stats_of(c, R"(["Parent", "Parent::Child"])") ==
        "{" + entry(parent.v, "Parent", 0, 0, 5, 0) + ", " + entry(child.v, "Child", 0, 0, 10, 20) + "}");
  // Answering one child review bumps the counters of the child and its parent.
  c.exec("UPDATE cards SET nid = 1 WHERE id = 1000");
  CHECK(c.call(scheduling_actions(), "answerCards", R"({"answers": [{"cardId": 1000, "ease": 3}]})") == "[true]");
  CHECK(stats_of(c, R"(["Parent::Child", "Parent"])") ==
        "{" + entry(parent.v, "Parent", 0, 0, 4, 0) + ", " + entry(child.v, "Child", 0, 0, 9, 20) + "}");

  SchedCollection n;
  auto& ndb = n.session->db();
  const DeckId p2 = ensure_deck(ndb, "P", n.clock.now());
  const DeckId c2 = ensure_deck(ndb, "P::C", n.clock.now());
  set_preset(n, c2, add_preset(n, "own", 20, 200));
  add_cards(n, 1000, 5, p2.v, 0, 0, 0);
  add_cards(n, 2000, 25, c2.v, 0, 0, 0);
  CHECK(stats_of(n, R"(["P", "P::C"])") == "{" + entry(p2.v, "P", 20, 0, 0, 5) + ", " + entry(c2.v, "C", 20, 0, 0, 25) + "}");
  set_limits(n, p2, 10);
  CHECK(stats_of(n, R"(["P"])") == "{" + entry(p2.v, "P", 10, 0, 0, 5) + "}");
  set_limits(n, p2, std::nullopt);
  set_limits(n, c2, 4);
  CHECK(stats_of(n, R"(["P", "P::C"])") == "{" + entry(p2.v, "P", 9, 0, 0, 5) + ", " + entry(c2.v, "C", 4, 0, 0, 25) + "}");

  // Unknown names are created and reported; the empty Default deck is not in the tree.
  const std::string made = stats_of(n, R"(["Brand New", "Default"])");
  auto created = find_deck_by_human_name(ndb, "Brand New");
  REQUIRE(created);
  CHECK(made == "{" + entry(created->id.v, "Brand New", 0, 0, 0, 0) + "}");
}

TEST_CASE("getDeckStats unburies on a new day (§12.4)") {
  SchedCollection c;
  add_cards(c, 1000, 2, 1, 2, -2, 11);
  CHECK(stats_of(c, R"(["Default"])") == "{" + entry(1, "Default", 0, 0, 2, 2) + "}");
  CHECK(c.sql("SELECT queue FROM cards") == "2\n2");
  CHECK(c.sql("SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'lastUnburied'") == "11");
}

TEST_CASE("reviews today and by day, example 1") {
  SchedCollection c;
  c.exec("INSERT INTO revlog VALUES (1775808000000, 1, -1, 3, 1, 0, 2500, 10, 0)");  // the cutoff itself
  c.exec("INSERT INTO revlog VALUES (1775808000001, 1, -1, 3, 1, 0, 2500, 10, 0)");
  c.exec("INSERT INTO revlog VALUES (1775829000000, 2, -1, 0, 1, 0, 2500, 0, 4)");  // manual rows count
  c.exec("INSERT INTO revlog VALUES (1775804400000, 2, -1, 1, -60, 0, 0, 10, 0)");  // 03:00 local: the day before
  c.exec("INSERT INTO revlog VALUES (1775700000000, 2, -1, 1, -60, 0, 0, 10, 0)");
  CHECK(c.call(stats_actions(), "getNumCardsReviewedToday") == "2");
  CHECK(c.call(stats_actions(), "getNumCardsReviewedByDay") ==
        R"([["2026-04-10", 3], ["2026-04-09", 1], ["2026-04-08", 1]])");
  CHECK(c.sql("SELECT date(id/1000 - 14400 - 14400, 'unixepoch'), count() FROM revlog GROUP BY 1 ORDER BY 1 DESC") ==
        "2026-04-10|3\n2026-04-09|1\n2026-04-08|1");
}

TEST_CASE("cardReviews, getReviewsOfCards, getLatestReviewID, insertReviews") {
  SchedCollection c;
  c.add_card({.id = 1700000000000});
  c.add_card({.id = 1700000000001});
  CHECK(c.call(stats_actions(), "insertReviews",
               R"({"reviews": [[1594194095746, 1700000000000, -1, 3, 4, -60, 2500, 6157, 0],)"
               R"( [1594201393292, 1700000000000, -1, 1, -60, -60, 0, 4846, 0]]})") == "null");
  CHECK(c.call(stats_actions(), "insertReviews", R"({"reviews": []})") == "null");
  CHECK(c.sql("SELECT * FROM revlog ORDER BY id") ==
        "1594194095746|1700000000000|-1|3|4|-60|2500|6157|0\n1594201393292|1700000000000|-1|1|-60|-60|0|4846|0");
  const std::string dup =
      R"x(DbError { info: "SqliteFailure(Error { code: ConstraintViolation, extended_code: 1555 }, Some(\"UNIQUE constraint failed: revlog.id\"))", kind: Other })x";
  CHECK_THROWS_WITH(c.call(stats_actions(), "insertReviews", R"({"reviews": [[1594194095746, 1, -1, 3, 4, -60, 2500, 6157, 0]]})"),
                    dup);
  const std::string none =
      R"x(DbError { info: "SqliteFailure(Error { code: Unknown, extended_code: 1 }, Some(\"no such column: None\"))", kind: Other })x";
  CHECK_THROWS_WITH(c.call(stats_actions(), "insertReviews", R"({"reviews": [[null, 1, -1, 3, 4, -60, 2500, 6157, 0]]})"),
                    none);

  // Values are bound: what SQLite would read as one literal is inserted as such, anything else (a
  // sub-select, an expression) is refused instead of run, after Anki's errors for the pasted text.
  CHECK(c.call(stats_actions(), "insertReviews",
               R"j({"reviews": [["1594194095800", "0x1", true, " 3 ", 4.0, -60, "'text'", "2.5e3", false]]})j") == "null");
  CHECK(c.sql("SELECT id, cid, usn, ease, ivl, lastIvl, factor, time, type FROM revlog WHERE id = 1594194095800") ==
        "1594194095800|1|1|3|4|-60|text|2500|0");
  const std::string refused =
      "insertReviews: every value must be a number, true, false, null or a quoted SQL string, not ";
  CHECK_THROWS_WITH(c.call(stats_actions(), "insertReviews",
                           R"j({"reviews": [[1594194095801, "(select max(id) from notes)", -1, 3, 4, -60, 2500, 6157, 0]]})j"),
                    refused + "'(select max(id) from notes)'");
  // A string that completes the statement into valid SQL: AnkiConnect would run its sub-select.
  CHECK_THROWS_WITH(c.call(stats_actions(), "insertReviews",
                           R"j({"reviews": [[1594194095802, 1, -1, 3, 4, -60, 2500, "1, 0), (1594194095805, (select count() from notes), -1, 3, 4, -60, 2500, 1", 0]]})j"),
                    refused + "'1, 0), (1594194095805, (select count() from notes), -1, 3, 4, -60, 2500, 1'");
  // One that does not parse keeps Anki's error for the pasted text.
  CHECK_THROWS_WITH(c.call(stats_actions(), "insertReviews",
                           R"j({"reviews": [[1594194095802, 1, -1, 3, 4, -60, 2500, "1); delete from cards; --", 0]]})j"),
                    R"x(DbError { info: "SqliteFailure(Error { code: Unknown, extended_code: 1 }, Some(\"8 values for 9 columns\"))", kind: Other })x");
  CHECK_THROWS_WITH(c.call(stats_actions(), "insertReviews",
                           R"j({"reviews": [[1594194095803, 1, -1, 3, 4, -60, 2500, "1, 2", 0]]})j"),
                    R"x(DbError { info: "SqliteFailure(Error { code: Unknown, extended_code: 1 }, Some(\"10 values for 9 columns\"))", kind: Other })x");
  CHECK_THROWS_WITH(c.call(stats_actions(), "insertReviews",
                           R"j({"reviews": [[1594194095804, 1, -1, 3, 4, -60, 2500, 6157, "abc"]]})j"),
                    R"x(DbError { info: "SqliteFailure(Error { code: Unknown, extended_code: 1 }, Some(\"no such column: abc\"))", kind: Other })x");
  CHECK(c.sql("SELECT * FROM revlog WHERE id BETWEEN 1594194095801 AND 1594194095899") == "");
  CHECK(c.sql("SELECT count() FROM cards") == "2");
  c.exec("DELETE FROM revlog WHERE id = 1594194095800");

  CHECK(c.call(stats_actions(), "cardReviews", R"({"deck": "Default", "startID": 1594194095746})") ==
        "[[1594201393292, 1700000000000, -1, 1, -60, -60, 0, 4846, 0]]");
  CHECK(c.call(stats_actions(), "cardReviews", R"({"deck": "Default", "startID": 0})") ==
        "[[1594194095746, 1700000000000, -1, 3, 4, -60, 2500, 6157, 0], "
        "[1594201393292, 1700000000000, -1, 1, -60, -60, 0, 4846, 0]]");
  CHECK(c.call(stats_actions(), "getLatestReviewID", R"({"deck": "Default"})") == "1594201393292");
  CHECK(c.call(stats_actions(), "getLatestReviewID", R"({"deck": "Other"})") == "0");
  CHECK(c.call(stats_actions(), "cardReviews", R"({"deck": "Third", "startID": 0})") == "[]");
  CHECK(c.sql("SELECT count() FROM decks WHERE name || '' IN ('Other', 'Third')") == "2");

  CHECK(c.call(stats_actions(), "getReviewsOfCards", R"({"cards": [1700000000001, 1700000000000]})") ==
        R"({"1700000000001": [], "1700000000000": [{"id": 1594194095746, "usn": -1, "ease": 3, "ivl": 4, "lastIvl": -60, )"
        R"("factor": 2500, "time": 6157, "type": 0}, {"id": 1594201393292, "usn": -1, "ease": 1, "ivl": -60, )"
        R"("lastIvl": -60, "factor": 0, "time": 4846, "type": 0}]})");
  // String ids match in SQL but miss the dict lookup: always [].
  CHECK(c.call(stats_actions(), "getReviewsOfCards", R"({"cards": ["1700000000000"]})") == R"({"1700000000000": []})");
}

TEST_CASE("getCollectionStatsHTML (approximate report)") {
  SchedCollection c;
  c.add_card({.due = 3});
  c.call(scheduling_actions(), "answerCards", R"({"answers": [{"cardId": 1700000000000, "ease": 3}]})");
  const std::string html = c.call(stats_actions(), "getCollectionStatsHTML", R"({"wholeCollection": true})");
  CHECK(html.rfind("\"<style>", 0) == 0);
  CHECK(html.find("Studied <b>1 cards</b>") != std::string::npos);
  CHECK(html.find("Total cards</td><td><b>1</b>") != std::string::npos);
  const std::string deck_only = c.call(stats_actions(), "getCollectionStatsHTML", R"({"wholeCollection": false})");
  CHECK(deck_only.find("Card Counts") != std::string::npos);
}
