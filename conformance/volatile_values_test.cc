#include "conformance/volatile_values.h"

#include <catch2/catch.hpp>

using namespace ankc::conformance;

TEST_CASE("a recorded id is substituted in every later request") {
  Substitutions subs;
  // addNote answered 1712345678901 when recorded; this run answered 1764000000123.
  std::string expected = "{\"result\": 1712345678901, \"error\": null}";
  std::string actual = "{\"result\": 1764000000123, \"error\": null}";
  CHECK(subs.reconcile(expected, actual) == actual);

  CHECK(subs.apply("{\"action\": \"notesInfo\", \"params\": {\"notes\": [1712345678901]}}") ==
        "{\"action\": \"notesInfo\", \"params\": {\"notes\": [1764000000123]}}");
  CHECK(subs.apply("{\"action\": \"findCards\", \"params\": {\"query\": \"nid:1712345678901\"}}") ==
        "{\"action\": \"findCards\", \"params\": {\"query\": \"nid:1764000000123\"}}");
  CHECK(subs.apply("{\"action\": \"deleteNotes\", \"params\": {\"notes\": [1712345678901, 17123456789012]}}") ==
        "{\"action\": \"deleteNotes\", \"params\": {\"notes\": [1764000000123, 17123456789012]}}");
  // ... and in later expected replies (an error text quoting it).
  CHECK(subs.apply("{\"result\": null, \"error\": \"Note was not found: 1712345678901\"}") ==
        "{\"result\": null, \"error\": \"Note was not found: 1764000000123\"}");
}

TEST_CASE("a non-volatile difference is still reported") {
  Substitutions subs;
  std::string expected = "[{\"noteId\": 1712345678901, \"tags\": [\"a\"], \"mod\": 1712345678, \"usn\": -1}]";
  std::string actual = "[{\"noteId\": 1764000000123, \"tags\": [\"b\"], \"mod\": 1764000000, \"usn\": 5}]";
  std::string reconciled = subs.reconcile(expected, actual);
  CHECK(reconciled != actual);
  CHECK(reconciled == "[{\"noteId\": 1764000000123, \"tags\": [\"a\"], \"mod\": 1764000000, \"usn\": 5}]");
  // mod and usn are tolerated in place, never learned as substitutions.
  CHECK(subs.mapping().size() == 1);
  CHECK(subs.apply("1712345678") == "1712345678");
}

TEST_CASE("short integers and strings outside the rules are not volatile") {
  Substitutions subs;
  CHECK(subs.reconcile("[1, 2, 3]", "[1, 2, 4]") == "[1, 2, 3]");
  CHECK(subs.reconcile("{\"name\": \"a\"}", "{\"name\": \"b\"}") == "{\"name\": \"a\"}");
  CHECK(subs.mapping().empty());
}

TEST_CASE("volatile object keys and guids are learned") {
  Substitutions subs;
  std::string expected = "{\"1712345678901\": {\"deck_id\": 1712345678901, \"guid\": \"Ab(1x\"}}";
  std::string actual = "{\"1764000000123\": {\"deck_id\": 1764000000123, \"guid\": \"zz9\"}}";
  CHECK(subs.reconcile(expected, actual) == actual);
  CHECK(subs.apply("{\"guid\": \"Ab(1x\"}") == "{\"guid\": \"zz9\"}");
}

TEST_CASE("substitutions apply once: chains do not cascade") {
  Substitutions subs;
  subs.add("1000000000001", "1000000000002");
  subs.add("1000000000002", "1000000000003");
  CHECK(subs.apply("[1000000000001, 1000000000002]") == "[1000000000002, 1000000000003]");
  CHECK(subs.apply("[-1000000000001]") == "[-1000000000002]");
}

TEST_CASE("an id that contradicts an earlier mapping stays a difference") {
  Substitutions subs;
  subs.add("1712345678901", "1764000000123");
  std::string expected = "[1712345678901]";
  std::string actual = "[1764000000999]";
  CHECK(subs.reconcile(expected, actual) == "[1764000000123]");
}
