// The sync client against faults, end to end (issue 9): the real ankiconnectd binary over real HTTP
// against an endpoint that is down, answers 500, answers garbage or times out; a 308 endpoint move on
// meta persisted across a restart (and a 308 elsewhere refused); a `bad` sanity check rolled back and
// forcing a full sync; a wrong key; `keygen`; and one opt-in test against a real sync server.
//
// The loopback sync server (backends/native/sync/server) runs in this process; the faults are played
// by a scripted fake HTTP server (backends/proxy/fake_upstream.h), which can also forward requests to
// the loopback server to stand in front of it.
#include <catch2/catch.hpp>
#include <curl/curl.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>

#include "backends/native/sync/protocol/wire.h"
#include "backends/native/sync/server/sync_server.h"
#include "backends/proxy/fake_upstream.h"
#include "tests/harness.h"

namespace fs = std::filesystem;
namespace json = boost::json;
using ankc::proxy::FakeUpstream;
using ankc::test::Daemon;
using ankc::test::TempDir;

namespace {

constexpr const char* kKey = "b2619aa1529dfdc4248e6edbf3c1b2a2b014cf6d";  // sha1("user:pass")

// Daemons never sync by themselves here unless a test asks for it.
constexpr const char* kQuiet = "syncAfterChangesSeconds: 0\nsyncIntervalMinutes: 0\nsyncOnStart: false\n";

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The collection's files, main database and WAL (if any), as bytes.
std::string collection_state(const fs::path& folder) {
  return file_bytes(folder / "collection.anki2") + "|" + file_bytes(folder / "collection.anki2-wal");
}

// The loopback sync server with user:pass, its base in a temp folder.
struct LoopbackServer {
  TempDir dir;
  std::unique_ptr<ankc::native::sync::SyncServer> server;
  LoopbackServer() {
    ankc::native::sync::SyncServerOptions options;
    options.base = dir.path() / "base";
    options.users = {{"user", "pass"}};
    server = std::make_unique<ankc::native::sync::SyncServer>(options);
    server->start();
    REQUIRE(server->port() != 0);
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(server->port()) + "/"; }
};

// The YAML of one profile in `folder` syncing with `endpoint` and `key`, plus the quiet defaults.
std::string sync_config(const fs::path& folder, const std::string& endpoint, const std::string& key = kKey,
                        const std::string& extra = kQuiet) {
  return "profiles:\n  User 1: " + folder.string() + "\nsyncEndpoint: " + endpoint + "\nsyncUser: user\nsyncKey: " +
         key + "\n" + extra;
}

// Posts an action and returns the parsed envelope {"result", "error"}.
json::object call(const Daemon& d, const std::string& action, const std::string& params = "{}") {
  // A sync may take longer than the harness's default 10 s (a stalled server, timed out).
  auto r = d.send(ankc::test::request_bytes(R"({"action": ")" + action + R"(", "version": 6, "params": )" + params + "}"),
                  60000);
  INFO(r.raw);
  REQUIRE(r.status() == 200);
  json::value v = json::parse(r.body);
  REQUIRE(v.is_object());
  return v.as_object();
}

// The error text of an answer ("" when it succeeded).
std::string error_of(const json::object& answer) {
  const json::value& e = answer.at("error");
  return e.is_string() ? std::string(e.as_string()) : std::string();
}

std::string add_note_params(const std::string& front) {
  return R"({"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": ")" + front +
         R"(", "Back": "back"}}})";
}

// Adds a Basic note; returns its id.
int64_t add_note(const Daemon& d, const std::string& front) {
  json::object a = call(d, "addNote", add_note_params(front));
  INFO(json::serialize(a));
  REQUIRE(a.at("result").is_int64());
  return a.at("result").as_int64();
}

std::string find_notes(const Daemon& d, const std::string& query) {
  return json::serialize(call(d, "findNotes", R"({"query": ")" + query + R"("})").at("result"));
}

// A raw HTTP response with a body.
std::string http_response(int status, const std::string& reason, const std::string& body,
                          const std::string& extra_headers = "") {
  return "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n" + extra_headers + "Connection: close\r\n\r\n" + body;
}

// The path of a raw request ("/sync/meta").
std::string request_path(const std::string& raw) {
  size_t a = raw.find(' ');
  size_t b = raw.find(' ', a + 1);
  return raw.substr(a + 1, b - a - 1);
}

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

size_t collect_original_size(char* data, size_t size, size_t n, void* out) {
  std::string line(data, size * n);
  std::string lower = line;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::string name = "anki-original-size:";
  if (lower.rfind(name, 0) == 0) {
    std::string v = line.substr(name.size());
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.pop_back();
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.erase(v.begin());
    *static_cast<std::string*>(out) = v;
  }
  return size * n;
}

// Forwards a raw sync request (its path, anki-sync header and body) to the server at `base` and
// returns the server's answer as raw response bytes: a fake front server standing before it.
std::string forward(const std::string& raw, const std::string& base) {
  size_t head_end = raw.find("\r\n\r\n");
  std::string head = raw.substr(0, head_end), body = raw.substr(head_end + 4);
  std::string sync_header;
  std::istringstream lines(head);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string lower = line;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.rfind("anki-sync:", 0) == 0) sync_header = "anki-sync:" + line.substr(10);
  }
  std::string url = base.substr(0, base.size() - 1) + request_path(raw);
  CURL* c = curl_easy_init();
  curl_slist* headers = nullptr;
  if (!sync_header.empty()) headers = curl_slist_append(headers, sync_header.c_str());
  headers = curl_slist_append(headers, "Content-Type: application/octet-stream");
  headers = curl_slist_append(headers, "Expect:");
  std::string answer, original_size;
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &collect_original_size);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &original_size);
  CURLcode rc = curl_easy_perform(c);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(c);
  if (rc != CURLE_OK) return http_response(502, "Bad Gateway", "502");
  return http_response(static_cast<int>(status), "X", answer,
                       original_size.empty() ? "" : "anki-original-size: " + original_size + "\r\n");
}

std::string redirect_to(const std::string& location) {
  return http_response(308, "Permanent Redirect", "", "Location: " + location + "\r\n");
}

// A daemon whose profile lives in `folder` (kept across restarts) and syncs with `endpoint`.
std::unique_ptr<Daemon> daemon_at(const fs::path& folder, const std::string& endpoint, const std::string& key = kKey,
                                  const std::string& extra = kQuiet) {
  return std::make_unique<Daemon>(Daemon::Options{.config = sync_config(folder, endpoint, key, extra), .env = {}});
}

// `sync` against a faulty endpoint: a clear error naming the endpoint and the cause, nothing written.
void check_fault(const std::string& endpoint, const std::vector<std::string>& causes,
                 const std::string& extra = kQuiet) {
  TempDir profile;
  auto d = daemon_at(profile.path(), endpoint, kKey, extra);
  add_note(*d, "before the sync");
  std::string before = collection_state(profile.path());
  std::string error = error_of(call(*d, "sync"));
  INFO(error);
  CHECK(error.rfind("sync: ", 0) == 0);
  CHECK(error.find(endpoint.substr(7)) != std::string::npos);  // host:port, with or without a path
  bool named = false;
  for (const std::string& cause : causes) named = named || error.find(cause) != std::string::npos;
  CHECK(named);
  CHECK(collection_state(profile.path()) == before);
  // syncStatus tells the same story.
  json::object status = call(*d, "syncStatus");
  INFO(json::serialize(status));
  REQUIRE(status.at("result").is_object());
  CHECK(status.at("result").as_object().at("lastResult") == "error");
  CHECK(status.at("result").as_object().at("lastError") == json::value(error));
  CHECK(collection_state(profile.path()) == before);
  // The failure is logged with its cause; the daemon keeps serving.
  CHECK(d->log().find(error) != std::string::npos);
  CHECK(find_notes(*d, "before") != "[]");
  // Stopped, the files still hold what they held before the sync.
  CHECK(d->stop() == 0);
  CHECK(file_bytes(profile.path() / "collection.anki2").size() > 0);
}

}  // namespace

TEST_CASE("sync against an endpoint that is down: a clear error, the collection untouched") {
  int port = ankc::test::free_port();  // nobody listens there
  check_fault("http://127.0.0.1:" + std::to_string(port) + "/", {"cannot reach", "refused", "connect"});
}

TEST_CASE("sync against an endpoint that answers 500") {
  FakeUpstream front(FakeUpstream::Mode::kReply,
                     [](const std::string&) { return http_response(500, "Internal Server Error", "500"); });
  check_fault(front.url() + "/", {"server error 500"});
  CHECK(front.requests().size() >= 1);
  for (const std::string& r : front.requests()) CHECK(request_path(r) == "/sync/meta");
}

TEST_CASE("sync against an endpoint that answers garbage") {
  SECTION("not HTTP at all") {
    FakeUpstream front(FakeUpstream::Mode::kGarbage);
    check_fault(front.url() + "/", {"is not HTTP"});
  }
  SECTION("a 200 without anki-original-size") {
    FakeUpstream front(FakeUpstream::Mode::kReply, [](const std::string&) {
      return http_response(200, "OK", "<html>a captive portal</html>", "Content-Type: text/html\r\n");
    });
    check_fault(front.url() + "/", {"anki-original-size"});
  }
  SECTION("a 200 whose body is not zstd") {
    FakeUpstream front(FakeUpstream::Mode::kReply, [](const std::string&) {
      return http_response(200, "OK", R"({"mod": 1})", "anki-original-size: 10\r\n");
    });
    check_fault(front.url() + "/", {"not valid", "zstd"});
  }
  SECTION("a 200 whose zstd body is not a meta answer") {
    FakeUpstream front(FakeUpstream::Mode::kReply, [](const std::string&) {
      std::string body = "[1, 2, 3]";
      return http_response(200, "OK", ankc::native::sync::zstd_compress(body),
                           "anki-original-size: " + std::to_string(body.size()) + "\r\n");
    });
    check_fault(front.url() + "/", {"not valid", "meta"});
  }
}

TEST_CASE("sync against an endpoint that never answers times out") {
  FakeUpstream front(FakeUpstream::Mode::kSilent);
  // readTimeoutMs below the sync's duration: the complete request must still be answered (the HTTP
  // server once dropped a request whose action ran longer than readTimeoutMs, unanswered).
  check_fault(front.url() + "/", {"timed out"}, std::string(kQuiet) + "syncTimeoutSeconds: 1\nreadTimeoutMs: 1000\n");
}

TEST_CASE("a 308 on meta moves the endpoint for good; a 308 elsewhere is an error") {
  LoopbackServer server;
  TempDir profile;

  SECTION("308 on meta, persisted across a restart") {
    auto front = std::make_unique<FakeUpstream>(FakeUpstream::Mode::kReply, [&](const std::string& raw) {
      if (request_path(raw) == "/sync/meta") return redirect_to(server.base());
      return http_response(404, "Not Found", "404");
    });
    std::string front_base = front->url() + "/";
    auto d = daemon_at(profile.path(), front_base);
    add_note(*d, "moved note");
    // A fresh account: a full sync is needed; the upload goes to where meta was moved.
    CHECK(error_of(call(*d, "fullSync", R"({"mode": "upload"})")) == "");
    CHECK(front->requests().size() == 1);
    json::value state = json::parse(file_bytes(profile.path() / "sync-state.json"));
    INFO(json::serialize(state));
    CHECK(state.at("endpoint") == json::value(server.base()));
    CHECK(state.at("movedFrom") == json::value(front_base));
    json::object status = call(*d, "syncStatus").at("result").as_object();
    CHECK(status.at("endpoint") == json::value(server.base()));
    CHECK(d->log().find("moved this account to " + server.base()) != std::string::npos);

    // Restarted with the front server gone, the persisted endpoint is used.
    CHECK(d->stop() == 0);
    d.reset();
    front.reset();
    d = daemon_at(profile.path(), front_base);
    add_note(*d, "after restart");
    CHECK(error_of(call(*d, "sync")) == "");
    CHECK(d->log().find("at " + server.base() + ": normal") != std::string::npos);
    CHECK(error_of(call(*d, "sync")) == "");  // nothing left to do

    // A second client of the account sees both notes.
    TempDir other;
    auto reader = daemon_at(other.path(), server.base(), kKey, "syncAfterChangesSeconds: 0\nsyncIntervalMinutes: 0\n");
    CHECK(find_notes(*reader, "moved") != "[]");
    CHECK(find_notes(*reader, "after") != "[]");
  }

  SECTION("308 on start is an error, the collection untouched") {
    bool redirect_start = false;
    FakeUpstream front(FakeUpstream::Mode::kReply, [&](const std::string& raw) {
      if (redirect_start && request_path(raw) == "/sync/start") return redirect_to(server.base());
      return forward(raw, server.base());
    });
    std::string front_base = front.url() + "/";
    auto d = daemon_at(profile.path(), front_base);
    add_note(*d, "first");
    CHECK(error_of(call(*d, "fullSync", R"({"mode": "upload"})")) == "");
    add_note(*d, "second");
    redirect_start = true;
    std::string before = collection_state(profile.path());
    std::string error = error_of(call(*d, "sync"));
    INFO(error);
    CHECK(error.find("redirect (308) on start") != std::string::npos);
    CHECK(error.find(front_base) != std::string::npos);
    CHECK(collection_state(profile.path()) == before);
    // The session was aborted; nothing was moved.
    bool aborted = false;
    for (const std::string& r : front.requests()) aborted = aborted || request_path(r) == "/sync/abort";
    CHECK(aborted);
    json::value state = json::parse(file_bytes(profile.path() / "sync-state.json"));
    CHECK(state.at("endpoint") == json::value(""));
    // Once the server behaves, the same sync goes through.
    redirect_start = false;
    CHECK(error_of(call(*d, "sync")) == "");
  }
}

TEST_CASE("a second 308 on meta is an error") {
  LoopbackServer server;
  FakeUpstream second(FakeUpstream::Mode::kReply, [&](const std::string&) { return redirect_to(server.base()); });
  FakeUpstream first(FakeUpstream::Mode::kReply, [&](const std::string&) { return redirect_to(second.url() + "/"); });
  TempDir profile;
  auto d = daemon_at(profile.path(), first.url() + "/");
  add_note(*d, "note");
  std::string before = collection_state(profile.path());
  std::string error = error_of(call(*d, "fullSync", R"({"mode": "upload"})"));
  INFO(error);
  CHECK(error.find("redirect (308) on meta") != std::string::npos);
  CHECK(error.find(second.url()) != std::string::npos);
  CHECK(collection_state(profile.path()) == before);
  CHECK(first.requests().size() == 1);
  CHECK(second.requests().size() == 1);
  // Nothing was persisted: the move did not end anywhere.
  json::value state = json::parse(file_bytes(profile.path() / "sync-state.json"));
  CHECK(state.at("endpoint") == json::value(""));
}

TEST_CASE("a server failing in the middle of a normal sync: rolled back, nothing half-merged") {
  LoopbackServer server;
  std::mutex mutex;
  std::string fault_path;    // the method that fails ("" = none)
  bool lose_answer = false;  // the server does the work, the answer is lost on the way back
  FakeUpstream front(FakeUpstream::Mode::kReply, [&](const std::string& raw) {
    std::string path;
    bool lose;
    {
      std::lock_guard lock(mutex);
      path = fault_path;
      lose = lose_answer;
    }
    if (request_path(raw) != path) return forward(raw, server.base());
    if (lose) forward(raw, server.base());
    return http_response(500, "Internal Server Error", "500");
  });
  TempDir folder_a, folder_b;
  auto a = daemon_at(folder_a.path(), front.url() + "/");
  add_note(*a, "shared note");
  REQUIRE(error_of(call(*a, "fullSync", R"({"mode": "upload"})")) == "");
  auto b = daemon_at(folder_b.path(), server.base(), kKey, "syncAfterChangesSeconds: 0\nsyncIntervalMinutes: 0\n");
  REQUIRE(find_notes(*b, "shared") != "[]");
  add_note(*b, "from B");
  REQUIRE(error_of(call(*b, "sync")) == "");
  add_note(*a, "from A");

  std::string method = GENERATE(std::string("/sync/applyChunk"), std::string("/sync/sanityCheck2"),
                                std::string("/sync/finish"));
  bool lose = GENERATE(false, true);
  CAPTURE(method, lose);
  {
    std::lock_guard lock(mutex);
    fault_path = method;
    lose_answer = lose;
  }
  std::string before = collection_state(folder_a.path());
  std::string error = error_of(call(*a, "sync"));
  INFO(error);
  CHECK(error.find("server error 500") != std::string::npos);
  CHECK(error.find(front.url()) != std::string::npos);
  CHECK(collection_state(folder_a.path()) == before);
  CHECK(find_notes(*a, "\\\"from B\\\"") == "[]");

  // Once the server behaves, the next sync goes through and both sides agree.
  {
    std::lock_guard lock(mutex);
    fault_path.clear();
  }
  CHECK(error_of(call(*a, "sync")) == "");
  CHECK(find_notes(*a, "\\\"from B\\\"") != "[]");
  CHECK(error_of(call(*b, "sync")) == "");
  CHECK(find_notes(*b, "\\\"from A\\\"") != "[]");
  CHECK(find_notes(*a, "deck:*") == find_notes(*b, "deck:*"));
}

// A 2xx answer as the protocol wraps it: zstd with its original size.
std::string zstd_answer(const std::string& body) {
  return http_response(200, "OK", ankc::native::sync::zstd_compress(body),
                       "anki-original-size: " + std::to_string(body.size()) + "\r\n");
}

TEST_CASE("a full sync failing on the wire leaves the local collection as it was") {
  LoopbackServer server;
  std::mutex mutex;
  std::string fault_path;
  std::string fault_answer;
  FakeUpstream front(FakeUpstream::Mode::kReply, [&](const std::string& raw) {
    std::lock_guard lock(mutex);
    if (request_path(raw) == fault_path) return fault_answer;
    return forward(raw, server.base());
  });
  // The account holds another collection.
  TempDir folder_a, folder_c;
  auto a = daemon_at(folder_a.path(), server.base());
  add_note(*a, "on the server");
  REQUIRE(error_of(call(*a, "fullSync", R"({"mode": "upload"})")) == "");

  auto c = daemon_at(folder_c.path(), front.url() + "/");
  add_note(*c, "local only");
  std::string mode = GENERATE(std::string("download"), std::string("upload"));
  int fault = GENERATE(0, 1, 2);
  std::vector<std::string> causes;
  {
    std::lock_guard lock(mutex);
    fault_path = "/sync/" + mode;
    if (fault == 0) {
      fault_answer = http_response(503, "Service Unavailable", "503");
      causes = {"server error 503"};
    } else if (fault == 1 && mode == "download") {
      fault_answer = zstd_answer(std::string(4096, 'x'));  // not an SQLite file
      causes = {"downloaded"};
    } else if (fault == 1) {
      fault_answer = zstd_answer("collection too large");
      causes = {"refused the upload: collection too large"};
    } else {
      fault_answer = "HTTP/1.1 200 OK\r\nanki-original-size: 100000\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n" +
                     std::string(1000, 'z');  // cut short
      causes = {"connection to " + front.url() + "/sync/" + mode + " broke"};
    }
  }
  CAPTURE(mode, fault);
  std::string before = collection_state(folder_c.path());
  std::string error = error_of(call(*c, "fullSync", R"({"mode": ")" + mode + R"("})"));
  INFO(error);
  CHECK(error.rfind("sync: ", 0) == 0);
  bool named = false;
  for (const std::string& cause : causes) named = named || error.find(cause) != std::string::npos;
  CHECK(named);
  CHECK(collection_state(folder_c.path()) == before);
  CHECK(find_notes(*c, "local") != "[]");
  CHECK(find_notes(*c, "server") == "[]");
  // No temporary file is left beside the collection.
  for (const auto& entry : fs::directory_iterator(folder_c.path()))
    CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
  // The server still holds A's collection.
  CHECK(error_of(call(*a, "sync")) == "");
  CHECK(find_notes(*a, "server") != "[]");
}

TEST_CASE("a bad sanity check rolls the sync back and requires a full sync next") {
  LoopbackServer server;
  TempDir folder_a, folder_b;
  auto a = daemon_at(folder_a.path(), server.base());
  add_note(*a, "shared note");
  CHECK(error_of(call(*a, "fullSync", R"({"mode": "upload"})")) == "");

  // B downloads the account at start, adds a note and sends it.
  auto b = daemon_at(folder_b.path(), server.base(), kKey, "syncAfterChangesSeconds: 0\nsyncIntervalMinutes: 0\n");
  CHECK(find_notes(*b, "shared") != "[]");
  add_note(*b, "from B");
  CHECK(error_of(call(*b, "sync")) == "");

  // A gets a row that is not pending (usn 0) and that the server does not have: no sync can fix that.
  CHECK(a->stop() == 0);
  a.reset();
  std::string db = (folder_a.path() / "collection.anki2").string();
  REQUIRE(std::system(("sqlite3 '" + db + "' 'INSERT INTO revlog VALUES (1700000000000, 1, 0, 3, 1, 0, 2500, 5000, 0)'").c_str()) == 0);
  a = daemon_at(folder_a.path(), server.base());
  add_note(*a, "from A");

  std::string error = error_of(call(*a, "sync"));
  INFO(error);
  CHECK(error.find("sanity check") != std::string::npos);
  CHECK(error.find("full sync") != std::string::npos);
  // Rolled back: B's note did not arrive, A's note is still waiting to be sent.
  CHECK(find_notes(*a, "\\\"from B\\\"") == "[]");
  CHECK(find_notes(*a, "\\\"from A\\\"") != "[]");

  // Next time: AnkiConnect's full-sync-required text.
  const std::string full_required =
      "Sync status 2 not one of [0, 1] - see SyncCollectionResponse.ChangesRequired for list of sync statuses: "
      "https://github.com/ankitects/anki/blob/e41c4573d789afe8b020fab5d9d1eede50c3fa3d/proto/anki/sync.proto#L57-L65";
  CHECK(error_of(call(*a, "sync")) == full_required);
  json::object status = call(*a, "syncStatus").at("result").as_object();
  CHECK(status.at("required") == "full");
  // The server was told to abort: what A sent before the sanity check is not there for B.
  CHECK(error_of(call(*b, "sync")) == "");
  CHECK(find_notes(*b, "\\\"from A\\\"") == "[]");
  CHECK(find_notes(*b, "\\\"from B\\\"") != "[]");

  // The files: A's pending note still pending, no row of B's anywhere.
  CHECK(a->stop() == 0);
  a.reset();
  auto query = [&](const std::string& sql) {
    fs::path in = folder_a.path() / "query.sql", out = folder_a.path() / "query.out";
    std::ofstream(in) << sql << ";\n";
    REQUIRE(std::system(("sqlite3 '" + db + "' < '" + in.string() + "' > '" + out.string() + "'").c_str()) == 0);
    std::string text = file_bytes(out);
    fs::remove(in);
    fs::remove(out);
    return text;
  };
  CHECK(query("SELECT count() FROM notes WHERE flds LIKE 'from B%'") == "0\n");
  CHECK(query("SELECT usn FROM notes WHERE flds LIKE 'from A%'") == "-1\n");
  CHECK(query("SELECT count() FROM revlog") == "1\n");
}

TEST_CASE("a wrong key: a clear error, and syncStatus reports it") {
  LoopbackServer server;
  TempDir profile;
  auto d = daemon_at(profile.path(), server.base(), "0123456789abcdef0123456789abcdef01234567");
  add_note(*d, "note");
  std::string before = collection_state(profile.path());
  std::string error = error_of(call(*d, "sync"));
  INFO(error);
  CHECK(error.find("authentication failed") != std::string::npos);
  CHECK(error.find("403") != std::string::npos);
  CHECK(error.find(server.base()) != std::string::npos);
  CHECK(collection_state(profile.path()) == before);
  json::object status = call(*d, "syncStatus").at("result").as_object();
  INFO(json::serialize(status));
  CHECK(status.at("lastError") == json::value(error));
  CHECK(status.at("lastResult") == "error");
  CHECK(status.at("configured") == true);
  CHECK(status.at("error").is_string());
}

TEST_CASE("keygen: right password, wrong password, nothing on stdin") {
  LoopbackServer server;
  auto right = ankc::test::run_binary({"keygen", "--endpoint", server.base(), "user"}, {}, 20000, "pass\n");
  INFO(right.err);
  CHECK(right.exit_code == 0);
  std::string out = right.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  CHECK(out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1) == kKey);

  // The user from stdin too.
  auto both = ankc::test::run_binary({"keygen", "--endpoint", server.base()}, {}, 20000, "user\npass\n");
  CHECK(both.exit_code == 0);
  CHECK(both.out.find(kKey) != std::string::npos);

  auto wrong = ankc::test::run_binary({"keygen", "--endpoint", server.base(), "user"}, {}, 20000, "nope\n");
  INFO(wrong.err);
  CHECK(wrong.exit_code == 1);
  CHECK(wrong.out.empty());
  CHECK(wrong.err.find("did not accept this user name and password") != std::string::npos);
  CHECK(wrong.err.find(server.base()) != std::string::npos);

  auto nothing = ankc::test::run_binary({"keygen", "--endpoint", server.base()}, {}, 20000, "");
  CHECK(nothing.exit_code == 2);
  CHECK(nothing.out.empty());
  CHECK(nothing.err.find("no user") != std::string::npos);

  auto no_password = ankc::test::run_binary({"keygen", "--endpoint", server.base(), "user"}, {}, 20000, "");
  CHECK(no_password.exit_code == 2);
  CHECK(no_password.err.find("no password") != std::string::npos);
}

// Opt-in: a real sync server (never AnkiWeb) named by the environment.
TEST_CASE("against a real sync server (ANKI_SYNC_TEST_ENDPOINT)") {
  const char* endpoint = std::getenv("ANKI_SYNC_TEST_ENDPOINT");
  const char* user = std::getenv("ANKI_SYNC_TEST_USER");
  const char* password = std::getenv("ANKI_SYNC_TEST_PASSWORD");
  if (!endpoint || !*endpoint || !user || !*user || !password) {
    WARN("skipped: set ANKI_SYNC_TEST_ENDPOINT, ANKI_SYNC_TEST_USER and ANKI_SYNC_TEST_PASSWORD to run it");
    return;
  }
  std::string base = endpoint;
  REQUIRE(base.find("ankiweb.net") == std::string::npos);  // never AnkiWeb
  auto login = ankc::test::run_binary({"keygen", "--endpoint", base, user}, {}, 60000, std::string(password) + "\n");
  INFO(login.err);
  REQUIRE(login.exit_code == 0);
  std::string key = login.out;
  while (!key.empty() && key.back() == '\n') key.pop_back();
  key = key.substr(key.rfind('\n') == std::string::npos ? 0 : key.rfind('\n') + 1);
  REQUIRE(!key.empty());

  std::string extra = std::string(kQuiet) + "syncTimeoutSeconds: 60\n";
  TempDir folder_a, folder_b;
  auto a = daemon_at(folder_a.path(), base, key, extra);
  add_note(*a, "real server one");
  add_note(*a, "real server two");
  CHECK(error_of(call(*a, "fullSync", R"({"mode": "upload"})")) == "");
  std::string notes_a = find_notes(*a, "deck:*");

  auto b = daemon_at(folder_b.path(), base, key, "syncAfterChangesSeconds: 0\nsyncIntervalMinutes: 0\nsyncTimeoutSeconds: 60\n");
  std::string notes_b = find_notes(*b, "deck:*");
  CHECK(notes_b == notes_a);
  auto info = [](const Daemon& d, const std::string& ids) {
    return json::serialize(call(d, "notesInfo", R"({"notes": )" + ids + "}").at("result"));
  };
  CHECK(info(*b, notes_b) == info(*a, notes_a));
}
