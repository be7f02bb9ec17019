#include "conformance/replayer.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <functional>
#include <sstream>
#include <thread>

#include "conformance/recorder.h"
#include "conformance/server_process.h"

using namespace ankc::conformance;
namespace fs = std::filesystem;

namespace {

// A stand-in AnkiConnect on a loopback port: answers each request body through `answer`, with
// AnkiConnect's header block, one request per connection.
class StubServer {
 public:
  explicit StubServer(std::function<std::string(const std::string&)> answer) : answer_(std::move(answer)) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 8);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { loop(); });
  }
  ~StubServer() {
    stop_ = true;
    thread_.join();
    close(fd_);
  }
  HostPort address() const { return HostPort{"127.0.0.1", port_}; }

 private:
  void loop() {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      int c = accept(fd_, nullptr, nullptr);
      std::string data;
      char buf[4096];
      std::size_t head = std::string::npos;
      std::size_t want = 0;
      while (true) {
        ssize_t n = recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        data.append(buf, static_cast<std::size_t>(n));
        if (head == std::string::npos && (head = data.find("\r\n\r\n")) != std::string::npos) {
          std::size_t cl = data.find("Content-Length: ");
          if (cl == std::string::npos) cl = data.find("content-length: ");
          want = head + 4 + (cl != std::string::npos && cl < head ? std::stoul(data.substr(cl + 16)) : 0);
        }
        if (head != std::string::npos && data.size() >= want) break;
      }
      std::string body = answer_(head == std::string::npos ? "" : data.substr(head + 4));
      std::string out = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nAccess-Control-Allow-Origin: "
                        "http://localhost\r\nAccess-Control-Allow-Headers: *\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n\r\n" + body;
      send(c, out.data(), out.size(), MSG_NOSIGNAL);
      close(c);
    }
  }

  std::function<std::string(const std::string&)> answer_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

Exchange post(const std::string& name, const std::string& body, const std::string& reply) {
  Exchange x;
  x.name = name;
  x.request.headers = {{"Content-Type", "application/json"}, {"Content-Length", std::to_string(body.size())}};
  x.request.body = body;
  x.response.headers = {{"Content-Type", "application/json"},
                        {"Access-Control-Allow-Origin", "http://localhost"},
                        {"Access-Control-Allow-Headers", "*"},
                        {"Content-Length", std::to_string(reply.size())}};
  x.response.body = reply;
  return x;
}

// A fake collection: addNote hands out clock-like ids; notesInfo echoes the id it was asked about.
std::string fake_anki(const std::string& body, long long& next_id) {
  if (body.find("\"addNote\"") != std::string::npos)
    return "{\"result\": " + std::to_string(next_id++) + ", \"error\": null}";
  std::size_t at = body.find("[");
  if (body.find("\"notesInfo\"") != std::string::npos && at != std::string::npos) {
    std::string id = body.substr(at + 1, body.find(']') - at - 1);
    return "{\"result\": [{\"noteId\": " + id + ", \"tags\": [], \"mod\": 1764000001}], \"error\": null}";
  }
  if (body.find("\"version\"") != std::string::npos) return "{\"result\": 6, \"error\": null}";
  return "{\"result\": null, \"error\": \"unsupported action\"}";
}

}  // namespace

TEST_CASE("replay passes identical bytes and follows ids across exchanges") {
  long long next_id = 1764000000123;
  StubServer stub([&](const std::string& body) { return fake_anki(body, next_id); });
  Cassette c;
  c.header.source = "unit test";
  c.exchanges.push_back(post("add", "{\"action\": \"addNote\", \"version\": 6}", "{\"result\": 1712345678901, \"error\": null}"));
  c.exchanges.push_back(post("info", "{\"action\": \"notesInfo\", \"version\": 6, \"params\": {\"notes\": [1712345678901]}}",
                             "{\"result\": [{\"noteId\": 1712345678901, \"tags\": [], \"mod\": 1712345678}], \"error\": null}"));
  c.exchanges.push_back(post("version", "{\"action\": \"version\", \"version\": 6}", "{\"result\": 6, \"error\": null}"));
  std::ostringstream out;
  ReplaySettings settings;
  settings.target = stub.address();
  settings.out = &out;
  ReplayTotals totals = replay_cassette(c, "unit", settings);
  INFO(out.str());
  CHECK(totals.passed == 3);
  CHECK(totals.failed == 0);
}

TEST_CASE("replay reports a real difference with its offset, and honours known divergences") {
  long long next_id = 1764000000123;
  StubServer stub([&](const std::string& body) { return fake_anki(body, next_id); });
  Cassette c;
  c.header.source = "unit test";
  c.exchanges.push_back(post("version", "{\"action\": \"version\", \"version\": 6}", "{\"result\": 5, \"error\": null}"));
  c.exchanges.push_back(post("nope", "{\"action\": \"nope\", \"version\": 6}", "{\"result\": null, \"error\": \"different\"}"));
  std::ostringstream out;
  ReplaySettings settings;
  settings.target = stub.address();
  settings.out = &out;
  settings.known = KnownDivergences::parse("unit/nope | not implemented yet | Native engine I\n", "kd");
  ReplayTotals totals = replay_cassette(c, "unit", settings);
  CHECK(totals.passed == 0);
  CHECK(totals.failed == 2);
  CHECK(totals.known == 1);
  CHECK(totals.unexpected() == 1);
  CHECK(out.str().find("FAIL unit/version: body at byte 11") != std::string::npos);
  CHECK(out.str().find("KNOWN unit/nope [not implemented yet; Native engine I]") != std::string::npos);
}

TEST_CASE("an unreachable server fails every exchange instead of hanging") {
  Cassette c;
  c.header.source = "unit test";
  c.exchanges.push_back(post("v", "{}", "{}"));
  std::ostringstream out;
  ReplaySettings settings;
  settings.target = HostPort{"127.0.0.1", free_loopback_port()};
  settings.out = &out;
  ReplayTotals totals = replay_cassette(c, "unit", settings);
  CHECK(totals.failed == 1);
  CHECK(out.str().find("cannot connect") != std::string::npos);
}

TEST_CASE("the server config written for a cassette carries its emulation and settings") {
  CassetteHeader h;
  h.source = "x";
  h.emulation = "anki23";
  h.config["apiKey"] = "k";
  std::string text = server_config_text(h, 4321, "/tmp/d");
  CHECK(text.find("\"webBindPort\":4321") != std::string::npos);
  CHECK(text.find("\"emulation\":\"anki23\"") != std::string::npos);
  CHECK(text.find("\"apiKey\":\"k\"") != std::string::npos);
  CHECK(text.find("\"backend\":\"native\"") != std::string::npos);
}

// Records a conversation through the recording proxy and replays the cassette against the upstream.
// The upstream is a second ankiconnectd when the binary is built, else the stub.
TEST_CASE("a recording made through the proxy replays green against its upstream") {
  long long next_id = 1764000000123;
  StubServer stub([&](const std::string& body) { return fake_anki(body, next_id); });
  std::unique_ptr<ServerProcess> second;
  HostPort upstream = stub.address();
#ifdef ANKICONNECTD_PATH
  std::string error;
  CassetteHeader fresh;
  fresh.source = "unit test";
  if (fs::exists(ANKICONNECTD_PATH)) {
    second = ServerProcess::start(ANKICONNECTD_PATH, fresh, "", error);
    INFO(error);
    REQUIRE(second);
    upstream = second->address();
  }
#endif
  fs::path file = fs::temp_directory_path() / ("ankc-record-test-" + std::to_string(getpid()) + ".jsonl");
  CassetteHeader header;
  header.source = "unit test recording";
  std::vector<std::string> bodies = {"{\"action\": \"version\", \"version\": 6}", "{\"action\": \"version\"}",
                                     "{\"action\": \"nope\", \"version\": 6}", ""};
  {
    RecordingProxy proxy(HostPort{"127.0.0.1", 0}, "http://127.0.0.1:" + std::to_string(upstream.port), file, header);
    std::thread server([&] { proxy.run(); });
    for (const std::string& body : bodies) {
      std::string request = "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body;
      WireResult r = send_raw(proxy.address(), request);
      CHECK(r.connected);
      CHECK(r.bytes.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    }
    proxy.stop();
    server.join();
  }
  Cassette recorded = read_cassette(file);
  fs::remove(file);
  REQUIRE(recorded.exchanges.size() == bodies.size());
  CHECK(recorded.exchanges[0].name == "0001-version");
  CHECK(recorded.header.source == "unit test recording");
  std::ostringstream out;
  ReplaySettings settings;
  settings.target = upstream;
  settings.out = &out;
  ReplayTotals totals = replay_cassette(recorded, "recorded", settings);
  INFO(out.str());
  CHECK(totals.passed == static_cast<int>(bodies.size()));
  CHECK(totals.failed == 0);
}
