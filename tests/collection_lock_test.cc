// Two ankiconnectd processes on one collection: the second is refused cleanly, as desktop Anki refuses a
// collection another program holds, and writes nothing (issue "Native engine I").
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/harness.h"

using ankc::test::Daemon;
using ankc::test::ok_response;

namespace {

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The collection's files, main database and WAL (if any), as bytes.
std::string collection_state(const std::filesystem::path& folder) {
  return file_bytes(folder / "collection.anki2") + "|" + file_bytes(folder / "collection.anki2-wal");
}

}  // namespace

TEST_CASE("a second ankiconnectd on a held collection is refused and writes nothing") {
  ankc::test::TempDir shared;
  std::string profile = "profiles:\n  User 1: " + shared.path().string() + "\n";
  Daemon first({.config = profile});
  REQUIRE(first.post(R"({"action": "createDeck", "version": 6, "params": {"deck": "Held"}})").body.find(
              "\"error\": null") != std::string::npos);
  std::string before = collection_state(shared.path());

  Daemon second({.config = profile});
  // What AnkiConnect answers when Anki has no collection open; the cause goes to the log.
  const std::string refused = R"({"result": null, "error": "collection is not available"})";
  CHECK(second.post(R"({"action": "deckNames", "version": 6})").raw == ok_response(refused));
  CHECK(second.post(R"({"action": "createDeck", "version": 6, "params": {"deck": "Intruder"}})").raw ==
        ok_response(refused));
  CHECK(collection_state(shared.path()) == before);
  CHECK(second.log().find("cannot open its collection: Anki already open, or media currently syncing.") !=
        std::string::npos);

  // The first keeps working; once it stops, the second can open the collection.
  CHECK(first.post(R"({"action": "deckNames", "version": 6})").raw ==
        ok_response(R"({"result": ["Default", "Held"], "error": null})"));
  CHECK(first.stop() == 0);
  CHECK(second.post(R"({"action": "deckNames", "version": 6})").raw ==
        ok_response(R"({"result": ["Default", "Held"], "error": null})"));
}

TEST_CASE("desktop Anki (locking_mode exclusive) cannot open a collection ankiconnectd holds") {
  Daemon d;
  REQUIRE(d.post(R"({"action": "createDeck", "version": 6, "params": {"deck": "Mine"}})").body.find(
              "\"error\": null") != std::string::npos);
  std::filesystem::path file = d.data_dir() / "collection.anki2";
  std::string before = collection_state(file.parent_path());
  // What Anki's storage layer does when it opens a collection.
  sqlite3* anki = nullptr;
  REQUIRE(sqlite3_open_v2(file.c_str(), &anki, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_busy_timeout(anki, 0);
  REQUIRE(sqlite3_exec(anki, "PRAGMA locking_mode = exclusive", nullptr, nullptr, nullptr) == SQLITE_OK);
  int rc = sqlite3_exec(anki, "PRAGMA journal_mode = wal; SELECT count() FROM col", nullptr, nullptr, nullptr);
  CHECK((rc & 0xff) == SQLITE_BUSY);
  rc = sqlite3_exec(anki, "UPDATE col SET mod = mod + 1", nullptr, nullptr, nullptr);
  CHECK((rc & 0xff) == SQLITE_BUSY);
  sqlite3_close(anki);
  CHECK(collection_state(file.parent_path()) == before);
  // ankiconnectd is undisturbed, reads (on its read connections) and writes alike.
  CHECK(d.post(R"({"action": "deckNames", "version": 6})").raw ==
        ok_response(R"({"result": ["Default", "Mine"], "error": null})"));
  CHECK(d.post(R"({"action": "createDeck", "version": 6, "params": {"deck": "Still mine"}})").body.find(
            "\"error\": null") != std::string::npos);
}
