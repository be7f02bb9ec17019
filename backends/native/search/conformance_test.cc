// search.md §11: every row of the conformance table on fixture F (sets), the order checks of
// §11.4, and the expected errors of §11.3, compared as bytes.
#include <catch2/catch.hpp>

#include <algorithm>

#include "backends/action_error.h"
#include "backends/native/search/conformance_table.h"
#include "backends/native/search/search.h"
#include "backends/native/search/search_error.h"
#include "backends/native/search/test_collection.h"

namespace ankc::native::search {
namespace {

using testing::ConformanceRow;
using testing::TempCollection;
using testing::conformance_rows;
using testing::expected_ids;
using testing::sorted;

Clock fixture_clock() { return Clock{testing::kFixtureNow, 0}; }

const TempCollection& fixture() {
  static TempCollection col = [] {
    TempCollection c = TempCollection::create_empty();
    testing::build_fixture_f(c);
    return c;
  }();
  return col;
}

std::string error_of(const std::string& query, bool notes = true) {
  try {
    if (notes) find_notes(fixture().db(), query, fixture_clock());
    else find_cards(fixture().db(), query, fixture_clock());
  } catch (const ankc::ActionError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("conformance table §11.2: every row on fixture F", "[conformance]") {
  for (const ConformanceRow& row : conformance_rows()) {
    INFO("row " << row.num << ": " << row.query);
    auto notes = find_notes(fixture().db(), row.query, fixture_clock());
    auto cards = find_cards(fixture().db(), row.query, fixture_clock());
    CHECK(sorted(notes) == sorted(expected_ids(row.notes, false)));
    CHECK(sorted(cards) == sorted(expected_ids(row.cards, true)));
    // no duplicates in either list
    auto unique_notes = sorted(notes);
    CHECK(std::adjacent_find(unique_notes.begin(), unique_notes.end()) == unique_notes.end());
  }
}

TEST_CASE("conformance §11.2: whitespace-only queries are the whole collection", "[conformance]") {
  for (const char* q : {"", "   ", "\n", "\t \u3000"}) {
    CHECK(find_cards(fixture().db(), q, fixture_clock()).size() == 11);
    CHECK(find_notes(fixture().db(), q, fixture_clock()).size() == 9);
  }
}

TEST_CASE("order checks §11.4 (no stats rows)", "[conformance][order]") {
  struct Order {
    const char* query;
    bool notes;
    const char* expected;
  };
  const Order orders[] = {
      {"", true, "101,102,103,107,108,104,105,106,109"},
      {"", false, "c1,c2,c3,c4a,c4b,c5a,c5b,c6,c7,c8,c9"},
      {"dog", true, "101,102,106,108"},
      {"dog", false, "c1,c2,c6,c8"},
      {"is:new", false, "c5a,c5b,c9,c1"},
      {"is:due", false, "c6,c2,c8,c4a"},
      {"did:1", false, "c9,c6,c2,c8"},
      {"note:Basic*", true, "101,102,103,107,108,104"},
      {"card:1", true, "105,104,107,108,109,102,103,106,101"},
      {"nid:105,101", true, "101,105"},
      {"nid:105,101", false, "c1,c5a,c5b"},
      {"tag:none", true, "102,109"},
      {"tag:none", false, "c2,c9"},
      {"deck:Lang", false, "c4a,c1,c3,c4b"},
      {"deck:Lang", true, "104,101,103"},
      {"rated:1", false, "c4a,c2,c6"},
  };
  for (const Order& o : orders) {
    INFO(o.query << (o.notes ? " (notes)" : " (cards)"));
    if (o.notes) CHECK(find_notes(fixture().db(), o.query, fixture_clock()) == expected_ids(o.expected, false));
    else CHECK(find_cards(fixture().db(), o.query, fixture_clock()) == expected_ids(o.expected, true));
  }
}

TEST_CASE("expected parse errors §11.3, as bytes", "[conformance][errors]") {
  using K = SearchErrorKind;
  struct E {
    std::vector<const char*> queries;
    std::string text;
  };
  const std::string escape_tail =
      "` is not defined. If you want to search for a literal backslash `\\`, prepend another one: "
      "`\\\\`.\u2069";
  auto esc = [&](const std::string& seq) {
    return "Invalid search: \u2068the escape sequence `\u2068" + seq + "\u2069" + escape_tail;
  };
  auto is_err = [](const std::string& v) { return search_error_text(K::InvalidState, v); };
  auto prop_op = [](const std::string& v) { return search_error_text(K::InvalidPropOperator, v); };
  const E errors[] = {
      {{"dog and", "and dog", "and", "AND"}, search_error_text(K::MisplacedAnd)},
      {{"or", "dog or", "or dog", "dog or or cat", "is:new or"}, search_error_text(K::MisplacedOr)},
      {{"()", "( )", "dog ()", "(foo () bar)"}, search_error_text(K::EmptyGroup)},
      {{")", "dog ) cat", "(dog))", ") is:foo"}, search_error_text(K::UnopenedGroup)},
      {{"(", "(dog", "(dog or (cat)"}, search_error_text(K::UnclosedGroup)},
      {{"\"\"", "dog:\"\"", "a\"\"", "\"\"\""}, search_error_text(K::EmptyQuote)},
      {{"\"dog", "front:\"dog", "a\"b", "\"\\"}, search_error_text(K::UnclosedQuote)},
      {{":", ":dog", ":\"dog\""}, search_error_text(K::MissingKey)},
      {{"\\", "dog\\"}, esc("\\")},
      {{"\\k", "(dog \\k", "dog and \\k"}, esc("\\k")},
      {{"\\%"}, esc("\\%")},
      {{"deck:a\\b"}, esc("\\b")},
      {{"card:x\\y"}, esc("\\y")},
      {{"a\\ b"}, esc("\\ b")},
      {{"a\\ b c"}, esc("\\ b c")},
      {{"\"\\ \""}, esc("\\ ")},
      {{"is:Due"}, is_err("Due")},
      {{"is:flagged"}, is_err("flagged")},
      {{"is:"}, is_err("")},
      {{"\"is:learn \""}, is_err("learn ")},
      {{"is:a`b"}, is_err("a`b")},
      {{"(is:foo", "is:foo )"}, is_err("foo")},
      {{"flag:8", "flag:-1", "flag:", "flag:x", "flag:1.1", "\"flag: \""}, search_error_text(K::InvalidFlag)},
      {{"prop:"}, search_error_text(K::InvalidPropProperty, "")},
      {{"prop:IVL>3"}, search_error_text(K::InvalidPropProperty, "IVL>3")},
      {{"prop:foo>1"}, search_error_text(K::InvalidPropProperty, "foo>1")},
      {{"prop:cdn=5"}, search_error_text(K::InvalidPropProperty, "cdn=5")},
      {{"prop:cdn:=5"}, search_error_text(K::InvalidPropProperty, "cdn:=5")},
      {{"prop:ivl"}, prop_op("ivl")},
      {{"prop:pos~1"}, prop_op("pos")},
      {{"prop:reps10"}, prop_op("reps")},
      {{"prop:stability>1"}, prop_op("s")},
      {{"prop:ivl=>3"}, search_error_text(K::InvalidPositiveWholeNumber, "ivl=>3", ">3")},
      {{"prop:ivl>x"}, search_error_text(K::InvalidPositiveWholeNumber, "ivl>x", "x")},
      {{"prop:ivl>-1"}, search_error_text(K::InvalidPositiveWholeNumber, "ivl>-1", "-1")},
      {{"prop:ivl=0.5"}, search_error_text(K::InvalidPositiveWholeNumber, "ivl=0.5", "0.5")},
      {{"prop:due>1.5"}, search_error_text(K::InvalidWholeNumber, "due>1.5", "1.5")},
      {{"prop:due>"}, search_error_text(K::InvalidWholeNumber, "due>", "")},
      {{"prop:ease>1,5"}, search_error_text(K::InvalidNumber, "ease>1,5", "1,5")},
      {{"prop:ease!=one"}, search_error_text(K::InvalidNumber, "ease!=one", "one")},
      {{"prop:rated=1"}, search_error_text(K::InvalidNegativeWholeNumber, "rated=1", "1")},
      {{"prop:rated=-1:5"}, search_error_text(K::InvalidAnswerButton, "rated=-1:5", "5")},
      {{"prop:resched>1"}, search_error_text(K::InvalidNegativeWholeNumber, "resched>1", "1")},
      {{"added:x"}, search_error_text(K::InvalidPositiveWholeNumber, "added:", "x")},
      {{"added:-1"}, search_error_text(K::InvalidPositiveWholeNumber, "added:", "-1")},
      {{"added:1.1"}, search_error_text(K::InvalidPositiveWholeNumber, "added:", "1.1")},
      {{"edited:"}, search_error_text(K::InvalidPositiveWholeNumber, "edited:", "")},
      {{"introduced:1.5"}, search_error_text(K::InvalidPositiveWholeNumber, "introduced:", "1.5")},
      {{"rated:-1"}, search_error_text(K::InvalidPositiveWholeNumber, "rated:", "-1")},
      {{"resched:x"}, search_error_text(K::InvalidPositiveWholeNumber, "resched:", "x")},
      {{"rated:1:5"}, search_error_text(K::InvalidAnswerButton, "1:5", "5")},
      {{"rated:1:"}, search_error_text(K::InvalidAnswerButton, "1:", "")},
      {{"rated:2:-1"}, search_error_text(K::InvalidAnswerButton, "2:-1", "-1")},
      {{"mid:abc"}, search_error_text(K::InvalidWholeNumber, "mid:", "abc")},
      {{"mid:1.5"}, search_error_text(K::InvalidWholeNumber, "mid:", "1.5")},
      {{"dupe:"}, search_error_text(K::InvalidWholeNumber, "", "")},
      {{"dupe:x,dog"}, search_error_text(K::InvalidWholeNumber, "x,dog", "x")},
      {{"dupe:1001"}, "Invalid search: \u2068invalid 'dupe:' search\u2069"},
      {{"nid:1,x", "nid:,2", "nid:1,2,", "nid:1,,2", "nid:1_2"},
       "Invalid search: \u2068expected only digits and commas in nid:\u2069"},
      {{"NID:x"}, "Invalid search: \u2068expected only digits and commas in NID:\u2069"},
      {{"cid:"}, "Invalid search: \u2068expected only digits and commas in cid:\u2069"},
      {{"did:1,"}, "Invalid search: \u2068expected only digits and commas in did:\u2069"},
  };
  for (const E& e : errors)
    for (const char* q : e.queries) {
      INFO("query: " << q);
      CHECK(error_of(q) == e.text);
      CHECK(error_of(q, false) == e.text);
    }
}

TEST_CASE("error texts with isolation marks §8.2, literal bytes", "[conformance][errors]") {
  CHECK(error_of("and") ==
        "Invalid search: \xE2\x81\xA8" "an `and` was found but it is not connecting two search "
        "terms. If you want to search for the word itself, wrap it in double quotes: "
        "`\"and\"`.\xE2\x81\xA9");
  CHECK(error_of("is:foo") ==
        "Invalid search: \xE2\x81\xA8`\xE2\x81\xA8is:\xE2\x81\xA9` was given an invalid argument "
        "'`\xE2\x81\xA8" "foo\xE2\x81\xA9`'.\xE2\x81\xA9");
  CHECK(error_of("added:x") ==
        "Invalid search: \xE2\x81\xA8" "expected a positive whole number in \"`\xE2\x81\xA8"
        "added:\xE2\x81\xA9`\", but found \"`\xE2\x81\xA8x\xE2\x81\xA9`\".\xE2\x81\xA9");
  CHECK(error_of("is:a`b") ==
        "Invalid search: \u2068`\u2068is:\u2069` was given an invalid argument '`\u2068a'b\u2069`'.\u2069");
}

TEST_CASE("runtime errors §11.3 / §8.3", "[conformance][errors]") {
  CHECK(error_of("\"re:a(\"") ==
        "<pre>regex parse error:\n    (?i)a(\n         ^\nerror: unclosed group</pre>");
  CHECK(error_of("tag:re:[") ==
        "<pre>regex parse error:\n    (?i)[\n        ^\nerror: unclosed character class</pre>");
  CHECK(error_of("re:a(") == search_error_text(SearchErrorKind::UnclosedGroup));
  CHECK(error_of("dog -and cat").find("near \\\\\\\"and\\\\\\\": syntax error") != std::string::npos);
  CHECK(error_of("dog -or cat").find("syntax error") != std::string::npos);
  CHECK(error_of("prop:s>inf").find("no such column: inf") != std::string::npos);
  // a regex that is never called raises nothing
  CHECK(find_notes(fixture().db(), "nid:1 \"re:(\"", fixture_clock()).empty());
}

}  // namespace ankc::native::search
