// `ankiconnectd sync` end to end against the loopback sync server: through the running server of the
// same --config (sync / fullSync over its API, then its media sync followed), and directly on a
// profile's files with no server (the sync client, collection then media). A full sync the command
// line did not choose stops with exit 1 and says how to choose; the chosen direction then runs.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>
#include <string>

#include "tests/harness.h"
#include "tests/sync_support.h"

namespace fs = std::filesystem;
namespace json = boost::json;
using ankc::test::call;
using ankc::test::Daemon;
using ankc::test::run_binary;
using ankc::test::TempDir;

namespace {

// The peer's account with automatic syncs off.
std::string account(const ankc::test::SyncPeer& peer) {
  return "syncEndpoint: " + peer.url() + "\nsyncKey: " + ankc::test::kSyncKey +
         "\nsyncUser: user\nsyncAfterChangesSeconds: 0\nsyncIntervalMinutes: 0\nsyncOnStart: false\n"
         "backupIntervalMinutes: 0\n";
}

void add_note(const Daemon& d, const std::string& front) {
  call(d, "addNote",
       {{"note", json::object{{"deckName", "Default"},
                              {"modelName", "Basic"},
                              {"fields", json::object{{"Front", front}, {"Back", "b"}}}}}});
}

size_t note_count(const Daemon& d) { return call(d, "findNotes", {{"query", "deck:*"}}).as_array().size(); }

}  // namespace

TEST_CASE("sync from the command line: through the running server, then on the files") {
  ankc::test::SyncPeer peer;

  // A: a server holds the collection; `sync --config` of its configuration asks it.
  Daemon a(Daemon::Options{account(peer), {}, true});
  fs::path a_config = a.dir() / "config.yaml";
  for (int i = 0; i < 3; ++i) add_note(a, "from A " + std::to_string(i));
  call(a, "storeMediaFile", {{"filename", "a.txt"}, {"data", "aGVsbG8="}});
  auto refused = run_binary({"sync", "--config", a_config.string()});
  INFO(refused.err);
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("through the server at http://127.0.0.1:" + std::to_string(a.port())) != std::string::npos);
  CHECK(refused.err.find("Sync status") != std::string::npos);
  CHECK(refused.err.find("--full-upload") != std::string::npos);
  auto uploaded = run_binary({"sync", "--full-upload", "--config", a_config.string()});
  INFO(uploaded.err);
  REQUIRE(uploaded.exit_code == 0);
  CHECK(uploaded.err.find("done in") != std::string::npos);
  CHECK(uploaded.err.find(": upload; media ok (0 files down, 1 up)") != std::string::npos);
  CHECK(a.log().find("action=fullSync status=200") != std::string::npos);

  // B: no server runs for its configuration (its port is free): the command syncs the files itself.
  TempDir b;
  fs::path b_config = b.path() / "config.yaml";
  std::ofstream(b_config) << "webBindPort: " << ankc::test::free_port() << "\ndataDir: " << (b.path() / "data").string()
                          << "\n" << account(peer);
  auto b_refused = run_binary({"sync", "--config", b_config.string()});
  INFO(b_refused.err);
  CHECK(b_refused.exit_code == 1);
  CHECK(b_refused.err.find("through the server") == std::string::npos);
  CHECK(b_refused.err.find("--full-download") != std::string::npos);
  auto downloaded = run_binary({"sync", "--full-download", "--config", b_config.string()});
  INFO(downloaded.err);
  REQUIRE(downloaded.exit_code == 0);
  CHECK(downloaded.err.find(": download, collection") != std::string::npos);
  CHECK(downloaded.err.find("media sync (command line)") != std::string::npos);
  CHECK(fs::exists(b.path() / "data" / "collection.media" / "a.txt"));

  // A change on B, synced on the files (normal), then fetched by A through its server.
  {
    Daemon b_server(Daemon::Options{"profiles:\n  User 1: " + (b.path() / "data").string() + "\n" + account(peer), {}, true});
    CHECK(note_count(b_server) == 3);
    add_note(b_server, "from B");
    REQUIRE(b_server.stop() == 0);
  }
  auto normal = run_binary({"sync", "--config", b_config.string()});
  INFO(normal.err);
  REQUIRE(normal.exit_code == 0);
  CHECK(normal.err.find(": normal, sent") != std::string::npos);
  auto fetched = run_binary({"sync", "--config", a_config.string()});
  INFO(fetched.err);
  REQUIRE(fetched.exit_code == 0);
  CHECK(fetched.err.find(": normal") != std::string::npos);
  CHECK(note_count(a) == 4);

  CHECK(run_binary({"sync", "--help"}).exit_code == 0);
  auto both = run_binary({"sync", "--full-upload", "--full-download"});
  CHECK(both.exit_code == 2);
  CHECK(both.err.find("--full-upload, --full-download") != std::string::npos);
  auto bad = run_binary({"sync", "--fast"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--fast") != std::string::npos);
}

TEST_CASE("logFormat json: syncs, media syncs and backups are events with their values") {
  ankc::test::SyncPeer peer;
  Daemon a(Daemon::Options{"logFormat: json\n" + account(peer), {}, true});
  fs::path config = a.dir() / "config.yaml";
  add_note(a, "one");
  call(a, "storeMediaFile", {{"filename", "m.txt"}, {"data", "aGVsbG8="}});
  REQUIRE(run_binary({"sync", "--full-upload", "--config", config.string()}).exit_code == 0);
  REQUIRE(run_binary({"backup", "--config", config.string()}).exit_code == 0);
  add_note(a, "two");
  REQUIRE(run_binary({"sync", "--config", config.string()}).exit_code == 0);

  std::map<std::string, std::vector<json::object>> events;
  std::string log = a.log();
  size_t lines = 0;
  for (size_t at = 0, end; (end = log.find('\n', at)) != std::string::npos; at = end + 1) {
    boost::system::error_code ec;
    json::value line = json::parse(log.substr(at, end - at), ec);
    INFO(log.substr(at, end - at));
    REQUIRE(!ec);
    REQUIRE(line.is_object());
    ++lines;
    if (const json::value* e = line.as_object().if_contains("event")) events[std::string(e->as_string())].push_back(line.as_object());
  }
  CHECK(lines > 5);
  REQUIRE(events["sync"].size() == 2);
  const json::object& upload = events["sync"][0];
  CHECK(upload.at("level") == "INFO");
  CHECK(upload.at("result") == "upload");
  CHECK(upload.at("trigger") == "fullSync");
  CHECK(upload.at("profile") == "User 1");
  CHECK(upload.at("collectionBytes").as_int64() > 0);
  CHECK(upload.at("durationMs").is_int64());
  CHECK(std::string(upload.at("msg").as_string()).rfind("sync (fullSync) profile 'User 1'", 0) == 0);
  const json::object& normal = events["sync"][1];
  CHECK(normal.at("result") == "normal");
  CHECK(normal.at("sent").as_int64() >= 1);
  REQUIRE(events["media_sync"].size() >= 1);
  CHECK(events["media_sync"][0].at("result") == "ok");
  CHECK(events["media_sync"][0].at("filesUp").as_int64() == 1);
  REQUIRE(events["backup"].size() == 1);
  CHECK(events["backup"][0].at("trigger") == "requested");
  CHECK(events["backup"][0].at("bytes").as_int64() > 0);
  CHECK(fs::exists(std::string(events["backup"][0].at("path").as_string())));
}
