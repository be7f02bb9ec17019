// pyjson::repr / str / pformat against python3's repr(), str() and pprint.pformat().
#include <catch2/catch.hpp>
#include <fstream>

#include "compat/pyjson.h"

using namespace ankc;

namespace {

// Rows of pformat_cases.jsonl; read with pyjson::loads because they hold lone surrogates.
std::vector<boost::json::object> read_rows() {
  std::ifstream in(std::string(ANKC_COMPAT_TESTDATA) + "/pformat_cases.jsonl");
  REQUIRE(in);
  std::vector<boost::json::object> rows;
  std::string line;
  while (std::getline(in, line)) {
    auto r = pyjson::loads(line, PyFlavour::py313);
    REQUIRE(r.ok);
    rows.push_back(r.value.as_object());
  }
  return rows;
}

std::string s(const boost::json::object& row, const char* key) { return std::string(row.at(key).as_string()); }

}  // namespace

TEST_CASE("repr, str and pformat match python3", "[pyjson][pformat]") {
  const auto rows = read_rows();
  REQUIRE(rows.size() >= 60);
  for (const auto& row : rows) {
    const std::string input = s(row, "in");
    INFO("input: " << input);
    const auto v = pyjson::loads(input, PyFlavour::py313);
    REQUIRE(v.ok);
    CHECK(pyjson::repr(v.value) == s(row, "repr"));
    CHECK(pyjson::str(v.value) == s(row, "str"));
    CHECK(pyjson::pformat(v.value, true) == s(row, "sorted"));
    CHECK(pyjson::pformat(v.value, false) == s(row, "unsorted"));
    CHECK(pyjson::pformat(v.value, true, 40) == s(row, "sorted40"));
  }
}

TEST_CASE("repr_str picks quotes like Python", "[pyjson][pformat]") {
  CHECK(pyjson::repr_str("abc") == "'abc'");
  CHECK(pyjson::repr_str("it's") == "\"it's\"");
  CHECK(pyjson::repr_str("it's \"x\"") == "'it\\'s \"x\"'");
  CHECK(pyjson::repr_str("\x01\x7f\t") == "'\\x01\\x7f\\t'");
  CHECK(pyjson::repr_str("\xED\xA0\x80") == "'\\ud800'");
  CHECK(pyjson::repr_str("\xF3\xA0\x80\x81") == "'\\U000e0001'");
}
