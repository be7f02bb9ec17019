// The admin listener end to end (issue 14): the real binary after a scripted session (notes added, an
// AnkiConnect error, a sync and a media sync against the in-process loopback sync server): /metrics
// carries the right values, /healthz answers 200 (503 after a failing sync), the status page shows
// each profile's counts and sync state and never a key; apiKey guards it off loopback. Logs: JSON
// lines parse one by one and carry the request id; text lines keep their form.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "backends/native/sync/server/sync_server.h"
#include "tests/harness.h"
#include "tests/sync_support.h"

namespace json = boost::json;
using ankc::test::Daemon;
using ankc::test::call;
using ankc::test::error_of;
using ankc::test::request;
using ankc::test::RawResponse;
using ankc::test::TempDir;

namespace {

std::string sync_config(const std::string& endpoint) {
  return "syncEndpoint: " + endpoint + "\nsyncKey: " + ankc::test::kSyncKey +
         "\nsyncUser: user\nsyncAfterChangesSeconds: 0\nsyncIntervalMinutes: 0\nsyncOnStart: false\n";
}

void add_note(const Daemon& d, const std::string& front) {
  call(d, "addNote", {{"note", json::object{{"deckName", "Default"},
                                            {"modelName", "Basic"},
                                            {"fields", json::object{{"Front", front}, {"Back", "back"}}}}}});
}

// GET on a plain HTTP/1.1 client that reads the reply by its Content-Length (Pistache keeps the
// connection open after answering, whatever the request's Connection header says).
RawResponse get(int port, const std::string& path, const std::vector<std::string>& headers = {}) {
  std::string bytes = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
  for (const auto& h : headers) bytes += h + "\r\n";
  bytes += "\r\n";
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(uint16_t(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  std::string raw;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == ssize_t(bytes.size())) {
    char buffer[65536];
    for (;;) {
      ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      raw.append(buffer, size_t(n));
      RawResponse so_far = ankc::test::parse_response(raw);
      auto end = raw.find("\r\n\r\n");
      auto length = so_far.header("Content-Length");
      if (end != std::string::npos && length && so_far.body.size() >= std::stoul(*length)) break;
    }
  }
  ::close(fd);
  return ankc::test::parse_response(raw);
}

// The value of one sample line "name{labels} value" (labels exactly as written), or nullopt.
std::optional<double> metric(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  return std::nullopt;
}

// Every sample line is "name[{labels}] number" and every family has HELP and TYPE.
void check_exposition_format(const std::string& text) {
  static const std::regex sample(R"(^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eInfa]+$)");
  std::istringstream in(text);
  std::string line;
  int samples = 0;
  while (std::getline(in, line)) {
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) continue;
    INFO(line);
    CHECK(std::regex_match(line, sample));
    ++samples;
  }
  CHECK(samples > 20);
}

std::string metrics_of(int admin_port) {
  auto r = get(admin_port, "/metrics");
  REQUIRE(r.status() == 200);
  CHECK(r.header("Content-Type").value_or("").rfind("text/plain; version=0.0.4", 0) == 0);
  return r.body;
}

}  // namespace

TEST_CASE("admin listener: metrics, health and the status page after a session with a sync") {
  ankc::test::SyncPeer peer;
  int admin = ankc::test::free_port();
  Daemon d({.config = sync_config(peer.url()) + "adminBindPort: " + std::to_string(admin) + "\n"});
  auto started = std::chrono::system_clock::now();

  CHECK(call(d, "sync").is_null());  // a fresh account and collection: nothing to move
  add_note(d, "one");
  add_note(d, "two");
  CHECK(call(d, "fullSync", {{"mode", "upload"}}).is_null());  // the empty account takes the collection
  add_note(d, "three");
  CHECK(request(d, "noSuchAction")["error"] == "unsupported action");
  call(d, "storeMediaFile", {{"filename", "admin.txt"}, {"data", "aGVsbG8gYWRtaW4="}});  // "hello admin": 11 bytes
  CHECK(call(d, "sync").is_null());  // a normal sync of the third note

  // Media sync runs in the background after each collection sync: wait for all three.
  std::string text;
  for (int i = 0; i < 100; ++i) {
    text = metrics_of(admin);
    if (metric(text, R"(ankiconnectd_media_sync_runs_total{profile="User 1"})") == 3.0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  INFO(text);
  check_exposition_format(text);
  const std::string p = R"({profile="User 1"})";
  CHECK(metric(text, R"(ankiconnectd_requests_total{action="addNote",outcome="ok"})") == 3.0);
  CHECK(metric(text, R"(ankiconnectd_requests_total{action="sync",outcome="ok"})") == 2.0);
  CHECK(metric(text, R"(ankiconnectd_requests_total{action="noSuchAction",outcome="error"})") == 1.0);
  CHECK(metric(text, R"(ankiconnectd_request_duration_seconds_count{action="addNote"})") == 3.0);
  CHECK(metric(text, R"(ankiconnectd_request_duration_seconds_bucket{action="addNote",le="+Inf"})") == 3.0);
  CHECK(metric(text, "ankiconnectd_requests_in_flight") == 0.0);
  CHECK(metric(text, "ankiconnectd_profile_notes" + p) == 3.0);
  CHECK(metric(text, "ankiconnectd_profile_cards" + p) == 3.0);
  CHECK(metric(text, "ankiconnectd_profile_active" + p) == 1.0);
  CHECK(metric(text, "ankiconnectd_collection_open" + p) == 1.0);
  CHECK(metric(text, "ankiconnectd_collection_size_bytes" + p).value_or(0) > 0);
  CHECK(metric(text, "ankiconnectd_sync_configured" + p) == 1.0);
  CHECK(metric(text, "ankiconnectd_sync_runs_total" + p) == 3.0);
  CHECK(metric(text, "ankiconnectd_sync_failures_total" + p) == 0.0);
  CHECK(metric(text, "ankiconnectd_sync_last_failed" + p) == 0.0);
  CHECK(metric(text, R"(ankiconnectd_requests_total{action="fullSync",outcome="ok"})") == 1.0);
  double last_success = metric(text, "ankiconnectd_sync_last_success_timestamp_seconds" + p).value_or(0);
  double t0 = double(std::chrono::duration_cast<std::chrono::seconds>(started.time_since_epoch()).count());
  CHECK(last_success >= t0 - 1);
  CHECK(last_success <= t0 + 120);
  CHECK(metric(text, "ankiconnectd_sync_last_duration_seconds" + p).has_value());
  CHECK(metric(text, "ankiconnectd_media_sync_runs_total" + p) == 3.0);
  CHECK(metric(text, "ankiconnectd_media_sync_failures_total" + p) == 0.0);
  CHECK(metric(text, R"(ankiconnectd_media_sync_files_total{profile="User 1",direction="up"})") == 1.0);
  CHECK(metric(text, R"(ankiconnectd_media_sync_bytes_total{profile="User 1",direction="up"})") == 11.0);
  CHECK(metric(text, R"(ankiconnectd_media_sync_files_total{profile="User 1",direction="down"})") == 0.0);
  CHECK(metric(text, "process_resident_memory_bytes").value_or(0) > 1e6);
  CHECK(metric(text, "ankiconnectd_uptime_seconds").value_or(-1) >= 0);
  CHECK(metric(text, R"(ankiconnectd_build_info{version="0.1.0",backend="native"})") == 1.0);
  CHECK(metric(text, "ankiconnectd_collection_busy") == 0.0);

  // A backup follows the writes by about two seconds (backupIntervalMinutes, on by default).
  for (int i = 0; i < 100 && metric(text, "ankiconnectd_backups" + p).value_or(0) < 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    text = metrics_of(admin);
  }
  CHECK(metric(text, "ankiconnectd_backups" + p) == 1.0);
  CHECK(metric(text, "ankiconnectd_backups_bytes" + p).value_or(0) > 0);
  double newest = metric(text, "ankiconnectd_backup_last_timestamp_seconds" + p).value_or(0);
  CHECK(newest >= t0 - 1);
  CHECK(newest <= t0 + 120);

  auto health = get(admin, "/healthz");
  CHECK(health.status() == 200);
  CHECK(health.body == "ok\n");

  auto page = get(admin, "/");
  REQUIRE(page.status() == 200);
  CHECK(page.header("Content-Type") == "text/html; charset=utf-8");
  const std::string& html = page.body;
  CHECK_THAT(html, Catch::Contains("<meta name=\"viewport\""));
  CHECK_THAT(html, Catch::Contains("<h1>ankiconnectd 0.1.0</h1>"));
  CHECK_THAT(html, Catch::Contains("class=\"badge ok\">healthy"));
  CHECK_THAT(html, Catch::Contains("<h3>User 1 <small>(active)</small></h3>"));
  CHECK_THAT(html, Catch::Contains("<dd class=\"notes\">3</dd>"));
  CHECK_THAT(html, Catch::Contains("<dd class=\"cards\">3</dd>"));
  CHECK_THAT(html, Catch::Contains("<dd class=\"sync-state\">synced (normal)</dd>"));
  CHECK_THAT(html, Catch::Contains(peer.url() + " as user"));
  CHECK_THAT(html, Catch::Contains("<td>addNote</td><td>127.0.0.1:"));
  CHECK_THAT(html, Catch::Contains("<td>noSuchAction</td>"));
  CHECK_THAT(html, Catch::Contains("200 error"));
  CHECK_THAT(html, Catch::Contains("<dd class=\"backups\">1 ("));
  CHECK_THAT(html, Catch::Contains("<dt>syncKey</dt><dd>set</dd>"));
  CHECK_THAT(html, Catch::Contains("<dt>apiKey</dt><dd>not set</dd>"));
  CHECK(html.find(ankc::test::kSyncKey) == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);

  CHECK(get(admin, "/nothing").status() == 404);
  // The AnkiConnect port still answers every path as AnkiConnect does.
  CHECK(get(d.port(), "/metrics").body.find("ankiconnectd_") == std::string::npos);
}

namespace {

// The installed headless browser, or "" (scripts/install-deps.sh installs chromium).
std::string chromium() {
  for (const char* path : {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"})
    if (std::filesystem::exists(path)) return path;
  return "";
}

// Runs a shell command; returns its stdout.
std::string run(const std::string& command) {
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[65536];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    ::pclose(pipe);
  }
  return out;
}

}  // namespace

TEST_CASE("admin listener: the status page in a headless browser, phone-sized") {
  std::string browser = chromium();
  if (browser.empty()) {
    WARN("chromium is not installed: the browser check is skipped (scripts/install-deps.sh installs it)");
    return;
  }
  ankc::test::SyncPeer peer;
  int admin = ankc::test::free_port();
  Daemon d({.config = sync_config(peer.url()) + "adminBindPort: " + std::to_string(admin) + "\n"});
  CHECK(call(d, "sync").is_null());
  add_note(d, "seen in a browser");
  add_note(d, "twice");
  std::string url = "http://127.0.0.1:" + std::to_string(admin) + "/";
  std::filesystem::path profile = d.dir() / "chromium-profile";
  std::filesystem::path shot = d.dir() / "status.png";
  std::string flags = " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
                      " --hide-scrollbars --user-data-dir=" + profile.string() + " --window-size=390,844 ";
  run(browser + flags + "--screenshot=" + shot.string() + " " + url + " 2>/dev/null");
  REQUIRE(std::filesystem::exists(shot));
  std::ifstream png(shot, std::ios::binary);
  char magic[8] = {};
  png.read(magic, 8);
  CHECK(std::string(magic + 1, 3) == "PNG");
  CHECK(std::filesystem::file_size(shot) > 10000);  // a rendered page, not a blank one
  // The text a person sees: the DOM as the browser built it.
  std::string dom = run(browser + flags + "--dump-dom " + url + " 2>/dev/null");
  INFO(dom);
  CHECK_THAT(dom, Catch::Contains("class=\"badge ok\">healthy"));
  CHECK_THAT(dom, Catch::Contains("User 1 <small>(active)</small>"));
  CHECK_THAT(dom, Catch::Contains("<dd class=\"notes\">2</dd>"));
  CHECK_THAT(dom, Catch::Contains("<dd class=\"cards\">2</dd>"));
  CHECK_THAT(dom, Catch::Contains("<dd class=\"sync-state\">synced (none)</dd>"));
  CHECK(dom.find(ankc::test::kSyncKey) == std::string::npos);
}

TEST_CASE("admin listener: counts of every profile, the inactive ones read from their files") {
  int admin = ankc::test::free_port();
  Daemon d({.config = "profiles: {A: a, B: b}\nadminBindPort: " + std::to_string(admin) + "\n"});
  add_note(d, "in A");
  CHECK(call(d, "loadProfile", {{"name", "B"}}) == true);
  add_note(d, "in B");
  add_note(d, "in B too");
  std::string text = metrics_of(admin);
  INFO(text);
  CHECK(metric(text, R"(ankiconnectd_profile_notes{profile="A"})") == 1.0);
  CHECK(metric(text, R"(ankiconnectd_profile_notes{profile="B"})") == 2.0);
  CHECK(metric(text, R"(ankiconnectd_profile_active{profile="A"})") == 0.0);
  CHECK(metric(text, R"(ankiconnectd_profile_active{profile="B"})") == 1.0);
  CHECK(metric(text, R"(ankiconnectd_collection_open{profile="B"})") == 1.0);
  CHECK_FALSE(metric(text, R"(ankiconnectd_collection_open{profile="A"})").has_value());
  CHECK(metric(text, R"(ankiconnectd_sync_configured{profile="A"})") == 0.0);
  auto page = get(admin, "/");
  CHECK_THAT(page.body, Catch::Contains("<h3>A</h3>"));
  CHECK_THAT(page.body, Catch::Contains("<h3>B <small>(active)</small></h3>"));
  CHECK_THAT(page.body, Catch::Contains("<dt>Sync</dt><dd>not configured</dd>"));
}

TEST_CASE("admin listener: a profile never loaded has no collection yet") {
  int admin = ankc::test::free_port();
  Daemon d({.config = "profiles: {A: a, B: b}\nadminBindPort: " + std::to_string(admin) + "\n"});
  add_note(d, "in A");
  std::string text = metrics_of(admin);
  CHECK(metric(text, R"(ankiconnectd_profile_notes{profile="A"})") == 1.0);
  CHECK_FALSE(metric(text, R"(ankiconnectd_profile_notes{profile="B"})").has_value());
  CHECK(metric(text, R"(ankiconnectd_collection_size_bytes{profile="B"})") == 0.0);
  CHECK_THAT(get(admin, "/").body, Catch::Contains("<dt>Collection</dt><dd>not created yet"));
}

TEST_CASE("admin listener: a failing sync makes /healthz 503 with the reason") {
  int closed = ankc::test::free_port();  // nothing listens there
  int admin = ankc::test::free_port();
  Daemon d({.config = sync_config("http://127.0.0.1:" + std::to_string(closed) + "/") +
                      "syncTimeoutSeconds: 2\nadminBindPort: " + std::to_string(admin) + "\n"});
  CHECK(get(admin, "/healthz").status() == 200);  // never synced yet: nothing failing
  CHECK_FALSE(request(d, "sync")["error"].is_null());
  auto health = get(admin, "/healthz");
  CHECK(health.status() == 503);
  CHECK_THAT(health.body, Catch::StartsWith("profile 'User 1': the last sync failed: "));
  std::string text = metrics_of(admin);
  const std::string p = R"({profile="User 1"})";
  CHECK(metric(text, "ankiconnectd_sync_runs_total" + p) == 1.0);
  CHECK(metric(text, "ankiconnectd_sync_failures_total" + p) == 1.0);
  CHECK(metric(text, "ankiconnectd_sync_last_failed" + p) == 1.0);
  CHECK_FALSE(metric(text, "ankiconnectd_sync_last_success_timestamp_seconds" + p).has_value());
  auto page = get(admin, "/");
  CHECK_THAT(page.body, Catch::Contains("class=\"badge bad\">unhealthy"));
  CHECK_THAT(page.body, Catch::Contains("<dd class=\"sync-state\">failing</dd>"));
  CHECK_THAT(page.body, Catch::Contains("<dd class=\"error sync-error\">"));
}

TEST_CASE("admin listener: off loopback it asks for the apiKey; on loopback it does not") {
  int admin = ankc::test::free_port();
  {
    Daemon d({.config = "apiKey: s3cret\nadminBindAddress: 0.0.0.0\nadminBindPort: " + std::to_string(admin) + "\n"});
    CHECK(get(admin, "/metrics").status() == 401);
    CHECK(get(admin, "/healthz", {"Authorization: Bearer wrong"}).status() == 401);
    CHECK(get(admin, "/healthz", {"Authorization: Bearer s3cret"}).status() == 200);
    CHECK(get(admin, "/metrics", {"X-Api-Key: s3cret"}).status() == 200);
    auto page = get(admin, "/?key=s3cret");
    CHECK(page.status() == 200);
    CHECK(page.body.find("s3cret") == std::string::npos);
    CHECK_THAT(page.body, Catch::Contains("<dt>apiKey</dt><dd>set</dd>"));
  }
  admin = ankc::test::free_port();
  Daemon d({.config = "apiKey: s3cret\nadminBindPort: " + std::to_string(admin) + "\n"});
  CHECK(get(admin, "/healthz").status() == 200);
}

TEST_CASE("admin listener: off by default") {
  Daemon d;
  CHECK(d.log().find("admin listener") == std::string::npos);
}

TEST_CASE("logFormat json: every line is one JSON object; request lines carry the id and fields") {
  Daemon d({.config = "logFormat: json\n"});
  call(d, "deckNames");
  request(d, "noSuchAction");
  d.post(R"({"action": "version", "version": 6})", {{"Origin", "http://x\"y\xff"}});
  d.stop();
  std::istringstream in(d.log());
  std::string line;
  std::vector<json::object> requests;
  int lines = 0;
  while (std::getline(in, line)) {
    INFO(line);
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    REQUIRE_FALSE(ec);
    REQUIRE(v.is_object());
    const json::object& o = v.as_object();
    CHECK(o.at("time").is_string());
    CHECK(o.at("level").is_string());
    CHECK(o.at("msg").is_string());
    if (o.at("msg") == "request") requests.push_back(o);
    ++lines;
  }
  CHECK(lines >= 5);
  REQUIRE(requests.size() == 3);
  CHECK(requests[0].at("id") == 1);
  CHECK(requests[0].at("action") == "deckNames");
  CHECK(requests[0].at("status") == 200);
  CHECK(requests[0].at("method") == "POST");
  CHECK(requests[1].at("id") == 2);
  CHECK(requests[1].at("action") == "noSuchAction");
  CHECK(requests[2].at("id") == 3);
  CHECK(requests[2].at("origin") == "http://x\"y\xEF\xBF\xBD");  // the stray byte as U+FFFD
}

TEST_CASE("logFormat text: request lines keep their form, with the request id") {
  Daemon d;
  call(d, "deckNames");
  std::regex line(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO request id=1 client=127\.0\.0\.1:\d+ method=POST origin=- action=deckNames status=200 bytes=\d+ duration=[0-9.]+ms)");
  std::string log = d.log();
  CHECK(std::regex_search(log, line));
}
