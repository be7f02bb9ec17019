#include "conformance/known_divergences.h"

#include <catch2/catch.hpp>

#include "conformance/byte_diff.h"

using namespace ankc::conformance;

TEST_CASE("glob patterns match exchange ids") {
  CHECK(glob_match("a/b", "a/b"));
  CHECK_FALSE(glob_match("a/b", "a/bc"));
  CHECK(glob_match("actions-notes/addNote-*", "actions-notes/addNote-duplicate"));
  CHECK(glob_match("*", "anything/at-all"));
  CHECK(glob_match("*/x*y", "c/x--y"));
  CHECK_FALSE(glob_match("*/x*y", "c/x--z"));
}

TEST_CASE("the known-divergences list needs exchange, reason and issue") {
  KnownDivergences list = KnownDivergences::parse(
      "# comment\n\nmisc/version-* | not implemented yet | Native engine I\n", "kd");
  REQUIRE(list.entries().size() == 1);
  const KnownDivergence* d = list.find("misc/version-v6");
  REQUIRE(d);
  CHECK(d->reason == "not implemented yet");
  CHECK(d->issue == "Native engine I");
  CHECK(d->line == 3);
  CHECK(list.find("misc/other") == nullptr);
  CHECK_THROWS_WITH(KnownDivergences::parse("a | b\n", "kd"), Catch::Contains("kd:1"));
  CHECK_THROWS_WITH(KnownDivergences::parse("a | | c\n", "kd"), Catch::Contains("required"));
}

TEST_CASE("byte diffs name the first differing offset with context") {
  CHECK(describe_difference("same", "same").empty());
  std::string d = describe_difference("{\"result\": 6, \"error\": null}", "{\"result\": 7, \"error\": null}");
  CHECK(d.find("at byte 11") != std::string::npos);
  CHECK(d.find("expected {\"result\": 6") != std::string::npos);
  CHECK(d.find("got {\"result\": 7") != std::string::npos);
  std::string shorter = describe_difference("HTTP/1.1 200 OK\r\n\r\nabc", "HTTP/1.1 200 OK\r\n\r\nab");
  CHECK(shorter.find("at byte 21") != std::string::npos);
  CHECK(shorter.find("\\r\\n") != std::string::npos);
  CHECK(shorter.find("<end>") != std::string::npos);
}
