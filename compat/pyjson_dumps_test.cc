// pyjson::dumps / float_repr / widen_f32 against bytes produced by python3's json module.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>

#include "compat/pyjson.h"
#include "compat/testdata/fixture.h"

using namespace ankc;

TEST_CASE("dumps matches python json.dumps byte for byte", "[pyjson][dumps]") {
  const auto rows = testdata::read_jsonl("dumps_cases.jsonl");
  REQUIRE(rows.size() >= 150);
  for (const auto& row : rows) {
    const std::string input = testdata::unhex(row.at("in").as_string());
    INFO("input: " << input);
    const auto r = pyjson::loads(input, PyFlavour::py313);
    REQUIRE(r.ok);
    CHECK(pyjson::dumps(r.value) == std::string(row.at("out").as_string()));
  }
}

TEST_CASE("dumps writes held lone surrogates and odd values", "[pyjson][dumps]") {
  boost::json::object o;
  o["s"] = "\xED\xA0\x80";                     // lone U+D800 in generalised UTF-8
  o["pair"] = "\xED\xA0\xBD\xED\xB8\x80";      // two lone halves read back as one pair
  o["u"] = static_cast<std::uint64_t>(18446744073709551615ull);
  o["i"] = static_cast<std::int64_t>(INT64_MIN);
  o["d"] = -0.0;
  CHECK(pyjson::dumps(o) ==
        R"({"s": "\ud800", "pair": "\ud83d\ude00", "u": 18446744073709551615, "i": -9223372036854775808, "d": -0.0})");
  CHECK(pyjson::dumps(boost::json::value(std::nan(""))) == "NaN");
  CHECK(pyjson::dumps(boost::json::value(-HUGE_VAL)) == "-Infinity");
  CHECK(pyjson::dumps(boost::json::string("\xC3\xA9\xF0\x9F\x98\x80\x7F" + std::string(1, '\0') + "/")) ==
        R"("\u00e9\ud83d\ude00\u007f\u0000/")");
}

TEST_CASE("float_repr follows Python repr(float)", "[pyjson][dumps]") {
  CHECK(pyjson::float_repr(1e16) == "1e+16");
  CHECK(pyjson::float_repr(1e-05) == "1e-05");
  CHECK(pyjson::float_repr(0.0001) == "0.0001");
  CHECK(pyjson::float_repr(9999999999999998.0) == "9999999999999998.0");
  CHECK(pyjson::float_repr(1.5e300) == "1.5e+300");
  CHECK(pyjson::float_repr(100.0) == "100.0");
  CHECK(pyjson::float_repr(-0.0) == "-0.0");
  CHECK(pyjson::float_repr(5e-324) == "5e-324");
  CHECK(pyjson::float_repr(std::nan("")) == "nan");
  CHECK(pyjson::float_repr(HUGE_VAL) == "inf");
  CHECK(pyjson::float_repr(-HUGE_VAL) == "-inf");
}

TEST_CASE("widen_f32 reads serde's shortest f32 digits as a Python float", "[pyjson][dumps]") {
  const auto rows = testdata::read_jsonl("f32_cases.jsonl");
  REQUIRE(rows.size() >= 50);
  for (const auto& row : rows) {
    const auto bits = static_cast<std::uint32_t>(row.at("bits").to_number<std::uint64_t>());
    float f;
    std::memcpy(&f, &bits, sizeof f);
    INFO("f32 bits " << bits << " shortest " << row.at("shortest").as_string());
    CHECK(pyjson::dumps(boost::json::value(pyjson::widen_f32(f))) == std::string(row.at("out").as_string()));
  }
}
