// The gui* actions headless, through the service table on fixture F (search.md §11.1) opened by a
// real Session: results and error texts as response bytes, and the current deck / note type they
// leave in the collection.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include "backends/native/gui/service.h"
#include "backends/native/search/service.h"
#include "backends/native/search/service_fixture.h"
#include "backends/native/storage/config/config.h"

namespace ankc::native {
namespace {

namespace json = boost::json;
using search::testing::FixtureSession;

std::string gui(FixtureSession& f, std::string_view action, json::object params = {}) {
  return f.call(gui_actions(), action, params);
}

std::string find_cards(FixtureSession& f, std::string_view query) {
  return f.call(search_actions(), "findCards", json::object{{"query", query}});
}

int64_t col_mod(FixtureSession& f) {
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(f.session().db().handle(), "select mod from col", -1, &st, nullptr);
  sqlite3_step(st);
  int64_t mod = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return mod;
}

const std::string kNotActive = "error: Gui review is not currently active.";

}  // namespace

TEST_CASE("gui: actions without a window answer constants", "[gui]") {
  FixtureSession f;
  CHECK(gui(f, "guiSelectNote", {{"note", 1699934401000}}) == "false");
  CHECK(gui(f, "guiSelectCard", {{"card", 1699934401000}}) == "false");
  CHECK(gui(f, "guiSelectedNotes") == "[]");
  CHECK(gui(f, "guiReviewActive") == "false");
  CHECK(gui(f, "guiStartCardTimer") == "false");
  CHECK(gui(f, "guiShowQuestion") == "false");
  CHECK(gui(f, "guiShowAnswer") == "false");
  CHECK(gui(f, "guiPlayAudio") == "false");
  CHECK(gui(f, "guiUndo") == "true");
  CHECK(gui(f, "guiDeckBrowser") == "null");
  CHECK(gui(f, "guiImportFile", {{"path", nullptr}}) == "null");
  CHECK(gui(f, "guiImportFile", {{"path", "/tmp/x.apkg"}}) == "null");
  CHECK(gui(f, "guiExitAnki") == "null");
  CHECK(gui(f, "guiCheckDatabase") == "true");
  CHECK_FALSE(f.session().is_open());  // none of them needed the collection
  CHECK(gui(f, "guiAnswerCard", {{"ease", 3}}) == "false");
  CHECK(gui(f, "guiAnswerCard", {{"ease", "x"}}) == "false");
  CHECK(gui(f, "guiCurrentCard") == kNotActive);
}

TEST_CASE("gui: guiBrowse answers findCards(query)", "[gui][browse]") {
  FixtureSession f;
  CHECK(gui(f, "guiBrowse", {{"query", nullptr}, {"reorderCards", nullptr}}) == "[]");
  CHECK(gui(f, "guiBrowse", {{"query", "dog"}, {"reorderCards", nullptr}}) == find_cards(f, "dog"));
  CHECK(gui(f, "guiBrowse", {{"query", "deck:Lang"}, {"reorderCards", nullptr}}) ==
        "[1696478400000, 1699934401000, 1699761600005, 1696478400001]");
  json::object order{{"columnId", "noteCrt"}, {"order", "descending"}};
  CHECK(gui(f, "guiBrowse", {{"query", "dog"}, {"reorderCards", order}}) == find_cards(f, "dog"));
  CHECK(gui(f, "guiBrowse", {{"query", ""}, {"reorderCards", nullptr}}) == find_cards(f, ""));
  CHECK(gui(f, "guiBrowse", {{"query", "dog and"}, {"reorderCards", order}}) == find_cards(f, "dog and"));
  CHECK(find_cards(f, "dog and").rfind("error: Invalid search: ", 0) == 0);
}

TEST_CASE("gui: guiBrowse reorderCards validations, in the plugin's order", "[gui][browse]") {
  FixtureSession f;
  auto browse = [&](json::value reorder, json::value query = "dog") {
    return gui(f, "guiBrowse", {{"query", std::move(query)}, {"reorderCards", std::move(reorder)}});
  };
  CHECK(browse("noteCrt") == "error: reorderCards should be a dict: noteCrt");
  CHECK(browse(json::array{1, "a", nullptr}) == "error: reorderCards should be a dict: [1, 'a', None]");
  CHECK(browse(true) == "error: reorderCards should be a dict: True");
  CHECK(browse(1.5) == "error: reorderCards should be a dict: 1.5");
  const std::string missing = "error: Must provide a \"columnId\" and a \"order\" property\"";
  CHECK(browse(json::object{}) == missing);
  CHECK(browse(json::object{{"order", "ascending"}}) == missing);
  CHECK(browse(json::object{{"columnId", "noteCrt"}}) == missing);
  CHECK(browse(json::object{{"columnId", "noteCrt"}, {"order", "up"}}) == "error: invalid card order: up");
  CHECK(browse(json::object{{"columnId", "noteCrt"}, {"order", nullptr}}) == "error: invalid card order: None");
  CHECK(browse(json::object{{"columnId", "noteCrt"}, {"order", "Ascending"}}) ==
        "error: invalid card order: Ascending");
  CHECK(browse(json::object{{"columnId", "foo"}, {"order", "ascending"}}) == "error: invalid columnId: foo");
  CHECK(browse(json::object{{"columnId", 3}, {"order", "ascending"}}) == "error: invalid columnId: 3");
  CHECK(browse(json::object{{"columnId", "sortField"}, {"order", "ascending"}}) ==
        "error: invalid columnId: sortField");
  // the order is checked before the column; the reorder checks before the search runs
  CHECK(browse(json::object{{"columnId", "foo"}, {"order", "x"}}) == "error: invalid card order: x");
  CHECK(browse("x", "dog and") == "error: reorderCards should be a dict: x");
  for (const char* column : {"question", "answer", "template", "deck", "cardDue", "cardEase", "cardLapses",
                             "cardIvl", "cardMod", "cardReps", "noteCrt", "noteMod", "note", "noteFld",
                             "noteTags", "originalPosition", "stability", "difficulty", "retrievability"}) {
    INFO(column);
    CHECK(browse(json::object{{"columnId", column}, {"order", "ascending"}}) == find_cards(f, "dog"));
  }
}

TEST_CASE("gui: guiEditNote checks the note exists", "[gui]") {
  FixtureSession f;
  CHECK(gui(f, "guiEditNote", {{"note", 101}}) == "null");
  CHECK(gui(f, "guiEditNote", {{"note", 999}}) ==
        "error: Your database appears to be in an inconsistent state. Please use the Check Database action. "
        "No such note: '999'");
  CHECK(gui(f, "guiEditNote", {{"note", 1699934401000}}) ==
        "error: Your database appears to be in an inconsistent state. Please use the Check Database action. "
        "No such note: '1699934401000'");
}

TEST_CASE("gui: guiDeckOverview / guiDeckReview select the current deck", "[gui][deck]") {
  FixtureSession f;
  const int64_t mod_before = col_mod(f);
  CHECK(find_cards(f, "deck:current") == "[1699934401000, 1699761600005, 1696478400001]");
  CHECK(gui(f, "guiDeckOverview", {{"name", "Nope"}}) == "false");
  CHECK(gui(f, "guiDeckOverview", {{"name", "lang::FRENCH"}}) == "true");  // already current: no write
  CHECK(col_mod(f) == mod_before);
  CHECK(gui(f, "guiDeckOverview", {{"name", "lang"}}) == "true");
  CHECK(storage::get_config_json(f.session().db(), "curDeck") == "2");
  CHECK(col_mod(f) == f.clock().now().v);
  CHECK(find_cards(f, "deck:current") == find_cards(f, "deck:Lang"));
  CHECK(gui(f, "guiDeckReview", {{"name", "Default"}}) == "true");
  CHECK(find_cards(f, "deck:current") == find_cards(f, "did:1"));
  CHECK(gui(f, "guiDeckReview", {{"name", "Lang::Nope"}}) == "false");
  CHECK(storage::get_config_json(f.session().db(), "curDeck") == "1");
}

TEST_CASE("gui: guiAddCards validates like the plugin and answers 0", "[gui][add]") {
  FixtureSession f;
  CHECK(gui(f, "guiAddCards", {{"note", nullptr}}) == "0");
  auto add = [&](json::value note) { return gui(f, "guiAddCards", {{"note", std::move(note)}}); };
  CHECK(add(json::object{}) == "error: 'deckName'");
  CHECK(add(json::object{{"deckName", "Nope"}, {"modelName", "Basic"}}) == "error: deck was not found: Nope");
  CHECK(add(json::array{}) == "error: list indices must be integers or slices, not str");
  CHECK(add("x") == "error: string indices must be integers, not 'str'");
  CHECK(add(5) == "error: 'int' object is not subscriptable");
  // the deck is selected before the note type is looked up
  CHECK(add(json::object{{"deckName", "lang"}}) == "error: 'modelName'");
  CHECK(storage::get_config_json(f.session().db(), "curDeck") == "2");
  CHECK(add(json::object{{"deckName", "Default"}, {"modelName", "nope"}}) == "error: model was not found: nope");
  CHECK(storage::get_config_json(f.session().db(), "curDeck") == "1");
  CHECK(add(json::object{{"deckName", "Default"}, {"modelName", "cloze"}, {"fields", json::array{}}}) ==
        "error: 'list' object has no attribute 'items'");
  CHECK(add(json::object{{"deckName", "Default"}, {"modelName", "Basic"}, {"fields", "Front"}}) ==
        "error: 'str' object has no attribute 'items'");
  CHECK(add(json::object{{"deckName", "C++ (x)"},
                         {"modelName", "BASIC (and reversed card)"},
                         {"fields", json::object{{"Front", "a"}, {"Nope", "b"}}},
                         {"tags", json::array{"t"}}}) == "0");
  CHECK(storage::get_config_json(f.session().db(), "curDeck") == "7");
  CHECK(storage::get_config_json(f.session().db(), "curModel") == "1002");
  CHECK(find_cards(f, "deck:current") == find_cards(f, "did:7"));
}

}  // namespace ankc::native
