// The proxy backend against in-process fake upstreams: what goes up, what comes back, and what the
// client gets when the upstream is down, silent or not HTTP at all.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <thread>

#include "backends/action_error.h"
#include "backends/proxy/fake_upstream.h"
#include "backends/proxy/proxy_backend.h"
#include "backends/proxy/request_kind.h"
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

// --- request kinds ---------------------------------------------------------------------------------

TEST_CASE("request_kind: read-only requests by the action table; multi only when every element is") {
  using ankc::proxy::is_read_only_request;
  using ankc::proxy::request_action;
  CHECK(request_action(R"({"action": "deckNames", "version": 6})") == std::optional<std::string>("deckNames"));
  CHECK_FALSE(request_action("[1]"));
  CHECK_FALSE(request_action(R"({"action": 5})"));
  CHECK(is_read_only_request(R"({"action": "deckNames", "version": 6})"));
  CHECK(is_read_only_request(R"({"action": "findNotes", "params": {"query": "x"}})"));
  CHECK_FALSE(is_read_only_request(R"({"action": "addNote", "params": {}})"));
  CHECK_FALSE(is_read_only_request(R"({"action": "sync"})"));
  CHECK(is_read_only_request(
      R"({"action": "multi", "params": {"actions": [{"action": "version"}, {"action": "deckNames"}]}})"));
  CHECK_FALSE(is_read_only_request(
      R"({"action": "multi", "params": {"actions": [{"action": "version"}, {"action": "deleteDecks"}]}})"));
  CHECK_FALSE(is_read_only_request(
      R"({"action": "multi", "params": {"actions": [{"action": "multi", "params": {"actions": [{"action": "addNote"}]}}]}})"));
  // Nothing runs for a body AnkiConnect cannot read, or one that names no action.
  CHECK(is_read_only_request("{not json"));
  CHECK(is_read_only_request(R"({"version": 6})"));
  // Python's superset of JSON (NaN, duplicate keys: the last one wins) is read as AnkiConnect reads it.
  CHECK_FALSE(is_read_only_request(R"({"action": "deckNames", "x": NaN, "action": "addNote"})"));
}

// --- failover: the circuit breaker ------------------------------------------------------------------

namespace {

// Everything both sides saw, in order: "native:<action>" and "upstream:<action>".
struct Events {
  std::mutex mutex;
  std::vector<std::string> list;
  void add(const std::string& e) {
    std::lock_guard lock(mutex);
    list.push_back(e);
  }
  std::vector<std::string> snapshot() {
    std::lock_guard lock(mutex);
    return list;
  }
  long index_of(const std::string& e, size_t from = 0) {
    auto l = snapshot();
    for (size_t i = from; i < l.size(); ++i)
      if (l[i] == e) return long(i);
    return -1;
  }
};

class RecordingNative : public ankc::Backend {
 public:
  explicit RecordingNative(Events& events) : events_(events) {}
  boost::json::value call(const std::string& action, const boost::json::object&) override {
    events_.add("native:" + action);
    if (action == "syncStatus") return boost::json::object{{"configured", true}};
    return boost::json::value(action == "version" ? 6 : 0);
  }
  std::string name() const override { return "native"; }

 private:
  Events& events_;
};

std::string body_of(const std::string& raw) {
  auto at = raw.find("\r\n\r\n");
  return at == std::string::npos ? "" : raw.substr(at + 4);
}

std::string anki_reply(const std::string& body) {
  return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + body;
}

// An upstream AnkiConnect whose `sync` answers `sync_error` (null: success).
FakeUpstream::Reply desktop(Events& events, std::string sync_error) {
  return [&events, sync_error](const std::string& raw) {
    auto action = ankc::proxy::request_action(body_of(raw)).value_or("?");
    events.add("upstream:" + action);
    if (action == "version") return anki_reply(R"({"result": 6, "error": null})");
    if (action == "sync") return anki_reply(R"({"result": null, "error": )" + sync_error + "}");
    return anki_reply(R"({"result": "from upstream", "error": null})");
  };
}

std::string mode_of(ankc::Backend& proxy) {
  auto status = ankc::proxy_failover_status(proxy);
  REQUIRE(status);
  return std::string((*status)["mode"].as_string());
}

bool wait_for_mode(ankc::Backend& proxy, const std::string& mode, int seconds = 10) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (mode_of(proxy) == mode) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace

TEST_CASE("failover: down -> native at once; back -> push, the desktop's sync, pull, then forwarding") {
  Events events;
  std::vector<std::string> lines;
  std::mutex lines_mutex;
  auto log = [&](const std::string& line) {
    std::lock_guard lock(lines_mutex);
    lines.push_back(line);
  };
  const int port = ankc::test::free_port();
  ProxyOptions options;
  options.upstream_url = "http://127.0.0.1:" + std::to_string(port);
  options.connect_timeout_ms = 500;
  options.timeout_ms = 2000;
  options.probe_seconds = 1;
  options.fallback = std::make_unique<RecordingNative>(events);
  options.log_error = options.log_warn = options.log_info = log;
  auto proxy = ankc::make_proxy_backend(std::move(options));

  // The first probe finds nobody: native, after the catch-up sync.
  REQUIRE(wait_for_mode(*proxy, "native"));
  auto status = *ankc::proxy_failover_status(*proxy);
  CHECK(contains(std::string(status["reason"].as_string()), "probe: Couldn't connect to server"));
  CHECK(status["switchesToNative"] == 1);
  CHECK_FALSE(proxy->passThrough(post(R"({"action": "addNote", "version": 6})")));
  CHECK(proxy->call("addNote", {}) == boost::json::value(0));
  CHECK(events.index_of("native:sync") == 0);  // the catch-up sync ran before the request was answered
  CHECK(events.index_of("native:addNote") == 1);
  // syncStatus is answered here with the failover state, in any mode.
  CHECK_FALSE(proxy->passThrough(post(R"({"action": "syncStatus", "version": 6})")));
  auto sync_status = proxy->call("syncStatus", {});
  CHECK(sync_status.as_object().at("failover").as_object().at("mode") == "native");

  {
    // Back, but its sync fails: the proxy stays on native and says why.
    FakeUpstream refusing(FakeUpstream::Mode::kReply, desktop(events, R"("sync: auth not configured")"), port);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (ankc::proxy_failover_status(*proxy)->at("reconcileFailures") == 0 &&
           std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    status = *ankc::proxy_failover_status(*proxy);
    CHECK(status["reconcileFailures"].as_int64() >= 1);
    CHECK(contains(std::string(status["lastReconcileError"].as_string()), "the desktop's sync: sync: auth not configured"));
    CHECK(mode_of(*proxy) != "upstream");
  }
  REQUIRE(wait_for_mode(*proxy, "native"));
  size_t before_return = events.snapshot().size();

  FakeUpstream good(FakeUpstream::Mode::kReply, desktop(events, "null"), port);
  REQUIRE(wait_for_mode(*proxy, "upstream"));
  // Order: a probe answered, the native push, the desktop's sync, the native pull.
  long probe = events.index_of("upstream:version", before_return);
  long push = events.index_of("native:sync", before_return);
  long desktop_sync = events.index_of("upstream:sync", before_return);
  long pull = events.index_of("native:sync", size_t(desktop_sync + 1));
  CHECK(probe >= 0);
  CHECK(push > probe);
  CHECK(desktop_sync > push);
  CHECK(pull > desktop_sync);
  auto reply = proxy->passThrough(post(R"({"action": "deckNames", "version": 6})"));
  REQUIRE(reply);
  CHECK(reply->body == R"({"result": "from upstream", "error": null})");
  status = *ankc::proxy_failover_status(*proxy);
  CHECK(status["switchesToUpstream"] == 1);
  CHECK(status["reason"] == "");
  std::lock_guard lock(lines_mutex);
  std::string all;
  for (const auto& line : lines) all += line + "\n";
  CHECK(contains(all, "failover: upstream AnkiConnect at " + std::string("http://127.0.0.1:") + std::to_string(port) +
                          " is down (probe: Couldn't connect to server"));
  CHECK(contains(all, "failover: catch-up sync done"));
  CHECK(contains(all, "failover: reconciliation failed: the desktop's sync: sync: auth not configured"));
  CHECK(contains(all, "failover: forwarding to the upstream AnkiConnect at"));
}

TEST_CASE("failover: a write that may have reached a silent upstream is not repeated on native; a read is") {
  Events events;
  FakeUpstream silent(FakeUpstream::Mode::kSilent);
  auto make = [&] {
    ProxyOptions options;
    options.upstream_url = silent.url();
    options.connect_timeout_ms = 500;
    options.timeout_ms = 300;
    options.probe_seconds = 60;
    options.fallback = std::make_unique<RecordingNative>(events);
    options.log_error = options.log_warn = options.log_info = [](const std::string&) {};
    return ankc::make_proxy_backend(std::move(options));
  };
  {
    auto proxy = make();
    std::string body = expect_error_reply(proxy->passThrough(post(R"({"action": "addNote", "version": 6})")));
    CHECK(contains(body, "Timeout was reached"));
    CHECK(contains(body, "it was not repeated on the native backend"));
    // From now on requests go to native without waiting for the upstream.
    auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(proxy->passThrough(post(R"({"action": "addNote", "version": 6})")));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(250));
  }
  {
    auto proxy = make();
    CHECK_FALSE(proxy->passThrough(post(R"({"action": "deckNames", "version": 6})")));
    CHECK(mode_of(*proxy) == "native");
  }
}

TEST_CASE("failover: no failover state without a fallback") {
  auto proxy = proxy_to("http://127.0.0.1:1");
  CHECK_FALSE(ankc::proxy_failover_status(*proxy));
  CHECK(ankc::proxy_fallback(*proxy) == nullptr);
}
