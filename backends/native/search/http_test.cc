// search.md §11 through the real ankiconnectd over HTTP: fixture F is written as the collection of
// the daemon's data folder, and findNotes / findCards answers are compared as response bytes.
//
// The daemon runs on the system clock and the host's time zone, so rows whose answer depends on
// "now" (is:due, prop:due, prop:r, added/edited/rated/resched/introduced) are compared with the
// search library run in-process on the same file at the same time; every other row is also compared
// with the spec's table, and the §11.4 orders and §11.3 errors with the spec's bytes.
#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <set>

#include <boost/json.hpp>

#include "backends/native/search/conformance_table.h"
#include "backends/native/search/search.h"
#include "backends/native/search/search_error.h"
#include "backends/native/search/test_collection.h"
#include "compat/pyjson.h"
#include "tests/harness.h"

namespace ankc::native::search {
namespace {

namespace json = boost::json;
using ankc::test::Daemon;
using ankc::test::ok_response;

using testing::ConformanceRow;
using testing::conformance_rows;
using testing::dumps_ids;
using testing::expected_ids;
using testing::sorted;

// Rows of §11.2 whose answer depends on the clock (fixture F's "now" is 2023-11-14 18:00 UTC).
bool depends_on_now(std::string_view num) {
  static const std::set<std::string_view> kRowsOnNow = {
      "142", "153", "154", "155", "156", "166", "167", "168", "174", "175", "176", "177", "178", "179",
      "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "190", "191", "192"};
  return kRowsOnNow.count(num) > 0;
}

std::string result_body(const std::vector<int64_t>& ids) { return "{\"result\": " + dumps_ids(ids) + ", \"error\": null}"; }
std::string error_body(const std::string& text) {
  return "{\"result\": null, \"error\": " + pyjson::dumps(json::value(text)) + "}";
}

std::string request(std::string_view action, std::string_view query) {
  return "{\"action\": \"" + std::string(action) + "\", \"version\": 6, \"params\": {\"query\": " +
         pyjson::dumps(json::value(query)) + "}}";
}

// What the daemon should answer, computed in-process on fixture F with the system clock and the host's
// time zone (as the daemon's SystemClock), before the daemon takes the file.
struct Expected {
  std::string notes, cards;  // response bodies
};

struct Setup {
  std::map<std::string, Expected> by_query;
  std::unique_ptr<Daemon> daemon;
};

Expected expect(sqlite3* db, const std::string& query) {
  Expected e;
  try {
    e.notes = result_body(find_notes(db, query));
  } catch (const std::exception& ex) {
    e.notes = error_body(ex.what());
  }
  try {
    e.cards = result_body(find_cards(db, query));
  } catch (const std::exception& ex) {
    e.cards = error_body(ex.what());
  }
  return e;
}

Setup& setup() {
  static Setup s = [] {
    Setup out;
    testing::TempCollection col = testing::TempCollection::create_empty();
    testing::build_fixture_f(col);
    for (const ConformanceRow& row : conformance_rows()) out.by_query[row.query] = expect(col.db(), row.query);
    out.daemon = std::make_unique<Daemon>(Daemon::Options{});
    std::filesystem::create_directories(out.daemon->data_dir());
    std::filesystem::copy_file(col.path(), out.daemon->data_dir() / "collection.anki2");
    return out;
  }();
  return s;
}

std::string post(std::string_view body) { return setup().daemon->post(body).raw; }

std::vector<int64_t> sorted_result(const std::string& raw) {
  std::string body = raw.substr(raw.find("\r\n\r\n") + 4);
  std::vector<int64_t> out;
  json::value parsed = json::parse(body);
  for (const json::value& v : parsed.at("result").as_array()) out.push_back(v.as_int64());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("http search: null, omitted and empty queries (Q28)", "[http]") {
  CHECK(post(R"({"action": "findNotes", "version": 6, "params": {"query": null}})") ==
        ok_response(R"({"result": [], "error": null})"));
  CHECK(post(R"({"action": "findCards", "version": 6})") == ok_response(R"({"result": [], "error": null})"));
  CHECK(post(R"({"action": "findCards"})") == ok_response("[]"));
  CHECK(post(request("findNotes", "")) ==
        ok_response(result_body(expected_ids("101,102,103,107,108,104,105,106,109", false))));
  CHECK(post(request("findCards", "")) ==
        ok_response(result_body(expected_ids("c1,c2,c3,c4a,c4b,c5a,c5b,c6,c7,c8,c9", true))));
  CHECK(post(R"({"action": "findNotes", "params": {"query": "nid:101"}})") == ok_response("[101]"));
}

TEST_CASE("http search: every §11.2 row, ids and order as bytes", "[http][conformance]") {
  for (const ConformanceRow& row : conformance_rows()) {
    INFO("row " << row.num << ": " << row.query);
    const Expected& e = setup().by_query.at(row.query);
    std::string notes = post(request("findNotes", row.query));
    std::string cards = post(request("findCards", row.query));
    CHECK(notes == ok_response(e.notes));
    CHECK(cards == ok_response(e.cards));
    if (depends_on_now(row.num)) continue;
    CHECK(sorted_result(notes) == sorted(expected_ids(row.notes, false)));
    CHECK(sorted_result(cards) == sorted(expected_ids(row.cards, true)));
  }
}

TEST_CASE("http search: §11.4 orders as bytes", "[http][order]") {
  struct Order {
    const char* query;
    const char* action;
    const char* expected;
  };
  const Order orders[] = {
      {"dog", "findNotes", "101,102,106,108"},   {"dog", "findCards", "c1,c2,c6,c8"},
      {"is:new", "findCards", "c5a,c5b,c9,c1"}, {"did:1", "findCards", "c9,c6,c2,c8"},
      {"note:Basic*", "findNotes", "101,102,103,107,108,104"},
      {"card:1", "findNotes", "105,104,107,108,109,102,103,106,101"},
      {"nid:105,101", "findNotes", "101,105"},   {"nid:105,101", "findCards", "c1,c5a,c5b"},
      {"tag:none", "findNotes", "102,109"},      {"tag:none", "findCards", "c2,c9"},
      {"deck:Lang", "findCards", "c4a,c1,c3,c4b"}, {"deck:Lang", "findNotes", "104,101,103"},
  };
  for (const Order& o : orders) {
    INFO(o.action << " " << o.query);
    bool cards = std::string_view(o.action) == "findCards";
    CHECK(post(request(o.action, o.query)) == ok_response(result_body(expected_ids(o.expected, cards))));
  }
}

TEST_CASE("http search: §11.3 errors as bytes", "[http][errors]") {
  using K = SearchErrorKind;
  const std::pair<const char*, std::string> errors[] = {
      {"dog and", search_error_text(K::MisplacedAnd)},
      {"or dog", search_error_text(K::MisplacedOr)},
      {"dog ()", search_error_text(K::EmptyGroup)},
      {"(dog))", search_error_text(K::UnopenedGroup)},
      {"(dog", search_error_text(K::UnclosedGroup)},
      {"\"\"", search_error_text(K::EmptyQuote)},
      {"front:\"dog", search_error_text(K::UnclosedQuote)},
      {":dog", search_error_text(K::MissingKey)},
      {"is:flagged", search_error_text(K::InvalidState, "flagged")},
      {"flag:8", search_error_text(K::InvalidFlag)},
      {"prop:foo>1", search_error_text(K::InvalidPropProperty, "foo>1")},
      {"prop:ivl", search_error_text(K::InvalidPropOperator, "ivl")},
      {"added:x", search_error_text(K::InvalidPositiveWholeNumber, "added:", "x")},
      {"rated:1:5", search_error_text(K::InvalidAnswerButton, "1:5", "5")},
      {"nid:1,x", "Invalid search: \u2068expected only digits and commas in nid:\u2069"},
      {"\\k", "Invalid search: \u2068the escape sequence `\u2068\\k\u2069` is not defined. If you want to "
              "search for a literal backslash `\\`, prepend another one: `\\\\`.\u2069"},
      {"\"re:a(\"", "<pre>regex parse error:\n    (?i)a(\n         ^\nerror: unclosed group</pre>"},
  };
  for (const auto& [query, text] : errors) {
    INFO(query);
    CHECK(post(request("findNotes", query)) == ok_response(error_body(text)));
    CHECK(post(request("findCards", query)) == ok_response(error_body(text)));
  }
  // the exact wire bytes of spec ankiconnect-api.md §4.2's example
  CHECK(post(request("findNotes", "\"dog")) ==
        ok_response("{\"result\": null, \"error\": \"Invalid search: \\u2068an opening double quote `\\\"` "
                    "was found, but there was no second one to close it. If you want to search for a "
                    "literal `\\\"`, prepend a backslash: `\\\\\\\"`.\\u2069\"}"));
  // version 4: errors keep the envelope
  CHECK(post(R"({"action": "findCards", "params": {"query": "and"}})") ==
        ok_response(error_body(search_error_text(K::MisplacedAnd))));
}

}  // namespace ankc::native::search
