// ankiconnectd as a sync server (issue "Sync II", part 2): daemon A serves the sync protocol for its
// profile (syncServer) while answering AnkiConnect requests; daemon B is a sync client with A as its
// endpoint. Notes and media written through either API reach the other side, and A's collection stays
// consistent while API writes and syncs interleave.
#include <catch2/catch.hpp>

#include <boost/json.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "tests/harness.h"
#include "tests/sync_support.h"

namespace json = boost::json;
using ankc::test::Daemon;
using ankc::test::call;
using ankc::test::error_of;
using ankc::test::request;

namespace {

int64_t add_note(const Daemon& d, const std::string& front) {
  return call(d, "addNote", {{"note", json::object{{"deckName", "Default"},
                                                    {"modelName", "Basic"},
                                                    {"fields", json::object{{"Front", front}, {"Back", "b"}}}}}})
      .as_int64();
}

// A serves sync on a free port for user:pass.
struct Server {
  int port = ankc::test::free_port();
  Daemon daemon{{.config = "syncServer: true\nsyncServerBindPort: " + std::to_string(port) +
                           "\nsyncServerUsers: ['user:pass']\n"}};
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port) + "/"; }
};

std::string client_config(const Server& s) {
  return "syncEndpoint: " + s.url() + "\nsyncKey: " + ankc::test::kSyncKey +
         "\nsyncAfterChangesSeconds: 0\nsyncIntervalMinutes: 0\nsyncOnStart: false\n";
}

// `sync` on a client, then waits for its background media sync to log its line.
void sync_with_media(const Daemon& d) {
  auto count = [&] {
    std::string log = d.log();
    size_t n = 0;
    for (size_t at = log.find("media sync ("); at != std::string::npos; at = log.find("media sync (", at + 1)) ++n;
    return n;
  };
  size_t before = count();
  CHECK(call(d, "sync").is_null());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (count() == before && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(count() > before);
}

}  // namespace

TEST_CASE("a profile served and synced at once is refused at start") {
  auto r = ankc::test::run_binary({"--config", "/dev/stdin"}, {{"SYNC_KEY", "k"}}, 10000,
                                  "syncServer: true\nsyncServerUsers: ['user:pass']\n");
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("a profile is one or the other") != std::string::npos);
  auto none = ankc::test::run_binary({"--config", "/dev/stdin"}, {}, 10000, "syncServer: true\n");
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("no user is configured") != std::string::npos);
}

TEST_CASE("a client syncs notes and media both ways with ankiconnectd's sync server") {
  Server a;
  int64_t n1 = add_note(a.daemon, "written on the server's API");
  call(a.daemon, "storeMediaFile", {{"filename", "from_a.txt"}, {"data", "ZnJvbSBh"}});  // "from a"
  Daemon b({.config = client_config(a)});

  // B is empty and A is not: only a download, then B has A's note and file.
  CHECK(error_of(b, "sync").find("Sync status 3 not one of [0, 1]") == 0);
  CHECK(call(b, "fullSync", {{"mode", "download"}}).is_null());
  CHECK(call(b, "findNotes", {{"query", "deck:*"}}) == json::array{n1});
  sync_with_media(b);
  CHECK(call(b, "retrieveMediaFile", {{"filename", "from_a.txt"}}) == "ZnJvbSBh");

  // Writes on both APIs; B syncs twice (A's writes carry the server usn, so B receives them).
  int64_t n2 = add_note(a.daemon, "second on A");
  int64_t n3 = add_note(b, "first on B");
  call(b, "storeMediaFile", {{"filename", "from_b.txt"}, {"data", "ZnJvbSBi"}});  // "from b"
  sync_with_media(b);
  json::array both{n1, n2, n3};
  CHECK(call(a.daemon, "findNotes", {{"query", "deck:*"}}) == both);
  CHECK(call(b, "findNotes", {{"query", "deck:*"}}) == both);
  CHECK(call(a.daemon, "retrieveMediaFile", {{"filename", "from_b.txt"}}) == "ZnJvbSBi");
  call(a.daemon, "updateNoteFields", {{"note", json::object{{"id", n3}, {"fields", json::object{{"Back", "edited on A"}}}}}});
  call(a.daemon, "deleteNotes", {{"notes", json::array{n1}}});
  sync_with_media(b);
  json::value info = call(b, "notesInfo", {{"notes", json::array{n3}}});
  CHECK(info.as_array()[0].as_object()["fields"].as_object()["Back"].as_object()["value"] == "edited on A");
  CHECK(call(b, "findNotes", {{"query", "deck:*"}}) == json::array{n2, n3});

  // API writes on A while B syncs again and again: nothing lost, nothing half-merged.
  // A note's id is its creation millisecond (Anki's rule), so a note B adds in the very millisecond
  // A's writer adds one gets the same id: two notes that every sync takes for one (the newer wins,
  // each side keeps its own on a tie), as between two Anki devices. That is a collision, not what this
  // part tests: A's writer pauses while B adds, and B's note gets a millisecond of its own.
  std::atomic<bool> stop{false};
  std::atomic<int> written{0};
  std::mutex pause_mutex;
  std::condition_variable pause_changed;
  bool hold = false, paused = false;  // under pause_mutex: B asks A's writer to pause; it has
  std::thread writer([&] {
    for (int i = 0; !stop && i < 200; ++i) {
      {
        std::unique_lock lock(pause_mutex);
        if (hold) {
          paused = true;
          pause_changed.notify_all();
          pause_changed.wait(lock, [&] { return !hold; });
          paused = false;
        }
      }
      json::object fields{{"Front", "busy " + std::to_string(i)}, {"Back", "b"}};
      json::object note{{"deckName", "Default"}, {"modelName", "Basic"}, {"fields", fields}};
      json::object reply = request(a.daemon, "addNote", {{"note", note}});
      if (reply["error"].is_null()) ++written;
    }
    std::lock_guard lock(pause_mutex);
    paused = true;  // done: B never waits for it again
    pause_changed.notify_all();
  });
  for (int i = 0; i < 5; ++i) {
    {
      std::unique_lock lock(pause_mutex);
      hold = true;
      pause_changed.wait(lock, [&] { return paused; });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(3));  // past the millisecond of A's last note
    add_note(b, "from B during the writes " + std::to_string(i));
    std::this_thread::sleep_for(std::chrono::milliseconds(3));  // A's next note in a later one
    {
      std::lock_guard lock(pause_mutex);
      hold = false;
      pause_changed.notify_all();
    }
    CHECK(call(b, "sync").is_null());
  }
  stop = true;
  writer.join();
  CHECK(written > 0);
  CHECK(call(b, "sync").is_null());
  CHECK(call(b, "findNotes", {{"query", "deck:*"}}) == call(a.daemon, "findNotes", {{"query", "deck:*"}}));
  CHECK(call(a.daemon, "findNotes", {{"query", "busy"}}).as_array().size() == static_cast<size_t>(written.load()));

  auto file_a = a.daemon.data_dir() / "collection.anki2";
  REQUIRE(a.daemon.stop() == 0);
  auto checked = ankc::test::run_binary({"check", file_a.string()});
  INFO(checked.out << checked.err);
  CHECK(checked.exit_code == 0);
}
