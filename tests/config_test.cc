// End-to-end configuration and command-line tests: the binary's exit codes and messages for bad
// configurations and usage, and environment overrides, observed from outside.
#include <catch2/catch.hpp>

#include <chrono>

#include <fstream>

#include "tests/harness.h"

using namespace ankc::test;

namespace {

// Runs `ankiconnectd serve --config <file with yaml>`.
RunResult serve_with(const std::string& yaml, const std::map<std::string, std::string>& env = {}) {
  TempDir dir;
  auto path = dir.path() / "config.yaml";
  std::ofstream(path) << yaml;
  return run_binary({"serve", "--config", path.string()}, env);
}

}  // namespace

TEST_CASE("config: unknown key stops start-up with exit 2 naming the key") {
  auto r = serve_with("webBindPrt: 8765\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("webBindPrt: unknown key"));
}

TEST_CASE("config: wrong type") {
  auto r = serve_with("webBindPort: eighty\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("webBindPort: expected an integer, got 'eighty'"));
  r = serve_with("webCorsOriginList: http://localhost\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("webCorsOriginList: expected a list of strings"));
  r = serve_with("proxyFailover: sometimes\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("proxyFailover: expected true or false"));
}

TEST_CASE("config: bad values and enums") {
  auto r = serve_with("backend: cloud\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("backend: must be one of native, proxy, got 'cloud'"));
  r = serve_with("emulation: anki21\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("emulation: must be one of anki25, anki23, got 'anki21'"));
  r = serve_with("logLevel: verbose\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("logLevel: must be one of debug, info, warn, error"));
  r = serve_with("webBindPort: 0\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("webBindPort: must be between 1 and 65535"));
  r = serve_with("threads: -1\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("threads: must be between"));
}

TEST_CASE("config: unreadable or malformed file") {
  auto r = run_binary({"serve", "--config", "/nonexistent/ankiconnectd.yaml"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("/nonexistent/ankiconnectd.yaml: cannot read the config file"));
  r = serve_with("webBindPort: [\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("not valid YAML"));
  r = serve_with("- just\n- a list\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("expected a map of settings"));
}

TEST_CASE("config: bad environment override") {
  auto r = serve_with("", {{"ANKICONNECT_WEB_BIND_PORT", "many"}});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("ANKICONNECT_WEB_BIND_PORT: webBindPort: expected an integer"));
}

TEST_CASE("config: environment overrides the file") {
  Daemon d({.config = "apiKey: from-file\n", .env = {{"ANKICONNECT_API_KEY", "from-env"}}});
  CHECK(d.post(R"({"action": "version", "key": "from-env"})").raw == ok_response("6"));
  CHECK(d.post(R"({"action": "version", "key": "from-file"})").raw ==
        ok_response(R"({"result": null, "error": "valid api key must be provided"})"));
}

TEST_CASE("config: AnkiConnect's ANKICONNECT_CORS_ORIGIN is only a default") {
  Daemon d({.config = "webCorsOrigin: http://file.example\n", .env = {{"ANKICONNECT_CORS_ORIGIN", "http://env.example"}}});
  CHECK(d.post(R"({"action": "version"})", {{"Origin", "http://file.example"}}).raw ==
        ok_response("6", "http://file.example"));
  CHECK(d.post(R"({"action": "version"})", {{"Origin", "http://env.example"}}).status() == 403);
}

TEST_CASE("cli: usage errors exit 2, --help and --version exit 0") {
  auto r = run_binary({"frobnicate"});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("unknown command 'frobnicate'"));
  r = run_binary({"serve", "--bogus"});
  CHECK(r.exit_code == 2);
  r = run_binary({"serve", "--config"});
  CHECK(r.exit_code == 2);
  r = run_binary({"--help"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("exit codes"));
  CHECK_THAT(r.out, Catch::Contains("check PATH"));
  r = run_binary({"--version"});
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("ankiconnectd "));
}

TEST_CASE("cli: address in use is a runtime failure, exit 1") {
  Daemon first;
  TempDir dir;
  auto r = serve_with("webBindPort: " + std::to_string(first.port()) + "\ndataDir: " + dir.path().string() + "\n");
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("cannot listen on 127.0.0.1:" + std::to_string(first.port())));
  CHECK(first.post(R"({"action": "version"})").raw == ok_response("6"));
}

TEST_CASE("config: dataDir is created") {
  Daemon d;
  CHECK(std::filesystem::is_directory(d.data_dir()));
}

TEST_CASE("config: timeZone must name a zone of the tz database") {
  auto r = serve_with("timeZone: Mars/Olympus\n");
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("timeZone: unknown time zone 'Mars/Olympus'"));
  r = serve_with("timeZone: ../../etc/passwd\n");
  CHECK(r.exit_code == 2);
}

TEST_CASE("config: timeZone sets the local time of Anki's days") {
  // UTC+14 and UTC-11 are always on different calendar days, so the same review falls on different
  // days in getNumCardsReviewedByDay.
  auto review_day = [](const std::string& zone) {
    ankc::test::Daemon d({.config = "timeZone: " + zone + "\n"});
    auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch()).count();
    std::string insert = R"({"action": "insertReviews", "version": 6, "params": {"reviews": [[)" +
                         std::to_string(now_ms) + R"(, 1700000000000, -1, 3, 4, 1, 2500, 6000, 1]]}})";
    REQUIRE(d.post(insert).body == R"({"result": null, "error": null})");
    return d.post(R"({"action": "getNumCardsReviewedByDay", "version": 6})").body;
  };
  std::string east = review_day("Pacific/Kiritimati");
  std::string west = review_day("Pacific/Pago_Pago");
  CHECK_THAT(east, Catch::Contains(", 1]]"));
  CHECK_THAT(west, Catch::Contains(", 1]]"));
  CHECK(east != west);
}
