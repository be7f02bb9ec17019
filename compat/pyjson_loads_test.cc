// pyjson::loads against python3's json.loads outcomes (value bytes or exact error text), both flavours.
#include <catch2/catch.hpp>

#include "compat/pyjson.h"
#include "compat/testdata/fixture.h"

using namespace ankc;

namespace {

std::string outcome(std::string_view body, PyFlavour flavour) {
  const auto r = pyjson::loads(body, flavour);
  return r.ok ? "ok:" + pyjson::dumps(r.value) : "error:" + r.error;
}

}  // namespace

TEST_CASE("loads matches python json.loads values and error texts", "[pyjson][loads]") {
  const auto rows = testdata::read_jsonl("loads_cases.jsonl");
  REQUIRE(rows.size() >= 60);
  for (const auto& row : rows) {
    const std::string input = testdata::unhex(row.at("in").as_string());
    INFO("input hex: " << row.at("in").as_string());
    CHECK(outcome(input, PyFlavour::py39) == std::string(row.at("py39").as_string()));
    CHECK(outcome(input, PyFlavour::py313) == std::string(row.at("py313").as_string()));
  }
}

TEST_CASE("loads: spec §1.5 table", "[pyjson][loads]") {
  CHECK(outcome("{\"a\":1,}", PyFlavour::py313) ==
        "error:Illegal trailing comma before end of object: line 1 column 7 (char 6)");
  CHECK(outcome("[1,]", PyFlavour::py313) ==
        "error:Illegal trailing comma before end of array: line 1 column 3 (char 2)");
  CHECK(outcome("{\"a\":1,}", PyFlavour::py39) ==
        "error:Expecting property name enclosed in double quotes: line 1 column 8 (char 7)");
  CHECK(outcome("[1,]", PyFlavour::py39) == "error:Expecting value: line 1 column 4 (char 3)");
  CHECK(outcome("{\"action\":\"a\"} x", PyFlavour::py313) == "error:Extra data: line 1 column 16 (char 15)");
  CHECK(outcome("\xEF\xBB\xBF{}", PyFlavour::py313) ==
        "error:Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)");
}

TEST_CASE("loads keeps the first position of a repeated key and the last value", "[pyjson][loads]") {
  const auto r = pyjson::loads(R"({"b": 1, "a": 2, "b": 3})", PyFlavour::py313);
  REQUIRE(r.ok);
  CHECK(pyjson::dumps(r.value) == R"({"b": 3, "a": 2})");
}

TEST_CASE("loads holds lone surrogates as generalised UTF-8", "[pyjson][loads]") {
  const auto r = pyjson::loads(R"(["\ud800", "\udc00\ud800", "\ud83d\ude00"])", PyFlavour::py313);
  REQUIRE(r.ok);
  const auto& a = r.value.as_array();
  CHECK(std::string(a[0].as_string()) == "\xED\xA0\x80");
  CHECK(std::string(a[1].as_string()) == "\xED\xB0\x80\xED\xA0\x80");
  CHECK(std::string(a[2].as_string()) == "\xF0\x9F\x98\x80");
}

TEST_CASE("loads reports Python's RecursionError text for absurd nesting", "[pyjson][loads]") {
  const auto r = pyjson::loads(std::string(5000, '['), PyFlavour::py313);
  REQUIRE_FALSE(r.ok);
  CHECK(r.error == "maximum recursion depth exceeded while decoding a JSON array from a unicode string");
}

TEST_CASE("loads turns integers beyond 64 bits into doubles (documented deviation)", "[pyjson][loads]") {
  const auto r = pyjson::loads("[18446744073709551616, -9223372036854775809]", PyFlavour::py313);
  REQUIRE(r.ok);
  CHECK(pyjson::dumps(r.value) == "[1.8446744073709552e+19, -9.223372036854776e+18]");
}
