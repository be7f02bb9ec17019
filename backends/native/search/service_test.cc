// findNotes / findCards through the service table on a real Session (storage Db with its exclusive
// lock, lazily registered search functions, the session's clock): null/omitted/"" queries, every
// row of the §11.2 table (sets), the §11.4 orders and error texts, all as response bytes.
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include <boost/json/parse.hpp>

#include "backends/native/search/conformance_table.h"
#include "backends/native/search/service.h"
#include "backends/native/search/service_fixture.h"
#include "backends/native/search/session_search.h"
#include "backends/native/search/search_error.h"
#include "backends/native/search/test_collection.h"

namespace ankc::native::search {
namespace {

namespace json = boost::json;
using testing::FixtureSession;

using testing::ConformanceRow;
using testing::conformance_rows;
using testing::dumps_ids;
using testing::expected_ids;
using testing::sorted;

// The ids of a "[1, 2]" response, sorted.
std::vector<int64_t> sorted_ids(const std::string& response) {
  std::vector<int64_t> out;
  json::value parsed = json::parse(response);
  for (const json::value& v : parsed.as_array()) out.push_back(v.as_int64());
  std::sort(out.begin(), out.end());
  return out;
}

std::string find(FixtureSession& f, std::string_view action, json::value query) {
  return f.call(search_actions(), action, json::object{{"query", std::move(query)}});
}

}  // namespace

TEST_CASE("search service: null query answers [] without opening the collection (Q28)", "[service]") {
  FixtureSession f;
  CHECK(find(f, "findNotes", nullptr) == "[]");
  CHECK(find(f, "findCards", nullptr) == "[]");
  CHECK_FALSE(f.session().is_open());
}

TEST_CASE("search service: \"\" and whitespace answer everything, in SQLite order", "[service]") {
  FixtureSession f;
  CHECK(find(f, "findNotes", "") == "[101, 102, 103, 107, 108, 104, 105, 106, 109]");
  CHECK(find(f, "findCards", "") ==
        dumps_ids(expected_ids("c1,c2,c3,c4a,c4b,c5a,c5b,c6,c7,c8,c9", true)));
  CHECK(find(f, "findNotes", " \t") == find(f, "findNotes", ""));
}

TEST_CASE("search service: every §11.2 row through the service table", "[service][conformance]") {
  FixtureSession f;
  for (const ConformanceRow& row : conformance_rows()) {
    INFO("row " << row.num << ": " << row.query);
    std::string notes = find(f, "findNotes", row.query);
    std::string cards = find(f, "findCards", row.query);
    REQUIRE(notes.rfind("error", 0) != 0);
    REQUIRE(cards.rfind("error", 0) != 0);
    CHECK(sorted_ids(notes) == sorted(expected_ids(row.notes, false)));
    CHECK(sorted_ids(cards) == sorted(expected_ids(row.cards, true)));
  }
}

TEST_CASE("search service: §11.4 orders as bytes", "[service][order]") {
  FixtureSession f;
  struct Order {
    const char* query;
    const char* action;
    const char* expected;
  };
  const Order orders[] = {
      {"dog", "findNotes", "101,102,106,108"},   {"dog", "findCards", "c1,c2,c6,c8"},
      {"is:new", "findCards", "c5a,c5b,c9,c1"}, {"is:due", "findCards", "c6,c2,c8,c4a"},
      {"did:1", "findCards", "c9,c6,c2,c8"},     {"note:Basic*", "findNotes", "101,102,103,107,108,104"},
      {"card:1", "findNotes", "105,104,107,108,109,102,103,106,101"},
      {"nid:105,101", "findNotes", "101,105"},   {"nid:105,101", "findCards", "c1,c5a,c5b"},
      {"tag:none", "findNotes", "102,109"},      {"deck:Lang", "findCards", "c4a,c1,c3,c4b"},
      {"deck:Lang", "findNotes", "104,101,103"}, {"rated:1", "findCards", "c4a,c2,c6"},
  };
  for (const Order& o : orders) {
    INFO(o.action << " " << o.query);
    bool cards = std::string_view(o.action) == "findCards";
    CHECK(find(f, o.action, o.query) == dumps_ids(expected_ids(o.expected, cards)));
  }
}

TEST_CASE("search service: errors as bytes", "[service][errors]") {
  FixtureSession f;
  CHECK(find(f, "findNotes", "dog and") == "error: " + search_error_text(SearchErrorKind::MisplacedAnd));
  CHECK(find(f, "findCards", "\"dog") ==
        "error: Invalid search: \xE2\x81\xA8" "an opening double quote `\"` was found, but there was no "
        "second one to close it. If you want to search for a literal `\"`, prepend a backslash: "
        "`\\\"`.\xE2\x81\xA9");
  CHECK(find(f, "findNotes", "\"re:a(\"") ==
        "error: <pre>regex parse error:\n    (?i)a(\n         ^\nerror: unclosed group</pre>");
  CHECK(find(f, "findNotes", 5) == "error: bad argument type for built-in operation");
  CHECK(find(f, "findCards", json::array{}) == "error: bad argument type for built-in operation");
}

TEST_CASE("search service: functions are registered again on a reopened collection", "[service]") {
  FixtureSession f;
  CHECK(find(f, "findNotes", "re:^dog") == "[101, 102]");
  f.session().close();
  CHECK(find(f, "findNotes", "re:^dog") == "[101, 102]");
  CHECK(find(f, "findCards", "\"prop:cds:v=x\"") == dumps_ids(expected_ids("c2", true)));
}

TEST_CASE("search service: notes_matching / cards_matching for other concepts", "[service]") {
  FixtureSession f;
  CHECK(notes_matching(f.session(), "tag:none") == std::vector<NoteId>{{102}, {109}});
  CHECK(cards_matching(f.session(), "nid:109") == std::vector<CardId>{{1697342400009}});
}

TEST_CASE("search service: the session clock's time zone moves the day cutoff", "[service][timezone]") {
  FixtureSession f;
  // 18:00 UTC: the day began at 04:00 UTC, after three rated cards were reviewed.
  CHECK(find(f, "findCards", "rated:1") == dumps_ids(expected_ids("c4a,c2,c6", true)));
  // Honolulu (UTC-10, 600 minutes west): 08:00 local, the day began at 14:00 UTC; nothing was rated since.
  FixedClock honolulu(f.clock().now(), 600);
  f.use_clock(honolulu);
  CHECK(find(f, "findCards", "rated:1") == "[]");
  CHECK(find(f, "findCards", "rated:2") == dumps_ids(expected_ids("c4a,c2,c6", true)));
}

}  // namespace ankc::native::search

namespace ankc::native::search {

TEST_CASE("search service: real collections through a Session", "[service][fixtures]") {
  namespace fs = std::filesystem;
  for (const char* name : {"apy__test_base.anki2", "yanki-connect__yanki-tests.anki2", "headless-anki__User_1.anki2"}) {
    INFO(name);
    fs::path dir = fs::temp_directory_path() / ("ankc-searchsvc-real-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy_file(fs::path(testing::shared_dir()) / "fixtures/real" / name, dir / "collection.anki2");
    FixedClock clock(TimestampMillis{1774900000000}, 0);
    SeededRandom random(1);
    {
      Session session(dir / "collection.anki2", dir / "collection.media", clock, random);
      sqlite3* db = session.db().handle();
      std::vector<int64_t> all_notes, all_cards;
      for (NoteId id : notes_matching(session, "")) all_notes.push_back(id.v);
      for (CardId id : cards_matching(session, "")) all_cards.push_back(id.v);
      sqlite3_stmt* st = nullptr;
      sqlite3_prepare_v2(db, "select (select count(*) from notes), (select count(*) from cards)", -1, &st, nullptr);
      sqlite3_step(st);
      CHECK(int64_t(all_notes.size()) == sqlite3_column_int64(st, 0));
      CHECK(int64_t(all_cards.size()) == sqlite3_column_int64(st, 1));
      sqlite3_finalize(st);
      if (std::string_view(name) == "apy__test_base.anki2") CHECK(all_notes.size() > 0);
      // a regex search needs the lazily registered functions
      auto tagged = notes_matching(session, "tag:re:.");
      auto untagged = notes_matching(session, "tag:none");
      CHECK(tagged.size() + untagged.size() == all_notes.size());
    }
    fs::remove_all(dir);
  }
}

}  // namespace ankc::native::search
