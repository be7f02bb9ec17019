// The generated action table against the spec's ankiconnect-actions.json, re-read at test time.
#include <catch2/catch.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "compat/actions.h"

using namespace ankc;

namespace {

boost::json::object read_spec() {
  std::ifstream in(ANKC_ACTIONS_JSON);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return boost::json::parse(ss.str()).as_object();
}

}  // namespace

TEST_CASE("action table matches ankiconnect-actions.json", "[actions]") {
  const auto spec = read_spec();
  REQUIRE(spec.size() == 121);
  REQUIRE(all_actions().size() == spec.size());
  for (const auto& kv : spec) {
    const std::string name(kv.key());
    INFO("action " << name);
    const ActionSpec* a = find_action(name);
    REQUIRE(a != nullptr);
    CHECK(a->name == name);
    const auto& s = kv.value().as_object();
    CHECK(a->gui == s.at("gui").as_bool());
    CHECK(a->needs_collection == s.at("needs_collection").as_bool());
    const auto& params = s.at("params").as_array();
    REQUIRE(a->params.size() == params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      const auto& p = params[i].as_object();
      INFO("param " << p.at("name").as_string());
      CHECK(a->params[i].name == std::string_view(p.at("name").as_string()));
      CHECK(a->params[i].required == p.at("required").as_bool());
      if (a->params[i].required) {
        CHECK(a->params[i].default_json.empty());
      } else {
        CHECK(boost::json::parse(a->params[i].default_json) == p.at("default"));
      }
    }
  }
}

TEST_CASE("all_actions is in Python sorted() order and find_action is exact", "[actions]") {
  const auto all = all_actions();
  for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1].name < all[i].name);
  CHECK(find_action("addnote") == nullptr);
  CHECK(find_action("") == nullptr);
  CHECK(find_action("zzz") == nullptr);
  REQUIRE(find_action("addNote") != nullptr);
  CHECK(find_action("addNote")->params[0].name == "note");
  CHECK(find_action("storeMediaFile")->params.size() == 6);
  CHECK(find_action("version")->params.empty());
}

TEST_CASE("read_only follows the actions' names: no verb that changes anything is marked read-only", "[actions]") {
  // First words that change the collection, media, profile or files; model* actions that change a
  // notetype; gui* actions other than the three that only report a window's state.
  const std::string_view writing[] = {"add", "update", "delete", "remove", "set", "change", "create", "store",
                                      "replace", "clear", "import", "export", "insert", "answer", "forget",
                                      "relearn", "suspend", "unsuspend", "clone", "save", "load", "reload",
                                      "sync", "multi", "findAndReplace"};
  const std::string_view model_changes[] = {"Add", "Remove", "Rename", "Reposition", "Set"};
  const std::string_view reading[] = {"get", "find", "can", "are", "version", "apiReflect", "cards", "notes",
                                      "deckName"};
  auto starts = [](std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; };
  int read_only = 0;
  for (const ActionSpec& a : all_actions()) {
    INFO("action " << a.name);
    if (a.read_only) ++read_only;
    bool reads = false, writes = false;
    for (std::string_view r : reading) reads |= starts(a.name, r);
    for (std::string_view w : writing) writes |= starts(a.name, w) && a.name != "suspended";
    if (starts(a.name, "model"))
      for (std::string_view w : model_changes) writes |= a.name.find(w) != std::string_view::npos;
    if (starts(a.name, "gui"))
      writes = a.name != "guiCurrentCard" && a.name != "guiReviewActive" && a.name != "guiSelectedNotes";
    // These create the deck they are asked about (AnkiConnect's decks.id(name)).
    bool creates_deck = a.name == "cardReviews" || a.name == "getDeckStats" || a.name == "getLatestReviewID";
    if (creates_deck) CHECK_FALSE(a.read_only);
    writes |= creates_deck;
    if (reads && !writes) CHECK(a.read_only);
    if (writes) CHECK_FALSE(a.read_only);
    if (!a.read_only) CHECK(writes);  // every action left writing is one of the rules above
  }
  CHECK(read_only == 49);
  CHECK(is_read_only_action("syncStatus"));
  CHECK_FALSE(is_read_only_action("fullSync"));
  CHECK_FALSE(is_read_only_action("checkDatabase"));
  CHECK_FALSE(is_read_only_action("nonsense"));
  CHECK_FALSE(is_read_only_action("multi"));
}
