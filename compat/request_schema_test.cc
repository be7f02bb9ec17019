// validate_request against every example of spec §1.5, byte for byte, for both jsonschema flavours.
#include <catch2/catch.hpp>

#include "compat/pyjson.h"
#include "compat/request_schema.h"

using namespace ankc;

namespace {

std::string check(std::string_view body, JsonschemaFlavour flavour) {
  const auto r = pyjson::loads(body, PyFlavour::py313);
  REQUIRE(r.ok);
  const auto err = validate_request(r.value, flavour);
  return err ? *err : "valid";
}

const JsonschemaFlavour js412 = JsonschemaFlavour::js412;
const JsonschemaFlavour js424 = JsonschemaFlavour::js424;

const char* kSchema424 =
    "    {'type': 'object',\n"
    "     'properties': {'action': {'type': 'string', 'minLength': 1},\n"
    "                    'version': {'type': 'integer'},\n"
    "                    'params': {'type': 'object'}},\n"
    "     'required': ['action']}";
const char* kSchema412 =
    "    {'properties': {'action': {'minLength': 1, 'type': 'string'},\n"
    "                    'params': {'type': 'object'},\n"
    "                    'version': {'type': 'integer'}},\n"
    "     'required': ['action'],\n"
    "     'type': 'object'}";

}  // namespace

TEST_CASE("request schema: valid requests", "[schema]") {
  for (auto f : {js412, js424}) {
    CHECK(check(R"({"action": "version"})", f) == "valid");
    CHECK(check(R"({"action": "x", "version": 6, "params": {}, "key": [1]})", f) == "valid");
    CHECK(check(R"({"action": "x", "version": 6.0})", f) == "valid");
    CHECK(check(R"({"action": "x", "version": -1e300})", f) == "valid");
    CHECK(check(R"({"action": "x", "version": 18446744073709551615})", f) == "valid");
  }
}

TEST_CASE("request schema: missing action (spec §1.5)", "[schema]") {
  CHECK(check("{}", js424) == std::string("'action' is a required property\n\nFailed validating 'required' in schema:\n") +
                                  kSchema424 + "\n\nOn instance:\n    {}");
  CHECK(check("{}", js412) == std::string("'action' is a required property\n\nFailed validating 'required' in schema:\n") +
                                  kSchema412 + "\n\nOn instance:\n    {}");
  // a missing action beats member errors
  CHECK(check(R"({"version": "6", "params": []})", js424).rfind("'action' is a required property\n", 0) == 0);
}

TEST_CASE("request schema: root type error", "[schema]") {
  CHECK(check("[]", js424) == std::string("[] is not of type 'object'\n\nFailed validating 'type' in schema:\n") +
                                  kSchema424 + "\n\nOn instance:\n    []");
  CHECK(check("[]", js412) == std::string("[] is not of type 'object'\n\nFailed validating 'type' in schema:\n") +
                                  kSchema412 + "\n\nOn instance:\n    []");
  CHECK(check("\"abc\"", js424).rfind("'abc' is not of type 'object'\n\n", 0) == 0);
  CHECK(check("null", js424).rfind("None is not of type 'object'\n\n", 0) == 0);
  CHECK(check("NaN", js412).rfind("nan is not of type 'object'\n\n", 0) == 0);
}

TEST_CASE("request schema: member errors (spec §1.5)", "[schema]") {
  CHECK(check(R"({"action": 1})", js424) ==
        "1 is not of type 'string'\n\nFailed validating 'type' in schema['properties']['action']:\n"
        "    {'type': 'string', 'minLength': 1}\n\nOn instance['action']:\n    1");
  CHECK(check(R"({"action": 1})", js412) ==
        "1 is not of type 'string'\n\nFailed validating 'type' in schema['properties']['action']:\n"
        "    {'minLength': 1, 'type': 'string'}\n\nOn instance['action']:\n    1");
  for (auto f : {js412, js424}) {
    CHECK(check(R"({"action": "x", "version": "6"})", f) ==
          "'6' is not of type 'integer'\n\nFailed validating 'type' in schema['properties']['version']:\n"
          "    {'type': 'integer'}\n\nOn instance['version']:\n    '6'");
    CHECK(check(R"({"action": "x", "params": []})", f) ==
          "[] is not of type 'object'\n\nFailed validating 'type' in schema['properties']['params']:\n"
          "    {'type': 'object'}\n\nOn instance['params']:\n    []");
    CHECK(check(R"({"action": null})", f).rfind("None is not of type 'string'\n\n", 0) == 0);
    CHECK(check(R"({"action": "x", "version": 6.5})", f).rfind("6.5 is not of type 'integer'\n\n", 0) == 0);
    CHECK(check(R"({"action": "x", "version": true})", f).rfind("True is not of type 'integer'\n\n", 0) == 0);
    CHECK(check(R"({"action": "x", "version": NaN})", f).rfind("nan is not of type 'integer'\n\n", 0) == 0);
    CHECK(check(R"({"action": "x", "version": Infinity})", f).rfind("inf is not of type 'integer'\n\n", 0) == 0);
    CHECK(check(R"({"action": "x", "version": -Infinity})", f).rfind("-inf is not of type 'integer'\n\n", 0) == 0);
  }
  CHECK(check(R"({"action": ""})", js412) ==
        "'' is too short\n\nFailed validating 'minLength' in schema['properties']['action']:\n"
        "    {'minLength': 1, 'type': 'string'}\n\nOn instance['action']:\n    ''");
  CHECK(check(R"({"action": ""})", js424) ==
        "'' should be non-empty\n\nFailed validating 'minLength' in schema['properties']['action']:\n"
        "    {'type': 'string', 'minLength': 1}\n\nOn instance['action']:\n    ''");
}

TEST_CASE("request schema: which member error wins", "[schema]") {
  const char* all_bad = R"({"params": 1, "version": "v", "action": 2})";
  CHECK(check(all_bad, js412).rfind("2 is not of type 'string'\n\n", 0) == 0);
  CHECK(check(all_bad, js424).rfind("'v' is not of type 'integer'\n\n", 0) == 0);
  const char* params_action = R"({"action": "", "params": null})";
  CHECK(check(params_action, js412).rfind("'' is too short\n\n", 0) == 0);
  CHECK(check(params_action, js424).rfind("None is not of type 'object'\n\n", 0) == 0);
}

TEST_CASE("request schema: wrapping of a long instance (spec §1.5)", "[schema]") {
  const char* body =
      R"({"version": 6, "params": {"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "caf\u00e9", "Back": "a very long back field value that will certainly overflow the width"}}}})";
  const std::string tail424 =
      "On instance:\n"
      "    {'version': 6,\n"
      "     'params': {'note': {'deckName': 'Default',\n"
      "                         'modelName': 'Basic',\n"
      "                         'fields': {'Front': 'caf\xC3\xA9',\n"
      "                                    'Back': 'a very long back field value '\n"
      "                                            'that will certainly overflow '\n"
      "                                            'the width'}}}}";
  const std::string got424 = check(body, js424);
  CHECK(got424.substr(got424.size() - tail424.size()) == tail424);
  const std::string tail412 =
      "On instance:\n"
      "    {'params': {'note': {'deckName': 'Default',\n"
      "                         'fields': {'Back': 'a very long back field value '\n"
      "                                            'that will certainly overflow '\n"
      "                                            'the width',\n"
      "                                    'Front': 'caf\xC3\xA9'},\n"
      "                         'modelName': 'Basic'}},\n"
      "     'version': 6}";
  const std::string got412 = check(body, js412);
  CHECK(got412.substr(got412.size() - tail412.size()) == tail412);
}
