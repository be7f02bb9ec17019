#include "conformance/cassette.h"

#include <catch2/catch.hpp>
#include <random>

#include "conformance/text_bytes.h"

using namespace ankc::conformance;

namespace {

std::string random_bytes(std::mt19937& rng, std::size_t max_len) {
  std::uniform_int_distribution<std::size_t> len(0, max_len);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string s(len(rng), '\0');
  for (char& c : s) c = static_cast<char>(byte(rng));
  return s;
}

Exchange sample_exchange(const std::string& name, const std::string& body) {
  Exchange x;
  x.name = name;
  x.note = "spec §1.6";
  x.request.headers = {{"Content-Type", "application/json"}, {"Content-Length:12", "", true}};
  x.request.body = body;
  x.response.headers = {{"Content-Type", "application/json"}, {"Content-Length", std::to_string(body.size())}};
  x.response.body = body;
  return x;
}

}  // namespace

TEST_CASE("base64 round-trips and rejects malformed text") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_decode("Zm9vYg==") == std::optional<std::string>("foob"));
  CHECK_FALSE(base64_decode("Zm9").has_value());
  CHECK_FALSE(base64_decode("Zm=v").has_value());
  CHECK_FALSE(base64_decode("Z!9v").has_value());
}

TEST_CASE("UTF-8 validation is strict") {
  CHECK(is_valid_utf8("caf\xc3\xa9 \xf0\x9f\x98\x80"));
  CHECK_FALSE(is_valid_utf8("\xff"));
  CHECK_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));      // a surrogate
  CHECK_FALSE(is_valid_utf8("\xe2\x82"));          // truncated
  CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

TEST_CASE("a cassette round-trips arbitrary bytes in every field") {
  std::mt19937 rng(20251126);
  Cassette c;
  c.header.source = "derived from the spec: ankiconnect-api.md \xc2\xa7" "1";
  c.header.emulation = "anki23";
  c.header.state = "fixture:apy__test_base.anki2";
  c.header.config["apiKey"] = "secret";
  for (int i = 0; i < 300; ++i) {
    Exchange x = sample_exchange("x" + std::to_string(i), random_bytes(rng, 64));
    x.request.method = i % 7 == 0 ? random_bytes(rng, 5) : "POST";
    x.request.path = i % 5 == 0 ? random_bytes(rng, 8) : "/";
    x.request.headers.push_back({random_bytes(rng, 6), random_bytes(rng, 12)});
    x.response.reason = random_bytes(rng, 4);
    x.response.body = random_bytes(rng, 200);
    c.exchanges.push_back(x);
  }
  std::string text = format_cassette(c);
  // One line per exchange plus the header, whatever the bytes.
  CHECK(std::count(text.begin(), text.end(), '\n') == 301);
  Cassette back = parse_cassette(text);
  CHECK(back.header.source == c.header.source);
  CHECK(back.header.emulation == "anki23");
  CHECK(back.header.state == "fixture:apy__test_base.anki2");
  CHECK(back.header.config.at("apiKey") == "secret");
  REQUIRE(back.exchanges.size() == c.exchanges.size());
  for (std::size_t i = 0; i < c.exchanges.size(); ++i) {
    const Exchange& a = c.exchanges[i];
    const Exchange& b = back.exchanges[i];
    CHECK(render_request(a.request) == render_request(b.request));
    CHECK(render_response(a.response) == render_response(b.response));
    CHECK(b.note == a.note);
  }
  CHECK(format_cassette(back) == text);
}

TEST_CASE("valid UTF-8 stays readable; other bytes are marked base64") {
  Exchange x = sample_exchange("readable", "{\"action\": \"caf\xc3\xa9\"}");
  std::string line = format_exchange(x);
  CHECK(line.find("caf\xc3\xa9") != std::string::npos);
  x.request.body = "\xff\xfe";
  line = format_exchange(x);
  CHECK(line.find("{\"base64\": \"//4=\"}") != std::string::npos);
}

TEST_CASE("a raw header line renders verbatim") {
  Exchange x = sample_exchange("raw", "{}");
  CHECK(render_request(x.request) ==
        "POST / HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length:12\r\n\r\n{}");
}

TEST_CASE("malformed cassettes are rejected with the line number") {
  CHECK_THROWS_WITH(parse_cassette("", "c"), Catch::Contains("no header"));
  CHECK_THROWS_WITH(parse_cassette("{\"cassette\": 2, \"source\": \"x\"}\n", "c"), Catch::Contains("c:1"));
  std::string header = "{\"cassette\": 1, \"source\": \"s\"}\n# a comment\n\n";
  CHECK_THROWS_WITH(parse_cassette(header + "{\"name\": \"a\"}\n", "c"), Catch::Contains("c:4"));
  CHECK_THROWS_WITH(parse_cassette(header + "not json\n", "c"), Catch::Contains("c:4"));
  Cassette ok = parse_cassette(header + "{\"name\": \"a\", \"request\": {}, \"response\": {\"status\": 403}}\n", "c");
  CHECK(ok.exchanges.at(0).response.status == 403);
  CHECK(ok.exchanges.at(0).request.method == "POST");
}
