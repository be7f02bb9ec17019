// End-to-end tests of proxy mode: ankiconnectd (`backend: proxy`) in front of a second ankiconnectd
// must be indistinguishable from the second one, and must answer clearly when its upstream is down,
// silent, or not HTTP at all.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>

#include <fstream>
#include <memory>
#include <thread>

#include "tests/harness.h"

using namespace ankc::test;
using Headers = std::vector<std::pair<std::string, std::string>>;

namespace {

// A loopback listener run by the test itself. kSilent never accepts: the kernel completes the
// handshake and takes the request, nothing ever answers. kGarbage accepts and writes non-HTTP bytes.
class TinyServer {
 public:
  enum class Mode { kSilent, kGarbage };

  explicit TinyServer(Mode mode) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::listen(fd_, 64) == 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    if (mode == Mode::kGarbage) thread_ = std::thread([this] { answer_garbage(); });
  }
  ~TinyServer() {
    stopping_ = true;
    ::shutdown(fd_, SHUT_RDWR);  // wakes accept()
    if (thread_.joinable()) thread_.join();
    ::close(fd_);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void answer_garbage() {
    while (!stopping_) {
      int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      static const std::string bytes = "\x16\x03\x01 this is not HTTP\r\n\r\n";
      ::send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      ::close(client);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

// The headers minus Connection, which a proxy may legitimately differ in.
Headers without_connection(const Headers& headers) {
  Headers out;
  for (const auto& header : headers)
    if (header.first != "Connection" && header.first != "connection") out.push_back(header);
  return out;
}

void check_same_reply(const RawResponse& direct, const RawResponse& proxied) {
  CHECK(proxied.status_line == direct.status_line);
  CHECK(without_connection(proxied.headers) == without_connection(direct.headers));
  CHECK(proxied.body == direct.body);
  CHECK(proxied.closed);
}

// The upstream ankiconnectd and the proxy in front of it, shared by the cases that only read.
struct Pair {
  Daemon upstream;
  Daemon proxy;
  Pair()
      : upstream(Daemon::Options{}),
        proxy(Daemon::Options{.config = "backend: proxy\nupstreamUrl: http://127.0.0.1:" +
                                        std::to_string(upstream.port()) + "\n"}) {}
};
Pair& pair() {
  static Pair p;
  return p;
}

std::string proxy_config(const std::string& upstream_url, const std::string& extra = "") {
  return "backend: proxy\nupstreamUrl: " + upstream_url + "\nupstreamConnectTimeoutMs: 1000\n" + extra;
}

// A daemon's answer when its upstream failed: AnkiConnect's envelope and header block (plus the
// `Connection: close` ankiconnectd adds), with a text naming the upstream. Returns the body.
std::string check_upstream_error(const RawResponse& r, const std::string& upstream_url) {
  CHECK(r.status_line == "HTTP/1.1 200 OK");
  CHECK(r.header_names() == std::vector<std::string>{"Content-Type", "Access-Control-Allow-Origin",
                                                     "Access-Control-Allow-Headers", "Content-Length",
                                                     "Connection"});
  CHECK(r.header("Content-Type") == "application/json");
  CHECK(r.header("Access-Control-Allow-Origin") == "http://localhost");
  CHECK(r.header("Content-Length") == std::to_string(r.body.size()));
  const std::string prefix =
      "{\"result\": null, \"error\": \"ankiconnectd proxy: upstream AnkiConnect at " + upstream_url +
      " did not answer: ";
  CHECK(r.body.substr(0, prefix.size()) == prefix);
  CHECK(r.body.size() > 2);
  CHECK(r.body.substr(r.body.size() - 2) == "\"}");
  return r.body;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("proxy: replies are those of the upstream, byte for byte") {
  Pair& p = pair();
  const std::vector<std::string> requests = {
      request_bytes(R"({"action": "version", "version": 6})"),
      request_bytes(R"({"action": "version"})"),
      request_bytes(""),
      request_bytes("{not json"),
      request_bytes("\xff\xfe"),
      request_bytes(R"({"action": "version", "version": 6})", {{"Origin", "http://evil.example"}}),
      request_bytes(R"({"action": "version", "version": 6})", {{"Origin", "chrome-extension://abc"}}),
      request_bytes("", {{"Origin", "http://localhost"}, {"Access-Control-Request-Private-Network", "true"}},
                    "OPTIONS"),
      request_bytes("", {{"Origin", "http://evil.example"}}, "OPTIONS"),
      request_bytes(R"({"action": "multi", "version": 6, "params": {"actions": [{"action": "version"},)"
                    R"( {"action": "version", "version": 6}, {"action": "nope"}]}})"),
      request_bytes(R"({"action": "requestPermission", "version": 6})", {{"Origin", "http://evil.example"}}),
      request_bytes(R"({"action": "apiReflect", "version": 6, "params": {"scopes": ["actions"], "actions": ["version", "x"]}})"),
      request_bytes(R"({"action": "version", "version": 6, "params": {"extra": "\u00e9\ud83d\ude00"}})"),
      request_bytes(R"({"action": "version", "version": 6})", {}, "GET"),
      request_bytes(R"({"action": "version", "version": 6})", {}, "post"),
      request_bytes(R"({"action": "version", "version": 6})", {}, "HEAD"),
      request_bytes(R"({"action": "version", "version": 6})", {}, "PUT"),
      request_bytes(R"({"action": "version", "version": 6})", {{"Content-Type", "text/plain"}, {"Accept", "*/*"}}),
  };
  for (const auto& request : requests) {
    INFO(request);
    check_same_reply(p.upstream.send(request), p.proxy.send(request));
  }
}

TEST_CASE("proxy: an upstream nobody listens on is answered with an error naming it") {
  const std::string url = "http://127.0.0.1:" + std::to_string(free_port());
  Daemon proxy({.config = proxy_config(url)});
  std::string body = check_upstream_error(proxy.post(R"({"action": "version", "version": 6})"), url);
  CHECK(contains(body, "Couldn't connect to server"));
  CHECK(proxy.running());
  CHECK(contains(proxy.log(), url + " did not answer: Couldn't connect to server"));
  // Still serving: a second request gets the same answer.
  check_upstream_error(proxy.post(R"({"action": "version"})"), url);
}

TEST_CASE("proxy: an upstream that never answers times out with an error") {
  TinyServer silent(TinyServer::Mode::kSilent);
  Daemon proxy({.config = proxy_config(silent.url(), "upstreamTimeoutMs: 500\n")});
  std::string body = check_upstream_error(proxy.post(R"({"action": "version", "version": 6})"), silent.url());
  CHECK(contains(body, "Timeout was reached"));
  CHECK(proxy.running());
}

TEST_CASE("proxy: an upstream that does not speak HTTP is answered with an error") {
  TinyServer garbage(TinyServer::Mode::kGarbage);
  Daemon proxy({.config = proxy_config(garbage.url())});
  std::string body = check_upstream_error(proxy.post(R"({"action": "version", "version": 6})"), garbage.url());
  CHECK(contains(body, "the reply is not HTTP"));
  CHECK(proxy.running());
}

TEST_CASE("proxy: with proxyFailover, a down upstream is replaced by the native backend") {
  const std::string url = "http://127.0.0.1:" + std::to_string(free_port());
  Daemon proxy({.config = proxy_config(url, "proxyFailover: true\n")});
  CHECK(proxy.post(R"({"action": "version", "version": 6})").raw == ok_response(R"({"result": 6, "error": null})"));
}

TEST_CASE("proxy: 32 concurrent clients all get their own correct answer") {
  Pair& p = pair();
  constexpr int kClients = 32;
  // Each client asks something whose answer names it (an unexpected parameter is quoted back).
  std::vector<std::string> requests, expected(kClients), got(kClients);
  for (int i = 0; i < kClients; ++i)
    requests.push_back(request_bytes(R"({"action": "version", "version": 6, "params": {"client_)" +
                                     std::to_string(i) + R"(": 1}})"));
  for (int i = 0; i < kClients; ++i) expected[i] = p.upstream.send(requests[i]).raw;
  std::vector<std::thread> clients;
  for (int i = 0; i < kClients; ++i)
    clients.emplace_back([&, i] { got[i] = p.proxy.send(requests[i]).raw; });
  for (auto& client : clients) client.join();
  for (int i = 0; i < kClients; ++i) {
    INFO("client " << i);
    CHECK(contains(expected[i], "client_" + std::to_string(i)));
    CHECK(got[i] == expected[i]);
  }
}

TEST_CASE("proxy: `record: FILE` writes a cassette that replays green against the upstream") {
  Daemon upstream;
  ankc::test::TempDir dir;
  const std::string cassette = (dir.path() / "recorded.jsonl").string();
  const std::string upstream_url = "http://127.0.0.1:" + std::to_string(upstream.port());
  Daemon proxy({.config = "backend: proxy\nupstreamUrl: " + upstream_url + "\nrecord: " + cassette + "\n"});
  proxy.post(R"({"action": "createDeck", "version": 6, "params": {"deck": "Recorded"}})");
  proxy.post(R"({"action": "deckNames", "version": 6})");
  proxy.send(request_bytes("", {{"Origin", "http://evil.example"}}, "OPTIONS"));
  CHECK(proxy.stop() == 0);

  std::ifstream in(cassette);
  int lines = 0;
  for (std::string line; std::getline(in, line);) ++lines;
  CHECK(lines == 4);  // the header and three exchanges

  // The upstream now holds the deck, so the recorded replies are what it answers again.
  auto replay = ankc::test::run_binary({"replay", cassette, "--target", upstream_url});
  INFO(replay.out << replay.err);
  CHECK(replay.exit_code == 0);
  CHECK(contains(replay.out, "3 passed, 0 failed"));
}
