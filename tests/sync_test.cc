// Sync end to end (issue "Sync I"): two real ankiconnectd processes and the project's loopback sync
// server (a test double of Anki's reference server, backends/native/sync/server) over real HTTP.
// Both clients and the server must end with the same rows after syncing changes made on each side.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
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
using ankc::test::TempDir;
using ankc::test::collection_rows;

namespace {

constexpr const char* kFullSyncText =
    " not one of [0, 1] - see SyncCollectionResponse.ChangesRequired for list of sync statuses: "
    "https://github.com/ankitects/anki/blob/e41c4573d789afe8b020fab5d9d1eede50c3fa3d/proto/anki/sync.proto#L57-L65";

std::string full_sync_text(int required) { return "Sync status " + std::to_string(required) + kFullSyncText; }

// A client of the peer with automatic sync off; `extra` lines replace the defaults they name.
std::string client_config(const ankc::test::SyncPeer& peer, const std::string& extra = "") {
  std::vector<std::pair<std::string, std::string>> keys = {
      {"syncEndpoint", peer.url()}, {"syncKey", ankc::test::kSyncKey}, {"syncUser", "user"},
      {"syncAfterChangesSeconds", "0"}, {"syncIntervalMinutes", "0"}, {"syncOnStart", "false"}};
  std::string out;
  for (const auto& [key, value] : keys)
    if (extra.find(key + ":") == std::string::npos) out += key + ": " + value + "\n";
  return out + extra;
}

// Calls an action; returns {result, error} as parsed JSON.
// The result of an action that must succeed.
// The error text of an action that must fail.
json::object basic_note(const std::string& deck, const std::string& front, const std::string& back,
                        json::array tags = {}) {
  return json::object{{"deckName", deck},
                      {"modelName", "Basic"},
                      {"fields", json::object{{"Front", front}, {"Back", back}}},
                      {"tags", std::move(tags)}};
}

int64_t add_note(const Daemon& d, const std::string& deck, const std::string& front, json::array tags = {}) {
  return call(d, "addNote", {{"note", basic_note(deck, front, "back of " + front, std::move(tags))}}).as_int64();
}

// Rows of a query on a closed collection file, each row as text.
std::vector<std::string> rows(const std::filesystem::path& file, const std::string& sql) {
  return collection_rows(file, sql, [](sqlite3_stmt* stmt, int i) {
    const void* blob = sqlite3_column_blob(stmt, i);
    int n = sqlite3_column_bytes(stmt, i);
    return std::to_string(sqlite3_column_type(stmt, i)) + ":" +
           std::string(static_cast<const char*>(blob ? blob : ""), static_cast<size_t>(n));
  });
}

// Every synced table of a collection, in a form two synced collections must share. Graves are compared
// as (oid, type) only: each side stamps the graves it receives with its own usn.
std::map<std::string, std::vector<std::string>> synced_state(const std::filesystem::path& file) {
  std::map<std::string, std::vector<std::string>> s;
  s["notes"] = rows(file, "SELECT * FROM notes ORDER BY id");
  s["cards"] = rows(file, "SELECT * FROM cards ORDER BY id");
  s["revlog"] = rows(file, "SELECT * FROM revlog ORDER BY id");
  s["decks"] = rows(file, "SELECT id, CAST(name AS BLOB), mtime_secs, usn, common, kind FROM decks ORDER BY id");
  s["deck_config"] = rows(file, "SELECT id, CAST(name AS BLOB), mtime_secs, usn, config FROM deck_config ORDER BY id");
  s["notetypes"] = rows(file, "SELECT id, CAST(name AS BLOB), mtime_secs, usn, config FROM notetypes ORDER BY id");
  s["fields"] = rows(file, "SELECT ntid, ord, CAST(name AS BLOB), config FROM fields ORDER BY ntid, ord");
  s["templates"] = rows(file, "SELECT ntid, ord, CAST(name AS BLOB), config FROM templates ORDER BY ntid, ord");
  // A tag carries no usn on the wire: each side stamps it with the usn of the sync that brought it.
  s["tags"] = rows(file, "SELECT CAST(tag AS BLOB) FROM tags ORDER BY CAST(tag AS BLOB)");
  s["graves"] = rows(file, "SELECT oid, type FROM graves ORDER BY oid, type");
  s["col"] = rows(file, "SELECT crt, mod, scm, ver, usn, ls FROM col");
  s["config"] = rows(file, "SELECT CAST(KEY AS BLOB), val FROM config ORDER BY CAST(KEY AS BLOB)");
  return s;
}

void check_same(const std::map<std::string, std::vector<std::string>>& a,
                const std::map<std::string, std::vector<std::string>>& b, const std::string& what) {
  for (const auto& [table, rows_a] : a) {
    INFO(what << ": table " << table);
    CHECK(rows_a == b.at(table));
  }
}

std::vector<int64_t> ids(const json::value& v) {
  std::vector<int64_t> out;
  for (const auto& x : v.as_array()) out.push_back(x.as_int64());
  return out;
}

json::array id_array(const std::vector<int64_t>& v) {
  json::array out;
  for (int64_t x : v) out.push_back(x);
  return out;
}

std::filesystem::path collection_of(const Daemon& d) { return d.data_dir() / "collection.anki2"; }

// `ankiconnectd check` on a collection file: exit code and output.
ankc::test::RunResult check(const std::filesystem::path& file) { return ankc::test::run_binary({"check", file.string()}); }

// Waits until `pred` holds or `timeout` passes.
template <class Pred>
bool eventually(Pred pred, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return pred();
}

}  // namespace

TEST_CASE("sync without a key answers AnkiConnect's text") {
  Daemon d;
  CHECK(error_of(d, "sync") == "sync: auth not configured");
  CHECK(error_of(d, "fullSync", {{"mode", "upload"}}) == "sync: auth not configured");
  CHECK(error_of(d, "fullSync", {{"mode", "sideways"}}) == "mode must be 'upload' or 'download'");
  json::object status = call(d, "syncStatus").as_object();
  CHECK(status["configured"] == false);
  CHECK(status["endpoint"] == "https://sync.ankiweb.net/");
}

TEST_CASE("two clients converge through the sync server") {
  ankc::test::SyncPeer peer;
  Daemon a({.config = client_config(peer)});
  Daemon b({.config = client_config(peer)});

  // A fresh account and a fresh collection: nothing to do.
  CHECK(call(a, "sync").is_null());
  // Content on A, an empty account: only a full upload makes sense, and AnkiConnect's text says so.
  call(a, "createDeck", {{"deck", "Lang::French"}});
  int64_t n1 = add_note(a, "Lang::French", "chat", {"animal"});
  int64_t n2 = add_note(a, "Lang::French", "chien", {"animal"});
  int64_t n3 = add_note(a, "Default", "maison");
  CHECK(error_of(a, "sync") == full_sync_text(4));
  CHECK(call(a, "fullSync", {{"mode", "upload"}}).is_null());
  CHECK(call(a, "sync").is_null());
  CHECK(call(a, "syncStatus").as_object()["required"] == "none");

  // B is empty and the account is not: only a download; fullSync download swaps B's open collection.
  CHECK(error_of(b, "sync") == full_sync_text(3));
  CHECK(call(b, "fullSync", {{"mode", "download"}}).is_null());
  json::object all{{"query", "deck:*"}};
  CHECK(call(b, "findNotes", all) == call(a, "findNotes", all));
  CHECK(call(b, "notesInfo", {{"notes", json::array{n1, n2, n3}}}) ==
        call(a, "notesInfo", {{"notes", json::array{n1, n2, n3}}}));

  // Changes on A of every kind a normal sync carries.
  int64_t n4 = add_note(a, "Lang::French", "oiseau", {"animal", "new"});
  call(a, "updateNoteFields", {{"note", json::object{{"id", n1}, {"fields", json::object{{"Back", "cat (edited on A)"}}}}}});
  call(a, "deleteNotes", {{"notes", json::array{n2}}});
  call(a, "addTags", {{"notes", json::array{n3}}, {"tags", "house"}});
  call(a, "createDeck", {{"deck", "Lang::German"}});
  call(a, "createDeck", {{"deck", "Scratch"}});
  call(a, "deleteDecks", {{"decks", json::array{"Scratch"}}, {"cardsToo", true}});
  std::vector<int64_t> n3_cards = ids(call(a, "findCards", {{"query", "nid:" + std::to_string(n3)}}));
  call(a, "changeDeck", {{"cards", id_array(n3_cards)}, {"deck", "Lang::German"}});
  int64_t preset = call(a, "cloneDeckConfigId", {{"name", "Intense"}, {"cloneFrom", 1}}).as_int64();
  call(a, "setDeckConfigId", {{"decks", json::array{"Lang::German"}}, {"configId", preset}});
  call(a, "modelFieldRename", {{"modelName", "Basic"}, {"oldFieldName", "Back"}, {"newFieldName", "Verso"}});
  std::vector<int64_t> n1_cards = ids(call(a, "findCards", {{"query", "nid:" + std::to_string(n1)}}));
  call(a, "answerCards", {{"answers", json::array{json::object{{"cardId", n1_cards[0]}, {"ease", 3}}}}});
  std::vector<int64_t> n4_cards = ids(call(a, "findCards", {{"query", "nid:" + std::to_string(n4)}}));
  call(a, "setDueDate", {{"cards", id_array(n4_cards)}, {"days", "5"}});
  call(a, "suspend", {{"cards", id_array(n3_cards)}});
  CHECK(call(a, "sync").is_null());
  CHECK(call(b, "sync").is_null());
  CHECK(call(b, "findNotes", all) == call(a, "findNotes", all));

  // Changes on B, then B, then A.
  int64_t n5 = add_note(b, "Lang::German", "Haus", {"noun"});
  call(b, "updateNoteFields", {{"note", json::object{{"id", n4}, {"fields", json::object{{"Front", "oiseau (B)"}}}}}});
  call(b, "deleteNotes", {{"notes", json::array{n3}}});
  call(b, "removeTags", {{"notes", json::array{n1}}, {"tags", "animal"}});
  call(b, "forgetCards", {{"cards", id_array(n1_cards)}});
  call(b, "createDeck", {{"deck", "FromB"}});
  CHECK(call(b, "sync").is_null());
  CHECK(call(a, "sync").is_null());
  CHECK(call(a, "findNotes", all) == call(b, "findNotes", all));
  CHECK(call(a, "notesInfo", {{"notes", json::array{n1, n4, n5}}}) ==
        call(b, "notesInfo", {{"notes", json::array{n1, n4, n5}}}));
  CHECK(call(a, "deckNames") == call(b, "deckNames"));
  // Every finished sync moves the server's mod, so B (synced before A) needs a normal sync that
  // brings nothing; after it, B and the server agree. (B's syncStatus would still answer from its own
  // sync here: the server is asked at most once a minute, see the polling test below.)
  CHECK(call(b, "sync").is_null());
  CHECK(call(b, "syncStatus").as_object()["required"] == "none");

  std::filesystem::path file_a = collection_of(a), file_b = collection_of(b);
  REQUIRE(a.stop() == 0);
  REQUIRE(b.stop() == 0);
  peer.server->stop();
  // Checked first: reading a WAL-mode file read-only below leaves a -wal file beside it.
  for (const auto& file : {file_a, file_b}) {
    auto checked = check(file);
    INFO(checked.out << checked.err);
    CHECK(checked.exit_code == 0);
  }
  auto state_a = synced_state(file_a), state_b = synced_state(file_b), state_s = synced_state(peer.collection());
  // B synced last: its col row (mod, usn, scm) is the server's, while A's mod/usn are one sync behind.
  state_b["col"] = rows(file_b, "SELECT crt, mod, scm, ver, usn FROM col");
  state_s["col"] = rows(peer.collection(), "SELECT crt, mod, scm, ver, usn FROM col");
  check_same(state_b, state_s, "client B vs the server");
  state_a.erase("col");
  check_same(state_a, state_b, "client A vs client B");
  CHECK(state_a["notes"].size() == 3);  // n1, n4, n5: n2 deleted on A, n3 on B
  CHECK(rows(peer.collection(), "PRAGMA integrity_check") == std::vector<std::string>{"3:ok"});
}

TEST_CASE("conflicting edits of one note: the newer edit wins on both sides") {
  ankc::test::SyncPeer peer;
  Daemon a({.config = client_config(peer)});
  Daemon b({.config = client_config(peer)});
  int64_t n = add_note(a, "Default", "conflict");
  CHECK(call(a, "fullSync", {{"mode", "upload"}}).is_null());
  CHECK(call(b, "fullSync", {{"mode", "download"}}).is_null());
  call(a, "updateNoteFields", {{"note", json::object{{"id", n}, {"fields", json::object{{"Back", "older, from A"}}}}}});
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // note mod is in seconds
  call(b, "updateNoteFields", {{"note", json::object{{"id", n}, {"fields", json::object{{"Back", "newer, from B"}}}}}});
  // A syncs first, so the server takes A's edit; B's pending edit is newer and wins on B and then
  // everywhere.
  CHECK(call(a, "sync").is_null());
  CHECK(call(b, "sync").is_null());
  CHECK(call(a, "sync").is_null());
  for (const Daemon* d : {&a, &b}) {
    json::value info = call(*d, "notesInfo", {{"notes", json::array{n}}});
    CHECK(info.as_array()[0].as_object()["fields"].as_object()["Back"].as_object()["value"] == "newer, from B");
  }
}

TEST_CASE("more than 250 changed objects travel in several chunks") {
  ankc::test::SyncPeer peer;
  Daemon a({.config = client_config(peer)});
  Daemon b({.config = client_config(peer)});
  add_note(a, "Default", "seed");
  CHECK(call(a, "fullSync", {{"mode", "upload"}}).is_null());
  CHECK(call(b, "fullSync", {{"mode", "download"}}).is_null());
  json::array notes;
  for (int i = 0; i < 300; ++i) notes.push_back(basic_note("Default", "bulk " + std::to_string(i), "x"));
  call(a, "addNotes", {{"notes", notes}});  // 300 notes + 300 cards = 600 objects
  CHECK(call(a, "sync").is_null());
  CHECK(call(b, "sync").is_null());
  CHECK(call(b, "findNotes", {{"query", "bulk"}}).as_array().size() == 300);
  CHECK(call(b, "findCards", {{"query", "bulk"}}) == call(a, "findCards", {{"query", "bulk"}}));
  // One log line per sync, with the objects sent: 300 notes + 300 cards (+ the deck they touched).
  auto at = a.log().rfind("sent ");
  REQUIRE(at != std::string::npos);
  CHECK(std::stoi(a.log().substr(at + 5)) >= 600);
}

TEST_CASE("syncStatus polled: the server is asked at most once a minute, local changes count at once") {
  // The reference server aborts a sync in progress on `meta`: a client polling syncStatus must not
  // cut another device's sync short, so the answer reuses the last check (or sync) for a minute.
  ankc::test::SyncPeer peer;
  Daemon a({.config = client_config(peer)});
  Daemon b({.config = client_config(peer)});
  add_note(a, "Default", "one");
  CHECK(call(a, "fullSync", {{"mode", "upload"}}).is_null());
  json::object first = call(a, "syncStatus").as_object();
  CHECK(first["required"] == "none");
  REQUIRE(first["checked"].is_int64());
  // Another device changes the account: A does not ask again within the minute ...
  CHECK(call(b, "fullSync", {{"mode", "download"}}).is_null());
  add_note(b, "Default", "two");
  CHECK(call(b, "sync").is_null());
  for (int i = 0; i < 5; ++i) {
    json::object again = call(a, "syncStatus").as_object();
    CHECK(again["required"] == "none");
    CHECK(again["checked"] == first["checked"]);
  }
  // ... but its own changes show at once, and a sync brings B's note.
  add_note(a, "Default", "three");
  CHECK(call(a, "syncStatus").as_object()["required"] == "normal");
  CHECK(call(a, "sync").is_null());
  CHECK(call(a, "findNotes", {{"query", "front:two"}}).as_array().size() == 1);
  CHECK(call(a, "syncStatus").as_object()["required"] == "none");
}

TEST_CASE("a note type that gained a field needs a full sync") {
  ankc::test::SyncPeer peer;
  Daemon a({.config = client_config(peer)});
  add_note(a, "Default", "one");
  CHECK(call(a, "fullSync", {{"mode", "upload"}}).is_null());
  call(a, "modelFieldAdd", {{"modelName", "Basic"}, {"fieldName", "Extra"}, {"index", 2}});
  CHECK(error_of(a, "sync") == full_sync_text(2));
  CHECK(call(a, "syncStatus").as_object()["required"] == "full");
  CHECK(call(a, "fullSync", {{"mode", "upload"}}).is_null());
  CHECK(call(a, "sync").is_null());
}

TEST_CASE("a new, empty collection downloads the account at start (syncOnStart)") {
  ankc::test::SyncPeer peer;
  Daemon a({.config = client_config(peer)});
  int64_t n = add_note(a, "Default", "first");
  CHECK(call(a, "fullSync", {{"mode", "upload"}}).is_null());
  Daemon b({.config = client_config(peer, "syncOnStart: true\n")});
  CHECK(call(b, "findNotes", {{"query", "deck:*"}}) == json::array{n});
  CHECK(b.log().find("sync (start)") != std::string::npos);
  CHECK(b.log().find(": download, collection ") != std::string::npos);
}

TEST_CASE("a write is synced by itself within syncAfterChangesSeconds") {
  ankc::test::SyncPeer peer;
  Daemon a({.config = client_config(peer, "syncAfterChangesSeconds: 1\n")});
  Daemon b({.config = client_config(peer)});
  add_note(a, "Default", "base");
  CHECK(call(a, "fullSync", {{"mode", "upload"}}).is_null());
  CHECK(call(b, "fullSync", {{"mode", "download"}}).is_null());
  auto written = std::chrono::steady_clock::now();
  int64_t n = add_note(a, "Default", "automatic");
  // Within syncAfterChangesSeconds + 1 s the server has it, without any sync request to A.
  bool synced = eventually([&] { return a.log().find("sync (auto, after changes)") != std::string::npos; },
                           std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::milliseconds(2000) - (std::chrono::steady_clock::now() - written)));
  CHECK(synced);
  CHECK(call(b, "sync").is_null());
  CHECK(call(b, "findNotes", {{"query", "automatic"}}) == json::array{n});
}

TEST_CASE("5,000 notes sync both ways (timing in the log)") {
  ankc::test::SyncPeer peer;
  Daemon a({.config = client_config(peer)});
  Daemon b({.config = client_config(peer)});
  add_note(a, "Default", "seed");
  CHECK(call(a, "fullSync", {{"mode", "upload"}}).is_null());
  CHECK(call(b, "fullSync", {{"mode", "download"}}).is_null());
  for (int batch = 0; batch < 5; ++batch) {
    json::array notes;
    for (int i = 0; i < 1000; ++i)
      notes.push_back(basic_note("Default", "many " + std::to_string(batch * 1000 + i), "x"));
    call(a, "addNotes", {{"notes", notes}});
  }
  auto t0 = std::chrono::steady_clock::now();
  CHECK(call(a, "sync").is_null());
  auto t1 = std::chrono::steady_clock::now();
  CHECK(call(b, "sync").is_null());
  auto t2 = std::chrono::steady_clock::now();
  using ms = std::chrono::milliseconds;
  WARN("5,000 notes: sync up " << std::chrono::duration_cast<ms>(t1 - t0).count() << " ms, sync down "
                               << std::chrono::duration_cast<ms>(t2 - t1).count() << " ms");
  CHECK(call(b, "findNotes", {{"query", "many"}}).as_array().size() == 5000);
}
