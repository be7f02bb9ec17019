// Unit tests of the admin pages' rendering and the request metrics (no sockets; the end-to-end test
// is tests/admin_test.cc).
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "src/admin.h"
#include "src/request_metrics.h"

using namespace ankc;

namespace {

AdminView view_with(const char* native_json) {
  AdminView v;
  v.version = "9.9";
  v.backend = "native";
  v.now_unix_ms = 1'700'000'100'000;
  v.start_unix_ms = 1'700'000'000'000;
  if (native_json) v.native = boost::json::parse(native_json).as_object();
  return v;
}

}  // namespace

TEST_CASE("outcome of a reply: envelope error, forbidden, refused") {
  CHECK(outcome_of(200, R"({"result": 6, "error": null})") == Outcome::ok);
  CHECK(outcome_of(200, R"({"result": null, "error": "unsupported action"})") == Outcome::error);
  CHECK(outcome_of(200, R"({"result": {"error": null}, "error": "x"})") == Outcome::error);
  CHECK(outcome_of(200, "6") == Outcome::ok);  // API version 4 and below: no envelope
  CHECK(outcome_of(200, "") == Outcome::ok);   // OPTIONS
  CHECK(outcome_of(403, "") == Outcome::forbidden);
  CHECK(outcome_of(413, "{}") == Outcome::refused);
}

TEST_CASE("request metrics: counts, histogram buckets, in flight, recent requests newest first") {
  RequestMetrics m(2);
  auto a = m.begin();
  auto b = m.begin();
  CHECK(m.snapshot().in_flight == 2);
  m.end({a, 0, "addNote", "c", 200, Outcome::ok, 0.003});
  m.end({b, 0, "addNote", "c", 200, Outcome::error, 0.2});
  m.end({m.next_id(), 0, "", "c", 413, Outcome::refused, 0}, false);
  auto s = m.snapshot();
  CHECK(s.in_flight == 0);
  CHECK(s.requests[{"addNote", "ok"}] == 1);
  CHECK(s.requests[{"addNote", "error"}] == 1);
  CHECK(s.requests[{"-", "refused"}] == 1);
  const LatencyHistogram& h = s.latency["addNote"];
  CHECK(h.count == 2);
  CHECK(h.buckets[0] == 0);  // le 0.001
  CHECK(h.buckets[2] == 1);  // le 0.005
  CHECK(h.buckets[7] == 2);  // le 0.25
  REQUIRE(s.recent.size() == 2);
  CHECK(s.recent[0].id == 3);
  CHECK(s.recent[1].id == 2);
}

TEST_CASE("health: collection that does not open, failing sync, busy, proxy") {
  CHECK(health_of(view_with(nullptr)).ok);
  auto broken = health_of(view_with(
      R"({"busy": null, "profiles": [{"name": "A", "active": true, "open": false, "openError": "disk full"}]})"));
  CHECK_FALSE(broken.ok);
  CHECK(broken.reason == "profile 'A': the collection does not open: disk full");
  auto failing = health_of(view_with(R"({"busy": null, "profiles": [
      {"name": "B", "active": false, "open": null, "sync": {"configured": true, "lastResult": "error", "lastError": "old"}},
      {"name": "A", "active": true, "open": true, "sync": {"configured": true, "lastResult": "error", "lastError": "timeout"}}]})"));
  CHECK_FALSE(failing.ok);
  CHECK(failing.reason == "profile 'A': the last sync failed: timeout");
  auto unconfigured = health_of(view_with(R"({"busy": null, "profiles": [
      {"name": "A", "active": true, "open": true, "sync": {"configured": false, "lastResult": "error"}}]})"));
  CHECK(unconfigured.ok);
  auto busy = health_of(view_with(R"({"busy": "collection is busy: a sync has held it for 5 s"})"));
  CHECK(busy.ok);
  CHECK(busy.reason == "ok (collection is busy: a sync has held it for 5 s)");
}

TEST_CASE("metrics: label values escaped, busy flag, profiles without counts skipped") {
  AdminView v = view_with(R"({"busy": "held", "profiles": [
      {"name": "a\"b\\c", "active": true, "notes": 5, "cards": null, "collectionBytes": 10, "open": true,
       "sync": {"configured": false}}]})");
  std::string text = render_metrics(v);
  CHECK_THAT(text, Catch::Contains("ankiconnectd_profile_notes{profile=\"a\\\"b\\\\c\"} 5\n"));
  CHECK_THAT(text, !Catch::Contains("ankiconnectd_profile_cards{"));
  CHECK_THAT(text, Catch::Contains("ankiconnectd_collection_busy 1\n"));
  CHECK_THAT(text, Catch::Contains("ankiconnectd_uptime_seconds 100\n"));
  CHECK_THAT(text, Catch::Contains("# TYPE ankiconnectd_request_duration_seconds histogram\n"));
}

TEST_CASE("status page: text is escaped, no script") {
  AdminView v = view_with(R"({"busy": null, "profiles": [
      {"name": "<b>me</b>", "active": true, "notes": 1, "cards": 2, "collectionBytes": 2048, "open": true,
       "sync": {"configured": true, "endpoint": "http://h/", "lastResult": "error", "lastError": "<x>&"}}]})");
  v.config = {{"apiKey", "set"}};
  std::string page = render_status_page(v);
  CHECK_THAT(page, Catch::Contains("<h3>&lt;b&gt;me&lt;/b&gt; <small>(active)</small></h3>"));
  CHECK_THAT(page, Catch::Contains("&lt;x&gt;&amp;"));
  CHECK_THAT(page, Catch::Contains("2.0 KiB"));
  CHECK_THAT(page, Catch::Contains("<dt>apiKey</dt><dd>set</dd>"));
  CHECK(page.find("<script") == std::string::npos);
}

TEST_CASE("admin service: key, methods, paths") {
  AdminService open([] { return view_with(nullptr); }, std::nullopt);
  CHECK(open.handle({"GET", "/healthz", {}, {}, {}}).status == 200);
  CHECK(open.handle({"POST", "/healthz", {}, {}, {}}).status == 405);
  CHECK(open.handle({"GET", "/x", {}, {}, {}}).status == 404);
  AdminService guarded([] { return view_with(nullptr); }, std::string("k"));
  CHECK(guarded.handle({"GET", "/", {}, {}, {}}).status == 401);
  CHECK(guarded.handle({"GET", "/", std::string("k"), {}, {}}).status == 200);
  CHECK(guarded.handle({"GET", "/", {}, std::string("Bearer k"), {}}).status == 200);
  CHECK(guarded.handle({"GET", "/", {}, std::string("Bearer no"), std::string("k")}).status == 401);
  CHECK(guarded.handle({"GET", "/", {}, {}, std::string("k")}).status == 200);
  CHECK(is_loopback_address("127.0.0.1"));
  CHECK(is_loopback_address("::1"));
  CHECK_FALSE(is_loopback_address("0.0.0.0"));
}

TEST_CASE("proxyFailover: the mode and switches in /metrics, on the page and in the health reason") {
  AdminView v = view_with(nullptr);
  v.backend = "proxy";
  v.failover = boost::json::parse(R"({"mode": "native", "upstream": "http://127.0.0.1:8766", "since": 1700000050000,
      "reason": "Couldn't connect to server", "switchesToNative": 3, "switchesToUpstream": 2, "reconcileFailures": 1,
      "lastReconcileError": "the desktop's sync: x", "catchUpSync": "ok", "lastProbe": 0, "lastProbeError": ""})")
                   .as_object();
  std::string metrics = render_metrics(v);
  CHECK(metrics.find("ankiconnectd_failover_mode{mode=\"native\"} 1\n") != std::string::npos);
  CHECK(metrics.find("ankiconnectd_failover_mode{mode=\"upstream\"} 0\n") != std::string::npos);
  CHECK(metrics.find("ankiconnectd_failover_switches_total{to=\"native\"} 3\n") != std::string::npos);
  CHECK(metrics.find("ankiconnectd_failover_switches_total{to=\"upstream\"} 2\n") != std::string::npos);
  CHECK(metrics.find("ankiconnectd_failover_reconcile_failures_total 1\n") != std::string::npos);
  std::string page = render_status_page(v);
  CHECK(page.find("<dd id=\"failover-mode\">answering from native (desktop down)</dd>") != std::string::npos);
  CHECK(page.find("the desktop&#39;s sync: x") != std::string::npos);
  Health h = health_of(v);
  CHECK(h.ok);
  CHECK(h.reason == "ok (proxy backend); answering from native (native): Couldn't connect to server");
  // Forwarding: no note.
  v.failover->at("mode") = "upstream";
  CHECK(health_of(v).reason == "ok (proxy backend)");
}
