#include <catch2/catch.hpp>

#include "backends/action_error.h"
#include "backends/native/decks/service.h"
#include "backends/native/decks/test_support.h"

using ankc::native::decks_actions;
using ankc::native::testing::TestCollection;

namespace {
const std::string kFixtures = ANKC_FIXTURES;
}

TEST_CASE("deckNames / deckNamesAndIds on a new collection") {
  TestCollection c;
  CHECK(c.call(decks_actions(), "deckNames") == R"(["Default"])");
  CHECK(c.call(decks_actions(), "deckNamesAndIds") == R"({"Default": 1})");
}

TEST_CASE("createDeck creates parents, reuses spelling, orders like Anki") {
  TestCollection c;
  std::string id = c.call(decks_actions(), "createDeck", R"({"deck": "Japanese::JLPT N3"})");
  CHECK(id == "1767323045679");  // parent got now, child max+1
  CHECK(c.call(decks_actions(), "createDeck", R"({"deck": " japanese :: jlpt n3 "})") == id);
  c.call(decks_actions(), "createDeck", R"({"deck": "japanese::Tokyo"})");
  c.call(decks_actions(), "createDeck", R"({"deck": "Japanese B"})");
  CHECK(c.call(decks_actions(), "deckNames") ==
        R"(["Default", "Japanese", "Japanese::JLPT N3", "Japanese::Tokyo", "Japanese B"])");
  CHECK(c.sql("select id, name, usn, mtime_secs, hex(common), hex(kind) from decks order by id") ==
        "1|Default|0|0|08011001|0A020801\n"
        "1767323045678|Japanese|-1|1767323045|08011001|0A020801\n"
        "1767323045679|Japanese\x1fJLPT N3|-1|1767323045|08011001|0A020801\n"
        "1767323045680|Japanese\x1fTokyo|-1|1767323045|08011001|0A020801\n"
        "1767323045681|Japanese B|-1|1767323045|08011001|0A020801");
  CHECK(c.sql("select mod from col") == "1767323045678");
  CHECK(c.check() == "ok");
}

TEST_CASE("deckNameFromId falls back to Default; int() texts") {
  TestCollection c;
  CHECK(c.call(decks_actions(), "deckNameFromId", R"({"deckId": 1})") == R"("Default")");
  CHECK(c.call(decks_actions(), "deckNameFromId", R"({"deckId": 999})") == R"("Default")");
  CHECK(c.call(decks_actions(), "deckNameFromId", R"({"deckId": "1"})") == R"("Default")");
  CHECK_THROWS_WITH(c.call(decks_actions(), "deckNameFromId", R"({"deckId": "abc"})"),
                    "invalid literal for int() with base 10: 'abc'");
}

TEST_CASE("getDecks attributes unknown cards to Default") {
  TestCollection c;
  CHECK(c.call(decks_actions(), "getDecks", R"({"cards": [5, 6]})") == R"({"Default": [5, 6]})");
}

TEST_CASE("changeDeck pastes the ids into SQL like AnkiConnect (Q29): DbError texts, the new deck stays") {
  TestCollection c;
  const std::string no_such_column =
      R"x(DbError { info: "SqliteFailure(Error { code: Unknown, extended_code: 1 }, Some(\"no such column: abc\"))", kind: Other })x";
  CHECK_THROWS_WITH(c.call(decks_actions(), "changeDeck", R"({"cards": [1, "abc"], "deck": "Moved"})"), no_such_column);
  // decks.id() created the deck before the statement failed
  CHECK(c.call(decks_actions(), "deckNames") == R"(["Default", "Moved"])");
  CHECK(c.sql("select mod from col") == "1767323045678");
  // a string that is valid SQL matches nothing here and succeeds
  CHECK(c.call(decks_actions(), "changeDeck", R"({"cards": ["'x'"], "deck": "Moved"})") == "null");
  // one that would widen the statement (AnkiConnect moves every card) is refused, not run
  CHECK_THROWS_WITH(c.call(decks_actions(), "changeDeck", R"j({"cards": ["0) or (1"], "deck": "Moved"})j"),
                    "changeDeck: every value must be a number, true, false, null or a quoted SQL string, not '0) or (1'");
  CHECK(c.check() == "ok");
}

TEST_CASE("deleteDecks needs cardsToo and removes children with graves") {
  TestCollection c;
  CHECK_THROWS_WITH(c.call(decks_actions(), "deleteDecks", R"({"decks": ["Default"]})"),
                    "Since Anki 2.1.28 it's not possible to delete decks without deleting cards as well");
  c.call(decks_actions(), "createDeck", R"({"deck": "A::B"})");
  CHECK(c.call(decks_actions(), "deleteDecks", R"({"decks": ["a", "A"], "cardsToo": true})") == "null");
  CHECK(c.call(decks_actions(), "deckNames") == R"(["Default"])");
  CHECK(c.sql("select oid, type, usn from graves order by oid") == "1767323045678|2|-1\n1767323045679|2|-1");
  CHECK(c.check() == "ok");
}

TEST_CASE("getDeckConfig of the Default deck is the spec's default preset") {
  TestCollection c;
  CHECK(c.call(decks_actions(), "getDeckConfig", R"({"deck": "default"})") == "false");
  CHECK(c.call(decks_actions(), "getDeckConfig", R"({"deck": "Default"})") ==
        R"({"id": 1, "mod": 0, "name": "Default", "usn": 0, "maxTaken": 60, "autoplay": true, "timer": 0, )"
        R"("replayq": true, "new": {"bury": false, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0], )"
        R"("order": 1, "perDay": 20}, "rev": {"bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200, )"
        R"("hardFactor": 1.2}, "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0}, )"
        R"("dyn": false, "newMix": 0, "newPerDayMinimum": 0, "interdayLearningMix": 0, "reviewOrder": 0, )"
        R"("newSortOrder": 0, "newGatherPriority": 0, "buryInterdayLearning": false, "fsrsWeights": [], )"
        R"("fsrsParams5": [], "fsrsParams6": [], "desiredRetention": 0.9, "ignoreRevlogsBeforeDate": "", )"
        R"("easyDaysPercentages": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], "stopTimerOnAnswer": false, )"
        R"("secondsToShowQuestion": 0.0, "secondsToShowAnswer": 0.0, "questionAction": 0, "answerAction": 0, )"
        R"("waitForAudio": true, "sm2Retention": 0.9, "weightSearch": ""})");
}

TEST_CASE("clone, set, save and remove deck options presets") {
  TestCollection c;
  std::string id = c.call(decks_actions(), "cloneDeckConfigId", R"({"name": "Copy of Default", "cloneFrom": 1})");
  CHECK(id == "1767323045678");
  CHECK(c.call(decks_actions(), "cloneDeckConfigId", R"({"name": "x", "cloneFrom": 5})") == "false");
  CHECK(c.call(decks_actions(), "setDeckConfigId", R"({"decks": ["Default"], "configId": ")" + id + R"("})") == "true");
  CHECK(c.call(decks_actions(), "setDeckConfigId", R"({"decks": ["Nope"], "configId": 1})") == "false");
  CHECK(c.sql("select hex(kind) from decks where id = 1") != "0A020801");
  std::string saved = c.call(decks_actions(), "saveDeckConfig",
                             R"({"config": {"id": )" + id + R"(, "mod": 0, "name": "Renamed", "usn": 0, "maxTaken": 30, )"
                             R"("autoplay": false, "timer": 1, "new": {"delays": [2.5], "initialFactor": 2300, "ints": [2, 5, 0], )"
                             R"("order": 0, "perDay": 7}, "rev": {"ease4": 1.4, "ivlFct": 1.1, "maxIvl": 999, "perDay": 99}, )"
                             R"("lapse": {"delays": [5], "leechAction": 0, "leechFails": 4, "minInt": 2, "mult": 0.5}}})");
  CHECK(saved == "true");
  std::string got = c.call(decks_actions(), "getDeckConfig", R"({"deck": "Default"})");
  CHECK(got.rfind(R"({"id": 1767323045678, "mod": 1767323045, "name": "Renamed", "usn": -1, "maxTaken": 30, "autoplay": false, "timer": 1, "replayq": false, "new": {"bury": false, "delays": [2.5], "initialFactor": 2300, "ints": [2, 5, 0], "order": 0, "perDay": 7}, "rev": {"bury": false, "ease4": 1.4, "ivlFct": 1.1, "maxIvl": 999, "perDay": 99, "hardFactor": 1.2}, "lapse": {"delays": [5.0], "leechAction": 0, "leechFails": 4, "minInt": 2, "mult": 0.5})", 0) == 0);
  CHECK(c.call(decks_actions(), "saveDeckConfig", R"({"config": {"id": 77}})") == "false");
  CHECK_THROWS_WITH(c.call(decks_actions(), "saveDeckConfig", R"({"config": {}})"), "'id'");
  CHECK_THROWS_WITH(c.call(decks_actions(), "removeDeckConfigId", R"({"configId": 1})"), "can't delete default conf");
  CHECK(c.call(decks_actions(), "removeDeckConfigId", R"({"configId": 5})") == "false");
  CHECK(c.call(decks_actions(), "removeDeckConfigId", R"({"configId": )" + id + "}") == "true");
  CHECK(c.sql("select hex(kind) from decks where id = 1") == "0A020801");
  CHECK(c.sql("select scm from col") == "1767323045678");
  CHECK(c.check() == "ok");
}

TEST_CASE("real fixture: apy collection decks") {
  TestCollection c(kFixtures + "/apy__test_base.anki2");
  CHECK(c.call(decks_actions(), "deckNames") == R"(["Default", "NewDeck"])");
  std::string before = c.sql("select count() from cards");
  c.call(decks_actions(), "createDeck", R"({"deck": "NewDeck::Child"})");
  CHECK(c.call(decks_actions(), "deleteDecks", R"({"decks": ["NewDeck"], "cardsToo": true})") == "null");
  CHECK(c.call(decks_actions(), "deckNames") == R"(["Default"])");
  CHECK(c.sql("select count() from decks not indexed") == "1");
  CHECK(c.check() == "ok");
}

TEST_CASE("createDeck / changeDeck refuse a lone surrogate with Python's UnicodeEncodeError") {
  TestCollection c;
  // "a\ud800" as json.loads leaves it (the surrogate in its 3-byte form); boost's parser refuses the
  // escape, so the params are built here.
  auto call = [&c](const char* action, boost::json::object params) {
    for (const auto& a : decks_actions())
      if (a.name == action) return a.handler(*c.session, params);
    throw std::runtime_error("no action");
  };
  const char* error = "'utf-8' codec can't encode character '\\ud800' in position 3: surrogates not allowed";
  CHECK_THROWS_WITH(call("createDeck", {{"deck", "a::\xed\xa0\x80"}}), error);
  CHECK_THROWS_WITH(call("changeDeck", {{"cards", boost::json::array{}}, {"deck", "a::\xed\xa0\x80"}}), error);
  CHECK(c.call(decks_actions(), "deckNames") == R"(["Default"])");
}
