#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>

#include "backends/native/decks/schema11.h"
#include "compat/pyjson.h"

using namespace ankc::native;

namespace {

// Python's json.dumps of a compact Anki example (separators re-spaced the way dumps writes them).
std::string dumps(const boost::json::object& o) { return ankc::pyjson::dumps(o); }

}  // namespace

TEST_CASE("the Default deck of a new collection matches Anki's legacy dict") {
  Deck d = new_normal_deck("Default");
  d.id = DeckId{1};
  CHECK(dumps(deck_to_schema11(d)) ==
        R"({"id": 1, "mod": 0, "name": "Default", "usn": 0, "lrnToday": [0, 0], "revToday": [0, 0], )"
        R"("newToday": [0, 0], "timeToday": [0, 0], "collapsed": true, "browserCollapsed": true, "desc": "", )"
        R"("dyn": 0, "conf": 1, "extendNew": 0, "extendRev": 0, "reviewLimit": null, "newLimit": null, )"
        R"("reviewLimitToday": null, "newLimitToday": null, "desiredRetention": null})");
}

TEST_CASE("normal deck options: md only when true, limits, retention percent, extras before conf") {
  Deck d = new_normal_deck("A\x1f" "B");
  d.id = DeckId{5};
  d.common.other = R"({"name":"x","extra":[1,2]})";
  NormalDeck& n = *d.normal();
  n.markdown_description = true;
  n.review_limit = 9;
  n.new_limit_today = DayLimit{3, 100};
  n.desired_retention = 0.9f;
  CHECK(dumps(deck_to_schema11(d)) ==
        R"({"id": 5, "mod": 0, "name": "A::B", "usn": 0, "lrnToday": [0, 0], "revToday": [0, 0], )"
        R"("newToday": [0, 0], "timeToday": [0, 0], "collapsed": true, "browserCollapsed": true, "desc": "", )"
        R"("md": true, "dyn": 0, "extra": [1, 2], "conf": 1, "extendNew": 0, "extendRev": 0, "reviewLimit": 9, )"
        R"("newLimit": null, "reviewLimitToday": null, "newLimitToday": {"limit": 3, "today": 100}, )"
        R"("desiredRetention": 90})");
}

TEST_CASE("filtered deck dict") {
  Deck d = new_normal_deck("F");
  d.id = DeckId{7};
  FilteredDeck f;
  f.search_terms = {{"deck:A", 100, 1}, {"", 20, 6}};
  d.kind = f;
  CHECK(dumps(deck_to_schema11(d)) ==
        R"({"id": 7, "mod": 0, "name": "F", "usn": 0, "lrnToday": [0, 0], "revToday": [0, 0], )"
        R"("newToday": [0, 0], "timeToday": [0, 0], "collapsed": true, "browserCollapsed": true, "desc": "", )"
        R"("dyn": 1, "resched": true, "terms": [["deck:A", 100, 1], ["", 20, 6]], "separate": true, )"
        R"("delays": null, "previewDelay": 0, "previewAgainSecs": 60, "previewHardSecs": 600, "previewGoodSecs": 0})");
}
