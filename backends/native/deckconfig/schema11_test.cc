#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "backends/action_error.h"
#include "backends/native/deckconfig/schema11.h"
#include "compat/pyjson.h"

using namespace ankc::native;

namespace {

// The getDeckConfig example result of ankiconnect-actions.json (mod 1759302000).
const char* const kDefaultPreset =
    R"({"id": 1, "mod": 1759302000, "name": "Default", "usn": 0, "maxTaken": 60, "autoplay": true, "timer": 0, )"
    R"("replayq": true, "new": {"bury": false, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0], )"
    R"("order": 1, "perDay": 20}, "rev": {"bury": false, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200, )"
    R"("hardFactor": 1.2}, "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0}, )"
    R"("dyn": false, "newMix": 0, "newPerDayMinimum": 0, "interdayLearningMix": 0, "reviewOrder": 0, )"
    R"("newSortOrder": 0, "newGatherPriority": 0, "buryInterdayLearning": false, "fsrsWeights": [], )"
    R"("fsrsParams5": [], "fsrsParams6": [], "desiredRetention": 0.9, "ignoreRevlogsBeforeDate": "", )"
    R"("easyDaysPercentages": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], "stopTimerOnAnswer": false, )"
    R"("secondsToShowQuestion": 0.0, "secondsToShowAnswer": 0.0, "questionAction": 0, "answerAction": 0, )"
    R"("waitForAudio": true, "sm2Retention": 0.9, "weightSearch": ""})";

}  // namespace

TEST_CASE("the stock Default preset matches the getDeckConfig example byte for byte") {
  DeckConfig dc = default_deck_config("Default");
  dc.id = DeckConfigId{1};
  dc.mtime = TimestampSecs{1759302000};
  CHECK(ankc::pyjson::dumps(deck_config_to_schema11(dc)) == kDefaultPreset);
}

TEST_CASE("reading the example back gives the same preset; unknown keys survive") {
  auto v = boost::json::parse(kDefaultPreset).as_object();
  v["id"] = "1";  // saveDeckConfig stringifies the id
  v["new"].as_object()["separate"] = true;
  v["custom"] = 5;
  DeckConfig dc = deck_config_from_schema11(v);
  CHECK(dc.id.v == 1);
  CHECK(dc.config.learn_steps == std::vector<float>{1.0f, 10.0f});
  CHECK(dc.config.initial_ease == 2.5f);
  CHECK(dc.config.new_card_insert_order == 0);
  CHECK(dc.config.leech_action == 1);
  std::string out = ankc::pyjson::dumps(deck_config_to_schema11(dc));
  CHECK(out.find(R"("perDay": 20, "separate": true})") != std::string::npos);
  CHECK(out.find(R"("weightSearch": "", "custom": 5})") != std::string::npos);
}

TEST_CASE("legacy order 0 means random; missing required keys are JsonErrors") {
  auto v = boost::json::parse(kDefaultPreset).as_object();
  v["new"].as_object()["order"] = 0;
  CHECK(deck_config_from_schema11(v).config.new_card_insert_order == 1);
  v.erase("maxTaken");
  CHECK_THROWS_AS(deck_config_from_schema11(v), ankc::ActionError);
}
