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
