// AnkiConnect's own graphical tests (tests/test_graphical.py: the review actions and the browser's
// selected notes), written again over HTTP against the real binary: a deck "test_deck" with two notes,
// as the plugin's test setup makes it, reviewed and browsed with no GUI anywhere.
#include <catch2/catch.hpp>

#include <string>

#include "tests/harness.h"

using ankc::test::Daemon;

namespace {

// The `result` member of a version-6 answer, as bytes ("error: ..." when the error is set).
std::string result(const Daemon& d, const std::string& action, const std::string& params = "{}") {
  const std::string body =
      d.post(R"({"action": ")" + action + R"(", "version": 6, "params": )" + params + "}").body;
  const std::string tail = ", \"error\": null}";
  if (body.rfind("{\"result\": ", 0) == 0 && body.size() >= tail.size() &&
      body.compare(body.size() - tail.size(), tail.size(), tail) == 0)
    return body.substr(11, body.size() - 11 - tail.size());
  return "error: " + body;
}

// The number of entries of a JSON list of lists (cardReviews' rows).
size_t rows(const std::string& list) {
  if (list == "[]") return 0;
  size_t n = 0;
  for (size_t i = 0; i + 1 < list.size(); ++i)
    if (list[i] == '[' && i > 0) ++n;
  return n;
}

// The plugin's test setup: test_deck and two Basic notes in it.
struct Setup {
  Daemon daemon;
  std::string note1, note2;
  Setup() {
    REQUIRE(result(daemon, "createDeck", R"({"deck": "test_deck"})").find("error") == std::string::npos);
    note1 = result(daemon, "addNote",
                   R"({"note": {"deckName": "test_deck", "modelName": "Basic", "fields": {"Front": "front1", "Back": "back1"}, "tags": ["tag1"]}})");
    note2 = result(daemon, "addNote",
                   R"({"note": {"deckName": "test_deck", "modelName": "Basic", "fields": {"Front": "front2", "Back": "back2"}, "tags": ["tag2"]}})");
    REQUIRE(note1.find("error") == std::string::npos);
    REQUIRE(note2.find("error") == std::string::npos);
  }
};

}  // namespace

TEST_CASE("test_graphical: browser, deck browser, check database, deck overview") {
  Setup s;
  CHECK(result(s.daemon, "guiBrowse") == "[]");
  CHECK(result(s.daemon, "guiDeckBrowser") == "null");
  CHECK(result(s.daemon, "guiCheckDatabase") == "true");
  CHECK(result(s.daemon, "guiDeckOverview", R"({"name": "test_deck"})") == "true");
}

TEST_CASE("test_graphical: review actions") {
  Setup s;
  const Daemon& d = s.daemon;
  CHECK(result(d, "guiReviewActive") == "false");
  CHECK(result(d, "guiDeckReview", R"({"name": "test_deck"})") == "true");
  CHECK(result(d, "guiReviewActive") == "true");

  SECTION("startCardTimer") { CHECK(result(d, "guiStartCardTimer") == "true"); }

  SECTION("guiShowQuestion / guiShowAnswer") {
    CHECK(result(d, "guiShowQuestion") == "true");
    CHECK(result(d, "guiShowAnswer") == "true");
  }

  SECTION("guiCurrentCard: the first note's card, as the reviewer shows it") {
    const std::string card = result(d, "guiCurrentCard");
    CHECK(card.find("\"fields\": {\"Front\": {\"value\": \"front1\", \"order\": 0}, \"Back\": {\"value\": \"back1\", "
                    "\"order\": 1}}, \"fieldOrder\": 0") != std::string::npos);
    // The stock Easy interval (4 days) is fuzzed within 3-5 days by a seed from the card id, which
    // depends on the clock: any of the three is Anki's label.
    bool labels = false;
    for (const char* easy : {"3", "4", "5"})
      labels = labels ||
               card.find(std::string("\"buttons\": [1, 2, 3, 4], \"nextReviews\": [\"<\\u20681\\u2069m\", "
                                     "\"<\\u20686\\u2069m\", \"<\\u206810\\u2069m\", \"\\u2068") +
                         easy + "\\u2069d\"], \"modelName\": \"Basic\", \"deckName\": \"test_deck\"") != std::string::npos;
    INFO(card);
    CHECK(labels);
    CHECK(card.find("\"template\": \"Card 1\"}") != std::string::npos);
  }

  SECTION("guiAnswerCard adds exactly one review") {
    CHECK(result(d, "guiShowAnswer") == "true");
    const size_t before = rows(result(d, "cardReviews", R"({"deck": "test_deck", "startID": 0})"));
    CHECK(result(d, "guiAnswerCard", R"({"ease": 4})") == "true");
    CHECK(rows(result(d, "cardReviews", R"({"deck": "test_deck", "startID": 0})")) == before + 1);
    // The second note's card comes next, question side.
    CHECK(result(d, "guiCurrentCard").find("\"value\": \"front2\"") != std::string::npos);
    CHECK(result(d, "guiAnswerCard", R"({"ease": 4})") == "false");
  }

  SECTION("guiUndo removes it again") {
    CHECK(result(d, "guiShowAnswer") == "true");
    const std::string first = result(d, "guiCurrentCard");
    const size_t before = rows(result(d, "cardReviews", R"({"deck": "test_deck", "startID": 0})"));
    CHECK(result(d, "guiAnswerCard", R"({"ease": 4})") == "true");
    CHECK(rows(result(d, "cardReviews", R"({"deck": "test_deck", "startID": 0})")) == before + 1);
    CHECK(result(d, "guiUndo") == "true");
    CHECK(rows(result(d, "cardReviews", R"({"deck": "test_deck", "startID": 0})")) == before);
    CHECK(result(d, "guiCurrentCard") == first);  // shown again
  }

  SECTION("a whole deck, then the congratulations screen") {
    for (int i = 0; i < 2; ++i) {
      CHECK(result(d, "guiShowAnswer") == "true");
      CHECK(result(d, "guiAnswerCard", R"({"ease": 4})") == "true");
    }
    CHECK(result(d, "guiReviewActive") == "false");
    CHECK(result(d, "guiCurrentCard") == "error: {\"result\": null, \"error\": \"Gui review is not currently active.\"}");
  }
}

TEST_CASE("test_graphical: selected notes") {
  Setup s;
  const Daemon& d = s.daemon;
  CHECK(result(d, "guiSelectedNotes") == "[]");
  CHECK(result(d, "guiBrowse", R"({"query": "deck:test_deck"})").find("error") == std::string::npos);
  const std::string selected = result(d, "guiSelectedNotes");
  CHECK((selected == "[" + s.note1 + "]" || selected == "[" + s.note2 + "]"));

  // An invalid deck query empties the browser's list, and so the selection.
  CHECK(result(d, "guiBrowse", R"({"query": "deck:invalid"})") == "[]");
  CHECK(result(d, "guiSelectedNotes") == "[]");
}
