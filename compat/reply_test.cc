#include "compat/reply.h"

#include <catch2/catch.hpp>

using ankc::reply::error_body;
using ankc::reply::headers;

TEST_CASE("reply::headers is AnkiConnect's header block in its order") {
  const auto h = headers("http://localhost", 42);
  REQUIRE(h.size() == 4);
  CHECK(h[0] == std::pair<std::string, std::string>{"Content-Type", "application/json"});
  CHECK(h[1] == std::pair<std::string, std::string>{"Access-Control-Allow-Origin", "http://localhost"});
  CHECK(h[2] == std::pair<std::string, std::string>{"Access-Control-Allow-Headers", "*"});
  CHECK(h[3] == std::pair<std::string, std::string>{"Content-Length", "42"});
}

TEST_CASE("reply::error_body writes the text as json.dumps does") {
  CHECK(error_body("boom") == R"({"result": null, "error": "boom"})");
  CHECK(error_body("caf\xc3\xa9 \"q\"") == R"({"result": null, "error": "caf\u00e9 \"q\""})");
}
