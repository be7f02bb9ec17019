// bind_params' TypeError texts for both Python flavours (spec §2.2) and the 3.13 suggestion engine.
#include <catch2/catch.hpp>
#include <vector>

#include "backends/action_error.h"
#include "compat/binding.h"
#include "compat/pyjson.h"
#include "compat/testdata/fixture.h"

using namespace ankc;

namespace {

// The ActionError text bind_params throws for `params_json`, or "bound:<dumps of the result>".
std::string bind_text(std::string_view action, std::string_view params_json, PyFlavour flavour) {
  const ActionSpec* a = find_action(action);
  REQUIRE(a != nullptr);
  const auto params = pyjson::loads(params_json, PyFlavour::py313);
  REQUIRE(params.ok);
  try {
    return "bound:" + pyjson::dumps(bind_params(*a, params.value, flavour, "2055492159"));
  } catch (const ActionError& e) {
    return e.what();
  }
}

std::string suggest(std::string_view bad, std::vector<std::string_view> candidates) {
  return suggest_name(bad, candidates);
}

}  // namespace

TEST_CASE("bind_params fills defaults in signature order", "[binding]") {
  CHECK(bind_text("storeMediaFile", R"({"data": "AA==", "filename": "a.txt"})", PyFlavour::py313) ==
        R"(bound:{"filename": "a.txt", "data": "AA==", "path": null, "url": null, "skipHash": null, "deleteExisting": true})");
  CHECK(bind_text("version", "{}", PyFlavour::py39) == "bound:{}");
  CHECK(bind_text("addNote", R"({"note": [1, {"a": 2.5}]})", PyFlavour::py39) == R"(bound:{"note": [1, {"a": 2.5}]})");
}

TEST_CASE("bind_params: missing arguments", "[binding]") {
  CHECK(bind_text("addNote", "{}", PyFlavour::py39) == "addNote() missing 1 required positional argument: 'note'");
  CHECK(bind_text("addNote", "{}", PyFlavour::py313) ==
        "AnkiConnect.addNote() missing 1 required positional argument: 'note'");
  CHECK(bind_text("requestPermission", "{}", PyFlavour::py313) ==
        "AnkiConnect.requestPermission() missing 2 required positional arguments: 'origin' and 'allowed'");
  CHECK(bind_text("createModel", "{}", PyFlavour::py39) ==
        "createModel() missing 3 required positional arguments: 'modelName', 'inOrderFields', and 'cardTemplates'");
  CHECK(bind_text("createModel", R"({"inOrderFields": []})", PyFlavour::py39) ==
        "createModel() missing 2 required positional arguments: 'modelName' and 'cardTemplates'");
}

TEST_CASE("bind_params: unexpected keyword and self", "[binding]") {
  CHECK(bind_text("addNote", R"({"foo": 1})", PyFlavour::py39) == "addNote() got an unexpected keyword argument 'foo'");
  CHECK(bind_text("addNote", R"({"foo": 1})", PyFlavour::py313) ==
        "AnkiConnect.addNote() got an unexpected keyword argument 'foo'");
  CHECK(bind_text("addNote", R"({"nte": 1})", PyFlavour::py313) ==
        "AnkiConnect.addNote() got an unexpected keyword argument 'nte'. Did you mean 'note'?");
  CHECK(bind_text("addNote", R"({"nte": 1})", PyFlavour::py39) == "addNote() got an unexpected keyword argument 'nte'");
  // checked before missing ones; the first offender in JSON order wins
  CHECK(bind_text("addNote", R"({"zzz": 1, "yyy": 2})", PyFlavour::py39) ==
        "addNote() got an unexpected keyword argument 'zzz'");
  CHECK(bind_text("addNote", R"({"self": 1, "zzz": 2})", PyFlavour::py313) ==
        "AnkiConnect.addNote() got multiple values for argument 'self'");
  CHECK(bind_text("addNote", R"({"zzz": 2, "self": 1})", PyFlavour::py313) ==
        "AnkiConnect.addNote() got an unexpected keyword argument 'zzz'");
  CHECK(bind_text("addNote", R"({"self": 1})", PyFlavour::py39) == "addNote() got multiple values for argument 'self'");
  CHECK(bind_text("addNote", R"({"Self": 1})", PyFlavour::py313) ==
        "AnkiConnect.addNote() got an unexpected keyword argument 'Self'. Did you mean 'self'?");
  CHECK(bind_text("version", R"({"caf\u00e9": 1})", PyFlavour::py39) ==
        "version() got an unexpected keyword argument 'caf\xC3\xA9'");
}

TEST_CASE("bind_params: params that are not a mapping", "[binding]") {
  const char* prefix = "2055492159.AnkiConnect.addNote() argument after ** must be a mapping, not ";
  CHECK(bind_text("addNote", "[]", PyFlavour::py39) == std::string(prefix) + "list");
  CHECK(bind_text("addNote", "null", PyFlavour::py313) == std::string(prefix) + "NoneType");
  CHECK(bind_text("addNote", "1", PyFlavour::py313) == std::string(prefix) + "int");
  CHECK(bind_text("addNote", "1.5", PyFlavour::py313) == std::string(prefix) + "float");
  CHECK(bind_text("addNote", "\"x\"", PyFlavour::py313) == std::string(prefix) + "str");
  CHECK(bind_text("addNote", "true", PyFlavour::py313) == std::string(prefix) + "bool");
}

TEST_CASE("suggest_name: the examples of spec §2.2", "[binding]") {
  CHECK(suggest("nte", {"self", "note"}) == "note");
  CHECK(suggest("notes", {"self", "note"}) == "note");
  CHECK(suggest("Note", {"self", "note"}) == "note");
  CHECK(suggest("querry", {"self", "query"}) == "query");
  CHECK(suggest("deleteexisting", {"self", "filename", "data", "path", "url", "skipHash", "deleteExisting"}) ==
        "deleteExisting");
  CHECK(suggest("Self", {"self", "note"}) == "self");
  CHECK(suggest("slf", {"self", "note"}) == "self");
  CHECK(suggest("NOTE", {"self", "note"}) == "");
  CHECK(suggest("qury", {"self", "note"}) == "");
  CHECK(suggest("filenam", {"self", "note"}) == "");
  // ties keep the earlier candidate
  CHECK(suggest("ab", {"ac", "ad"}) == "ac");
  CHECK(suggest("ab", {"ad", "ac"}) == "ad");
}

TEST_CASE("suggest_name agrees with CPython's suggestion engine on a broad table", "[binding]") {
  const auto rows = testdata::read_jsonl("suggest_cases.jsonl");
  REQUIRE(rows.size() >= 1000);
  for (const auto& row : rows) {
    std::vector<std::string_view> candidates;
    for (const auto& c : row.at("candidates").as_array()) candidates.push_back(c.as_string());
    const std::string bad(row.at("bad").as_string());
    INFO("bad name " << bad);
    CHECK(suggest_name(bad, candidates) == std::string(row.at("suggestion").as_string()));
  }
}

TEST_CASE("bind_params agrees with CPython 3.9 and 3.13 on every action", "[binding]") {
  const auto rows = testdata::read_jsonl("binding_cases.jsonl");
  REQUIRE(rows.size() >= 1000);
  for (const auto& row : rows) {
    const std::string action(row.at("action").as_string());
    const std::string params(row.at("params").as_string());
    INFO(action << "(**" << params << ")");
    for (auto [flavour, key] : {std::pair{PyFlavour::py39, "py39"}, std::pair{PyFlavour::py313, "py313"}}) {
      std::string got = bind_text(action, params, flavour);
      if (got.rfind("bound:", 0) == 0) got = "ok";
      CHECK(got == std::string(row.at(key).as_string()));
    }
  }
}

TEST_CASE("suggest_name offers nothing for a name holding a lone surrogate", "[binding]") {
  // CPython 3.13 cannot UTF-8-encode such a name and skips the suggestion.
  CHECK(bind_text("addNote", R"({"n\ud800te": 1})", PyFlavour::py313) ==
        "AnkiConnect.addNote() got an unexpected keyword argument 'n\xED\xA0\x80te'");
  CHECK(bind_text("addNote", R"({"n\u00f6te": 1})", PyFlavour::py313) ==
        "AnkiConnect.addNote() got an unexpected keyword argument 'n\xC3\xB6te'. Did you mean 'note'?");
}
