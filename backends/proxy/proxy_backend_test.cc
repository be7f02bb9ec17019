// The proxy backend against in-process fake upstreams: what goes up, what comes back, and what the
// client gets when the upstream is down, silent or not HTTP at all.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "backends/action_error.h"
#include "backends/proxy/fake_upstream.h"
#include "backends/proxy/proxy_backend.h"
#include "backends/proxy/upstream_error.h"
#include "tests/harness.h"  // free_port(): a loopback port nobody listens on

using ankc::HttpRequest;
using ankc::HttpResponse;
using ankc::ProxyOptions;
using ankc::proxy::FakeUpstream;
using Headers = std::vector<std::pair<std::string, std::string>>;

namespace {

const std::string kVersionReply =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nAccess-Control-Allow-Origin: http://localhost\r\n"
    "Access-Control-Allow-Headers: *\r\nContent-Length: 1\r\nConnection: keep-alive\r\n"
    "Keep-Alive: timeout=5\r\n\r\n6";

const Headers kAnkiHeaders = {{"Content-Type", "application/json"},
                              {"Access-Control-Allow-Origin", "http://localhost"},
                              {"Access-Control-Allow-Headers", "*"},
                              {"Content-Length", "1"}};

HttpRequest post(const std::string& body, Headers headers = {}) {
  HttpRequest request;
  request.method = "POST";
  request.target = "/";
  request.body = body;
  request.headers = std::move(headers);
  request.headers.emplace_back("content-length", std::to_string(body.size()));
  request.peer = "127.0.0.1:1";
  return request;
}

std::unique_ptr<ankc::Backend> proxy_to(const std::string& url, long timeout_ms = 5000) {
  ProxyOptions options;
  options.upstream_url = url;
  options.connect_timeout_ms = 1000;
  options.timeout_ms = timeout_ms;
  options.log_error = [](const std::string&) {};  // failures are checked through the reply here
  return ankc::make_proxy_backend(std::move(options));
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Checks the AnkiConnect error shape and returns the body.
std::string expect_error_reply(const std::optional<HttpResponse>& reply) {
  REQUIRE(reply);
  CHECK(reply->status == 200);
  Headers expected = kAnkiHeaders;
  expected.back().second = std::to_string(reply->body.size());
  CHECK(reply->headers == expected);
  CHECK(reply->body.starts_with("{\"result\": null, \"error\": \"ankiconnectd proxy: upstream AnkiConnect at "));
  CHECK(reply->body.ends_with("\"}"));
  return reply->body;
}

}  // namespace

TEST_CASE("forwards method, target, body and end-to-end headers; returns the reply unchanged") {
  FakeUpstream upstream(FakeUpstream::Mode::kReply, [](const std::string&) { return kVersionReply; });
  auto proxy = proxy_to(upstream.url());
  HttpRequest request = post(R"({"action": "version", "version": 6})",
                             {{"host", "localhost:8765"},
                              {"origin", "http://localhost"},
                              {"connection", "keep-alive, x-hop"},
                              {"x-hop", "dropped"},
                              {"keep-alive", "300"},
                              {"x-empty", ""},
                              {"expect", "100-continue"}});
  request.target = "/some/path?x=1";
  auto reply = proxy->passThrough(request);
  REQUIRE(reply);
  CHECK(reply->status == 200);
  CHECK(reply->headers == kAnkiHeaders);
  CHECK(reply->body == "6");

  auto seen = upstream.requests();
  REQUIRE(seen.size() == 1);
  const std::string& raw = seen[0];
  CHECK(raw.starts_with("POST /some/path?x=1 HTTP/1.1\r\n"));
  CHECK(contains(raw, "\r\norigin: http://localhost\r\n"));
  CHECK(contains(raw, "\r\nx-empty:\r\n"));
  CHECK(contains(raw, "\r\nContent-Length: 35\r\n"));
  CHECK(contains(raw, "\r\nHost: 127.0.0.1:" + std::to_string(upstream.port()) + "\r\n"));
  CHECK(raw.ends_with("\r\n\r\n{\"action\": \"version\", \"version\": 6}"));
  for (const char* absent : {"localhost:8765", "x-hop", "keep-alive:", "Accept:", "Content-Type:", "xpect",
                             "User-Agent"})
    CHECK_FALSE(contains(raw, absent));
}

TEST_CASE("reuses the upstream connection for successive requests on one thread") {
  FakeUpstream upstream(FakeUpstream::Mode::kReply, [](const std::string&) { return kVersionReply; });
  auto proxy = proxy_to(upstream.url());
  for (int i = 0; i < 5; ++i) REQUIRE(proxy->passThrough(post("{}"))->body == "6");
  CHECK(upstream.requests().size() == 5);
  CHECK(upstream.connections() == 1);
}

TEST_CASE("a 403 without Content-Length and a body read to close come back as sent") {
  FakeUpstream upstream(FakeUpstream::Mode::kReply, [](const std::string&) {
    return std::string(
        "HTTP/1.1 403 Forbidden\r\nAccess-Control-Allow-Origin: http://localhost\r\n"
        "Access-Control-Allow-Headers: *\r\nConnection: close\r\n\r\n");
  });
  auto proxy = proxy_to(upstream.url());
  auto reply = proxy->passThrough(post("{}", {{"origin", "http://evil.example"}}));
  REQUIRE(reply);
  CHECK(reply->status == 403);
  CHECK(reply->headers ==
        Headers{{"Access-Control-Allow-Origin", "http://localhost"}, {"Access-Control-Allow-Headers", "*"}});
  CHECK(reply->body.empty());
}

TEST_CASE("OPTIONS and bodiless GET go up without a body or Content-Length") {
  FakeUpstream upstream(FakeUpstream::Mode::kReply, [](const std::string&) {
    return std::string(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nAccess-Control-Allow-Origin: http://localhost\r\n"
        "Access-Control-Allow-Headers: *\r\nContent-Length: 0\r\nAccess-Control-Allow-Private-Network: true\r\n\r\n");
  });
  auto proxy = proxy_to(upstream.url());
  HttpRequest options;
  options.method = "OPTIONS";
  options.target = "/";
  options.headers = {{"access-control-request-private-network", "true"}};
  auto reply = proxy->passThrough(options);
  REQUIRE(reply);
  CHECK(reply->headers.back() == std::pair<std::string, std::string>{"Access-Control-Allow-Private-Network", "true"});
  CHECK(reply->body.empty());
  HttpRequest get = options;
  get.method = "GET";
  REQUIRE(proxy->passThrough(get));
  auto seen = upstream.requests();
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].starts_with("OPTIONS / HTTP/1.1\r\n"));
  CHECK(contains(seen[0], "\r\naccess-control-request-private-network: true\r\n"));
  CHECK(seen[1].starts_with("GET / HTTP/1.1\r\n"));
  for (const auto& raw : seen) CHECK_FALSE(contains(raw, "Content-Length"));
}

TEST_CASE("a chunked upstream reply gets a Content-Length instead of its framing") {
  FakeUpstream upstream(FakeUpstream::Mode::kReply, [](const std::string&) {
    return std::string(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
        "3\r\n[1,\r\n2\r\n2]\r\n0\r\n\r\n");
  });
  auto proxy = proxy_to(upstream.url());
  auto reply = proxy->passThrough(post("{}"));
  REQUIRE(reply);
  CHECK(reply->headers == Headers{{"Content-Type", "application/json"}, {"Content-Length", "5"}});
  CHECK(reply->body == "[1,2]");
}

TEST_CASE("an upstream nobody listens on gets an AnkiConnect-shaped error naming it and the cause") {
  std::string url = "http://127.0.0.1:" + std::to_string(ankc::test::free_port());
  auto proxy = proxy_to(url);
  std::string body = expect_error_reply(proxy->passThrough(post("{}")));
  CHECK(contains(body, url + " did not answer: Couldn't connect to server"));
}

TEST_CASE("an upstream that never answers times out with an error") {
  FakeUpstream upstream(FakeUpstream::Mode::kSilent);
  auto proxy = proxy_to(upstream.url(), 300);
  std::string body = expect_error_reply(proxy->passThrough(post("{\"action\": \"version\"}")));
  CHECK(contains(body, upstream.url() + " did not answer: Timeout was reached"));
  CHECK(upstream.requests().size() == 1);
}

TEST_CASE("an upstream that does not speak HTTP gets an error, and the next request still works") {
  FakeUpstream garbage(FakeUpstream::Mode::kGarbage);
  FakeUpstream good(FakeUpstream::Mode::kReply, [](const std::string&) { return kVersionReply; });
  auto bad_proxy = proxy_to(garbage.url());
  std::string body = expect_error_reply(bad_proxy->passThrough(post("{}")));
  CHECK(contains(body, garbage.url() + " did not answer: "));
  CHECK(contains(body, ": the reply is not HTTP\"}"));
  auto good_proxy = proxy_to(good.url());
  CHECK(good_proxy->passThrough(post("{}"))->body == "6");
}

TEST_CASE("the error text is written as json.dumps writes it") {
  HttpResponse reply = ankc::proxy::upstream_error_reply("a\"b\\c\nd\x7f\xc3\xa9\xf0\x9f\x98\x80/");
  CHECK(reply.body ==
        "{\"result\": null, \"error\": \"a\\\"b\\\\c\\nd\\u007f\\u00e9\\ud83d\\ude00/\"}");
  CHECK(reply.headers.back().second == std::to_string(reply.body.size()));
}

namespace {
class FakeNative : public ankc::Backend {
 public:
  boost::json::value call(const std::string& action, const boost::json::object&) override {
    return boost::json::value(action == "version" ? 6 : 0);
  }
  std::string name() const override { return "native"; }
};
}  // namespace

TEST_CASE("with a fallback, an unreachable upstream hands the request to the fallback backend") {
  ProxyOptions options;
  options.upstream_url = "http://127.0.0.1:" + std::to_string(ankc::test::free_port());
  options.fallback = std::make_unique<FakeNative>();
  auto proxy = ankc::make_proxy_backend(std::move(options));
  CHECK_FALSE(proxy->passThrough(post("{}")));
  CHECK(proxy->call("version", {}) == boost::json::value(6));
}

TEST_CASE("without a fallback, call() throws ActionError") {
  auto proxy = proxy_to("http://127.0.0.1:1");
  CHECK_THROWS_AS(proxy->call("version", {}), ankc::ActionError);
  CHECK(proxy->name() == "proxy");
}

TEST_CASE("on_exchange sees every answered exchange, and not the failed ones") {
  FakeUpstream upstream(FakeUpstream::Mode::kReply, [](const std::string&) { return kVersionReply; });
  std::vector<std::pair<std::string, std::string>> seen;
  ProxyOptions options;
  options.upstream_url = upstream.url();
  options.on_exchange = [&](const HttpRequest& request, const HttpResponse& response) {
    seen.emplace_back(request.body, response.body);
  };
  auto proxy = ankc::make_proxy_backend(std::move(options));
  proxy->passThrough(post("{\"action\": \"version\"}"));
  CHECK(seen == std::vector<std::pair<std::string, std::string>>{{"{\"action\": \"version\"}", "6"}});

  ProxyOptions down;
  down.upstream_url = "http://127.0.0.1:" + std::to_string(ankc::test::free_port());
  down.on_exchange = options.on_exchange;
  ankc::make_proxy_backend(std::move(down))->passThrough(post("{}"));
  CHECK(seen.size() == 1);
}

TEST_CASE("requests from several threads reach the upstream at the same time") {
  std::atomic<int> in_flight{0}, most{0};
  FakeUpstream upstream(FakeUpstream::Mode::kReply, [&](const std::string& raw) {
    int now = ++in_flight;
    int seen = most.load();
    while (now > seen && !most.compare_exchange_weak(seen, now)) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    --in_flight;
    std::string body = raw.substr(raw.find("\r\n\r\n") + 4);
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  });
  auto proxy = proxy_to(upstream.url());
  constexpr int kThreads = 16;
  std::vector<std::string> bodies(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      for (int round = 0; round < 2; ++round)
        bodies[i] += proxy->passThrough(post("[" + std::to_string(i) + "]"))->body;
    });
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < kThreads; ++i) CHECK(bodies[i] == "[" + std::to_string(i) + "][" + std::to_string(i) + "]");
  CHECK(most.load() >= 4);
  CHECK(upstream.connections() == kThreads);  // each thread reused its one connection
}

TEST_CASE("upstream failures are logged through log_error, naming the request") {
  std::vector<std::string> lines;
  ProxyOptions options;
  options.upstream_url = "http://127.0.0.1:" + std::to_string(ankc::test::free_port());
  options.log_error = [&](const std::string& line) { lines.push_back(line); };
  auto proxy = ankc::make_proxy_backend(std::move(options));
  HttpRequest request = post("{}");
  request.peer = "127.0.0.1:4242";
  proxy->passThrough(request);
  REQUIRE(lines.size() == 1);
  CHECK(contains(lines[0], "upstream AnkiConnect at http://127.0.0.1:"));
  CHECK(contains(lines[0], "Couldn't connect to server"));
  CHECK(contains(lines[0], "[POST / from 127.0.0.1:4242]"));
}

TEST_CASE("HEAD carries its body up and gets the reply's body back, as AnkiConnect sends one") {
  FakeUpstream upstream(FakeUpstream::Mode::kReply, [](const std::string&) { return kVersionReply; });
  auto proxy = proxy_to(upstream.url());
  HttpRequest head = post("{\"action\": \"version\"}");
  head.method = "HEAD";
  auto reply = proxy->passThrough(head);
  REQUIRE(reply);
  CHECK(reply->body == "6");
  auto seen = upstream.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].starts_with("HEAD / HTTP/1.1\r\n"));
  CHECK(seen[0].ends_with("\r\n\r\n{\"action\": \"version\"}"));
}

TEST_CASE("an upstreamUrl curl cannot use is reported with curl's reason") {
  auto proxy = proxy_to("ftp://127.0.0.1:1");
  std::string body = expect_error_reply(proxy->passThrough(post("{}")));
  CHECK(contains(body, "ftp://127.0.0.1:1 did not answer: Unsupported protocol"));
  CHECK_FALSE(contains(body, "not HTTP"));
}
