// Media sync end to end (issue "Sync II", part 1): two real ankiconnectd processes and the project's
// loopback sync server over real HTTP. Files stored through the API on one side arrive on the other
// after a sync, with replacements and deletions, and both media folders and media databases end equal.
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>

#include "backends/native/sync/server/sync_server.h"
#include "tests/harness.h"
#include "tests/sync_support.h"
#include "backends/native/media/base64.h"

namespace json = boost::json;
namespace fs = std::filesystem;
using ankc::test::Daemon;
using ankc::test::call;
using ankc::test::error_of;
using ankc::test::request;

static std::string base64(const std::string& in) { return ankc::native::media::b64encode(in); }
using ankc::test::TempDir;

namespace {

std::string client_config(const ankc::test::SyncPeer& peer) {
  return "syncEndpoint: " + peer.url() + "\nsyncKey: " + ankc::test::kSyncKey +
         "\nsyncAfterChangesSeconds: 0\nsyncIntervalMinutes: 0\nsyncOnStart: false\nmaxRequestBytes: 100000000\n";
}

void store(const Daemon& d, const std::string& name, const std::string& data) {
  call(d, "storeMediaFile", {{"filename", name}, {"data", base64(data)}});
}

// Runs `sync` and waits for the media sync it starts in the background to log its line.
void sync_all(const Daemon& d) {
  size_t before = 0;
  for (size_t at = d.log().find("media sync ("); at != std::string::npos; at = d.log().find("media sync (", at + 1))
    ++before;
  CHECK(call(d, "sync").is_null());
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    size_t now = 0;
    std::string log = d.log();
    for (size_t at = log.find("media sync ("); at != std::string::npos; at = log.find("media sync (", at + 1)) ++now;
    if (now > before) {
      INFO(log);
      CHECK(log.rfind(" failed after ") == std::string::npos);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL("no media sync finished within 60 s: " << d.log());
}

// name -> bytes of every regular file in a folder (hidden temporaries excluded).
std::map<std::string, std::string> folder_files(const fs::path& folder) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(folder)) {
    std::string name = e.path().filename().string();
    if (!e.is_regular_file() || name.rfind(".ankc-", 0) == 0) continue;
    std::ifstream in(e.path(), std::ios::binary);
    out[name] = std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return out;
}

// (fname, csum, dirty) rows of a media database: after a sync nothing is dirty and both sides agree.
std::vector<std::string> media_rows(const fs::path& db_file) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "select fname, ifnull(csum, '-'), dirty from media where csum is not null order by fname",
                             -1, &st, nullptr) == SQLITE_OK);
  std::vector<std::string> out;
  while (sqlite3_step(st) == SQLITE_ROW)
    out.push_back(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) + "|" +
                  reinterpret_cast<const char*>(sqlite3_column_text(st, 1)) + "|" +
                  std::to_string(sqlite3_column_int(st, 2)));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace

TEST_CASE("media moves both ways between two clients through the sync server") {
  ankc::test::SyncPeer peer;
  Daemon a({.config = client_config(peer)});
  Daemon b({.config = client_config(peer)});
  call(a, "addNote", {{"note", json::object{{"deckName", "Default"}, {"modelName", "Basic"},
                                            {"fields", json::object{{"Front", "<img src=\"cat.png\">"}, {"Back", "x"}}}}}});
  CHECK(call(a, "fullSync", {{"mode", "upload"}}).is_null());
  CHECK(call(b, "fullSync", {{"mode", "download"}}).is_null());

  // A stores files: plain, unicode (NFC), and 300 small ones (several downloadFiles rounds on B).
  store(a, "cat.png", std::string("\x89PNG fake cat", 13));
  store(a, "caf\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac.mp3", "sound of a caf\xc3\xa9");
  for (int i = 0; i < 300; ++i) store(a, "bulk_" + std::to_string(i) + ".txt", "file number " + std::to_string(i));
  sync_all(a);
  sync_all(b);
  CHECK(call(b, "retrieveMediaFile", {{"filename", "cat.png"}}) == json::value(base64(std::string("\x89PNG fake cat", 13))));
  CHECK(call(b, "getMediaFilesNames", {{"pattern", "bulk_*"}}).as_array().size() == 300);

  // B replaces one, deletes one, adds a 20 MB file; A gets all three.
  store(b, "cat.png", "a different cat");
  call(b, "deleteMediaFile", {{"filename", "bulk_7.txt"}});
  std::string big(20u << 20, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  store(b, "big.bin", big);
  sync_all(b);
  sync_all(a);
  CHECK(call(a, "retrieveMediaFile", {{"filename", "cat.png"}}) == json::value(base64("a different cat")));
  CHECK(call(a, "retrieveMediaFile", {{"filename", "bulk_7.txt"}}) == json::value(false));
  CHECK(call(a, "retrieveMediaFile", {{"filename", "big.bin"}}).as_string().size() == base64(big).size());

  // A deletes one more; B follows; nothing left to send on either side.
  call(a, "deleteMediaFile", {{"filename", "bulk_8.txt"}});
  sync_all(a);
  sync_all(b);
  json::object status = call(b, "syncStatus").as_object();
  INFO(json::serialize(status));
  CHECK(status["media"].as_object()["lastResult"] == "ok");

  fs::path media_a = a.data_dir() / "collection.media", media_b = b.data_dir() / "collection.media";
  auto files_a = folder_files(media_a), files_b = folder_files(media_b);
  CHECK(files_a.size() == 301);  // 300 bulk - 2 deleted + cat + café + big
  CHECK(files_a == files_b);
  REQUIRE(a.stop() == 0);
  REQUIRE(b.stop() == 0);
  auto rows_a = media_rows(a.data_dir() / "collection.media.db2");
  CHECK(rows_a == media_rows(b.data_dir() / "collection.media.db2"));
  CHECK(rows_a.size() == 301);
}
