// `ankiconnectd playback` (issue 12) end to end: the real binary serves a corpus cassette on a loopback
// port; scripted clients (the replayer, and raw requests from this test) talk to it.
#include <catch2/catch.hpp>
#include <signal.h>

#include <chrono>
#include <string>
#include <thread>

#include "conformance/cassette.h"
#include "conformance/http_wire.h"
#include "tests/harness.h"

using ankc::test::Background;
using ankc::test::run_binary;
namespace cf = ankc::conformance;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const std::string kCassetteDir = ANKC_CASSETTE_DIR;

// Starts playback of `cassette` on a free port; waits until it accepts connections.
struct Player {
  cf::HostPort at{"127.0.0.1", ankc::test::free_port()};
  Background process;
  Player(const std::string& cassette, bool exit_when_done)
      : process(exit_when_done ? std::vector<std::string>{"playback", cassette, "--listen", url(), "--exit-when-done"}
                               : std::vector<std::string>{"playback", cassette, "--listen", url()}) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!cf::port_accepts(at) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::string url() const { return at.host + ":" + std::to_string(at.port); }
  // Sends a cassette request as a client would (with a Host header); the raw response bytes.
  std::string send(cf::CassetteRequest request) const {
    request.headers.insert(request.headers.begin(), cf::HeaderLine{"Host", url()});
    return cf::send_raw(at, cf::render_request(request)).bytes;
  }
};

}  // namespace

TEST_CASE("playback: a corpus cassette played back to a scripted client passes") {
  for (const char* name : {"client-yomitan.jsonl", "notes.jsonl"}) {
    const std::string cassette = kCassetteDir + "/" + name;
    Player player(cassette, true);
    // The scripted client: the replayer sends each recorded request and compares the response bytes.
    auto client = run_binary({"replay", cassette, "--target", "http://" + player.url(), "--known-divergences", "/dev/null"});
    INFO(name << ": " << client.out);
    CHECK(client.exit_code == 0);
    auto result = player.process.finish(0, 10000);
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out == "PASS\n");
    auto count = std::to_string(cf::read_cassette(cassette).exchanges.size());
    CHECK(contains(result.err, count + " of " + count + " exchanges requested, 0 differed, 0 requests beyond the "
                                                      "recording, 0 never sent"));
  }
}

TEST_CASE("playback: a client that changes one parameter is caught with a clear message") {
  const std::string path = kCassetteDir + "/decks.jsonl";
  cf::Cassette cassette = cf::read_cassette(path);
  Player player(path, true);
  int changed = -1;
  for (std::size_t i = 0; i < cassette.exchanges.size(); ++i) {
    cf::Exchange x = cassette.exchanges[i];
    const std::string original = R"("deck": "Languages::Japanese")";
    bool change = changed < 0 && contains(x.request.body, original);
    if (change) {
      changed = int(i);
      // Another client would also write its JSON differently: spacing and key order do not matter.
      x.request.body = R"({"params":{"deck":"Languages::Japanese2"},"version":6,"action":"createDeck"})";
      for (auto& h : x.request.headers)
        if (h.name == "Content-Length") h.value = std::to_string(x.request.body.size());
    }
    std::string got = player.send(x.request);
    INFO(x.name);
    if (!change) {
      CHECK(got == cf::render_response(x.response));
      continue;
    }
    CHECK(got.starts_with("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"));
    CHECK(contains(got, R"({"result": null, "error": "ankiconnectd playback: request )" + std::to_string(i + 1) +
                            " does not match the recording (exchange " + x.name +
                            R"(): params.deck: expected \"Languages::Japanese\", got \"Languages::Japanese2\""})"));
  }
  REQUIRE(changed >= 0);
  auto result = player.process.finish(0, 10000);
  CHECK(result.exit_code == 1);
  CHECK(result.out == "FAIL\n");
  CHECK(contains(result.err, "DIFF  request " + std::to_string(changed + 1) + " does not match"));
  CHECK(contains(result.err, ", 1 differed, 0 requests beyond the recording, 0 never sent"));
}

TEST_CASE("playback: exchanges never sent, and requests beyond the recording, fail the run") {
  const std::string path = kCassetteDir + "/client-obsidian.jsonl";
  cf::Cassette cassette = cf::read_cassette(path);
  REQUIRE(cassette.exchanges.size() > 2);
  {
    Player player(path, false);
    CHECK(player.send(cassette.exchanges[0].request) == cf::render_response(cassette.exchanges[0].response));
    auto result = player.process.finish(SIGTERM);
    CHECK(result.exit_code == 1);
    CHECK(contains(result.err, "1 of " + std::to_string(cassette.exchanges.size()) + " exchanges requested"));
    CHECK(contains(result.err, std::to_string(cassette.exchanges.size() - 1) + " never sent: " +
                                   cassette.exchanges[1].name));
  }
  {
    Player player(path, false);
    for (const auto& x : cassette.exchanges) CHECK(player.send(x.request) == cf::render_response(x.response));
    std::string extra = player.send(cassette.exchanges[0].request);
    CHECK(contains(extra, "ankiconnectd playback: request " + std::to_string(cassette.exchanges.size() + 1) +
                              " is beyond the recording (it has " + std::to_string(cassette.exchanges.size()) +
                              " exchanges)"));
    auto result = player.process.finish(SIGTERM);
    CHECK(result.exit_code == 1);
    CHECK(contains(result.err, "0 differed, 1 requests beyond the recording, 0 never sent"));
  }
}

TEST_CASE("playback: usage errors exit 2") {
  CHECK(run_binary({"playback"}).exit_code == 2);
  CHECK(run_binary({"playback", "/nonexistent.jsonl", "--listen", "127.0.0.1:1"}).exit_code == 2);
  CHECK(run_binary({"playback", kCassetteDir + "/decks.jsonl", "--listen", "nowhere"}).exit_code == 2);
}
