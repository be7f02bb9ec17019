// Shadow mode (issue 12) end to end: a primary ankiconnectd with `shadow:` pointing at a second one.
// Identical backends give no divergence over the whole conformance corpus; a different shadow gives
// divergences that are recorded, replayable, and leave the primary's answers as they were.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "conformance/cassette.h"
#include "conformance/known_divergences.h"
#include "conformance/replayer.h"
#include "conformance/server_process.h"
#include "tests/harness.h"

namespace cf = ankc::conformance;
namespace fs = std::filesystem;
using ankc::test::Daemon;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

Daemon::Options options(std::string config) {
  Daemon::Options o;
  o.config = std::move(config);
  return o;
}

std::string url_of(const Daemon& d) { return "http://127.0.0.1:" + std::to_string(d.port()); }

}  // namespace

// Both sides create objects on their own (`actions: all`), and a primary may give two objects of
// different kinds the same number in one millisecond (a deck and a note, a note and its card) where the
// shadow gives two: ids are paired per kind (conformance/kinded_ids.h), so no false divergence remains.
// Every replayed request must also have reached the shadow (none dropped, none failed).
TEST_CASE("shadow: identical backends give no divergence over the whole conformance corpus") {
  const fs::path export_file = "/tmp/ankiconnectd-conformance-export.apkg";  // packages.jsonl exports there
  const bool export_existed = fs::exists(export_file);
  ankc::test::TempDir dir;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(ANKC_CASSETTE_DIR))
    if (entry.path().extension() == ".jsonl") files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() > 20);
  int exchanges = 0, mirrored = 0;
  std::string divergences, lost;
  for (const fs::path& file : files) {
    cf::Cassette cassette = cf::read_cassette(file);
    std::string error;
    // The shadow and the primary both start from the cassette's state and settings.
    auto shadow = cf::ServerProcess::start(ankc::test::binary_path(), cassette.header, ANKC_FIXTURES_DIR, error);
    REQUIRE(shadow);
    cf::CassetteHeader primary_header = cassette.header;
    const fs::path out = dir.path() / (file.stem().string() + ".divergences.jsonl");
    primary_header.config["shadow"] = boost::json::object{
        {"url", "http://127.0.0.1:" + std::to_string(shadow->address().port)}, {"actions", "all"}, {"out", out.string()}};
    primary_header.config["logLevel"] = "info";  // for the shadow's summary line at shutdown
    auto primary = cf::ServerProcess::start(ankc::test::binary_path(), primary_header, ANKC_FIXTURES_DIR, error);
    INFO(error);
    REQUIRE(primary);
    std::ostringstream ignored;
    cf::ReplaySettings settings;
    settings.target = primary->address();
    settings.out = &ignored;
    cf::replay_cassette(cassette, file.stem().string(), settings);
    exchanges += int(cassette.exchanges.size());
    // SIGTERM: the mirror thread finishes what is queued, then the file is final and the summary logged.
    CHECK(primary->stop());
    std::string log = primary->log_tail(100000);
    std::smatch m;
    if (std::regex_search(log, m, std::regex(R"(shadow: (\d+) requests mirrored to \S+, \d+ divergences \(in [^)]*\), (\d+) not mirrored \(queue full\), (\d+) failed)"))) {
      mirrored += std::stoi(m[1]);
      if (m[2] != "0" || m[3] != "0") lost += file.stem().string() + ": " + m[0].str() + "\n";
    } else {
      lost += file.stem().string() + ": no shadow summary in the log: " + log.substr(log.size() > 1000 ? log.size() - 1000 : 0) + "\n";
    }
    primary.reset();
    shadow.reset();
    cf::Cassette recorded = cf::read_cassette(out);
    for (const auto& x : recorded.exchanges) divergences += file.stem().string() + "/" + x.name + ": " + x.note + "\n";
  }
  if (!export_existed) fs::remove(export_file);
  INFO(divergences);
  CHECK(divergences.empty());
  CHECK(exchanges > 1000);
  INFO(lost);
  CHECK(lost.empty());
  // Every request was mirrored and answered by the shadow.
  CHECK(mirrored == exchanges);
}

TEST_CASE("shadow: a different shadow's divergences are recorded, replayable, and the primary unaffected") {
  Daemon shadow;
  // The shadow's collection differs: one more deck.
  REQUIRE(contains(shadow.post(R"({"action": "createDeck", "version": 6, "params": {"deck": "Only in the shadow"}})").body,
                   R"("error": null)"));
  Daemon plain;  // the same primary without a shadow, for the bytes
  ankc::test::TempDir dir;
  const fs::path out = dir.path() / "divergences.jsonl";
  Daemon primary(options("shadow:\n  url: " + url_of(shadow) + "\n  out: " + out.string() + "\n"));

  const std::vector<std::string> reads = {
      R"({"action": "deckNames", "version": 6})",
      R"({"action": "version", "version": 6})",
      R"({"action": "findNotes", "version": 6, "params": {"query": "deck:*"}})",
      R"({"action": "deckNamesAndIds", "version": 6})",
  };
  // A write: not mirrored with the default `actions: readonly`.
  const std::string write = R"({"action": "createDeck", "version": 6, "params": {"deck": "Only in the primary"}})";
  for (const std::string& body : reads) {
    INFO(body);
    CHECK(primary.post(body).raw == plain.post(body).raw);
  }
  CHECK(contains(primary.post(write).body, R"("error": null)"));
  CHECK(primary.post(reads[0]).raw ==
        ankc::test::ok_response(R"({"result": ["Default", "Only in the primary"], "error": null})"));
  CHECK(primary.stop() == 0);  // drains the mirror queue

  // deckNames twice and deckNamesAndIds differ; version and findNotes (no notes anywhere) do not.
  cf::Cassette recorded = cf::read_cassette(out);
  std::vector<std::string> names;
  for (const auto& x : recorded.exchanges) names.push_back(x.name);
  CHECK(names == std::vector<std::string>{"0001-deckNames", "0002-deckNamesAndIds", "0003-deckNames"});
  CHECK(recorded.exchanges.at(0).response.body == R"({"result": ["Default"], "error": null})");
  CHECK(contains(recorded.exchanges.at(0).note, "answered differently: body at byte"));
  CHECK(contains(recorded.header.source, "shadow " + url_of(shadow)));
  std::string log = primary.log();
  CHECK(contains(log, "shadow: divergence 0001-deckNames from " + url_of(shadow) + ": body at byte 21"));
  CHECK(contains(log, "expected {\"result\": [\"Default\"], \"error\": null} | got {\"result\": [\"Default\", \"Only in"));
  CHECK(contains(log, "shadow: 5 requests mirrored to " + url_of(shadow) + ", 3 divergences"));
  CHECK_FALSE(contains(read_file(out), "createDeck"));

  // `replay` on the file shows them again against the shadow.
  auto replay = ankc::test::run_binary({"replay", out.string(), "--target", url_of(shadow), "--known-divergences", "/dev/null"});
  INFO(replay.out);
  CHECK(replay.exit_code == 1);
  CHECK(contains(replay.out, "FAIL divergences/0001-deckNames: body at byte 21"));
  CHECK(contains(replay.out, "0 passed, 3 failed"));
}

TEST_CASE("shadow: sampleRate 0 mirrors nothing; a bad shadow block stops start-up") {
  Daemon shadow;
  ankc::test::TempDir dir;
  const fs::path out = dir.path() / "divergences.jsonl";
  Daemon primary(options("shadow: {url: " + url_of(shadow) + ", out: " + out.string() + ", sampleRate: 0}\n"));
  primary.post(R"({"action": "deckNames", "version": 6})");
  CHECK(primary.stop() == 0);
  CHECK(contains(primary.log(), "shadow: 0 requests mirrored"));
  CHECK(cf::read_cassette(out).exchanges.empty());

  ankc::test::TempDir bad;
  std::ofstream(bad.path() / "c.yaml") << "shadow: {url: http://127.0.0.1:1, out: x.jsonl, actions: writes}\n";
  auto run = ankc::test::run_binary({"serve", "--config", (bad.path() / "c.yaml").string()});
  CHECK(run.exit_code == 2);
  CHECK(contains(run.err, "shadow: actions must be one of readonly, all, got 'writes'"));
}
