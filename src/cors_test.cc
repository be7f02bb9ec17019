#include <catch2/catch.hpp>

#include "src/cors.h"

using ankc::decide_cors;

TEST_CASE("cors: spec 1.2 branches") {
  std::vector<std::string> local{"http://localhost"};
  auto v = decide_cors(local, std::nullopt);
  CHECK(v.allowed);
  CHECK(v.origin == "http://localhost");

  v = decide_cors(local, std::string("http://localhost"));
  CHECK((v.allowed && v.origin == "http://localhost"));
  for (const char* ok : {"http://127.0.0.1", "https://127.0.0.1", "http://127.0.0.1:3000", "chrome-extension://abc",
                         "moz-extension://x", "safari-web-extension://y"}) {
    v = decide_cors(local, std::string(ok));
    CHECK(v.allowed);
    CHECK(v.origin == ok);
  }
  for (const char* bad : {"https://127.0.0.1:3000", "http://localhost:3000", "https://localhost", "null", ""}) {
    v = decide_cors(local, std::string(bad));
    CHECK_FALSE(v.allowed);
    CHECK(v.origin == "http://localhost");
  }
  v = decide_cors({"http://a.example"}, std::string("chrome-extension://abc"));
  CHECK_FALSE(v.allowed);
  v = decide_cors({"http://a.example"}, std::string("http://a.example"));
  CHECK((v.allowed && v.origin == "http://a.example"));
  v = decide_cors({"*"}, std::string("http://evil"));
  CHECK((v.allowed && v.origin == "*"));
  v = decide_cors({"*"}, std::nullopt);
  CHECK((v.allowed && v.origin == "*"));
}
