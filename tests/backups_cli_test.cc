// Backups end to end with the real binary: the server's automatic backup after writes (and none again
// within backupIntervalMinutes), `backup` and `restore` through the server holding the collection (the
// restored collection served at once), then, on the files, `restore` of the automatic backup gives back
// its notes, keeping a backup of the collection it replaced; `backup` on the files; a damaged backup
// refused with nothing changed.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "tests/harness.h"

namespace fs = std::filesystem;
using ankc::test::Daemon;
using ankc::test::run_binary;

namespace {

std::set<std::string> backups_in(const fs::path& folder) {
  std::set<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.rfind("backup-", 0) == 0) out.insert(name);  // not the hidden files of one being written
  }
  return out;
}

std::string add_note(const Daemon& d, int n) {
  return d.post(R"({"action": "addNote", "version": 6, "params": {"note": {"deckName": "Default", "modelName": "Basic",
      "fields": {"Front": "q)" + std::to_string(n) + R"(", "Back": "a"}}}})").body;
}

std::string find_notes(const Daemon& d) {
  return d.post(R"({"action": "findNotes", "version": 6, "params": {"query": "deck:*"}})").body;
}

}  // namespace

TEST_CASE("automatic backup, backup/restore refused under a server, restore on the files gives the rows back") {
  Daemon first(Daemon::Options{"backupIntervalMinutes: 1\n", {}, true});
  fs::path data = first.data_dir();
  fs::path folder = data / "backups";
  for (int i = 0; i < 3; ++i) REQUIRE(add_note(first, i).find("\"error\": null") != std::string::npos);
  std::string three = find_notes(first);

  // A backup a couple of seconds after the writes.
  std::set<std::string> made;
  for (int tries = 0; tries < 100 && made.empty(); ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    made = backups_in(folder);
  }
  REQUIRE(made.size() == 1);
  std::string automatic = *made.begin();
  CHECK(automatic.rfind("backup-", 0) == 0);
  CHECK(first.log().find("backup: wrote") != std::string::npos);

  // More writes within the interval: no second backup (not even at shutdown).
  for (int i = 3; i < 5; ++i) REQUIRE(add_note(first, i).find("\"error\": null") != std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));
  CHECK(backups_in(folder) == made);

  // While the server holds the collection, `backup` and `restore` ask it over its API.
  fs::path config = first.dir() / "config.yaml";
  auto requested = run_binary({"backup", "--config", config.string()});
  INFO(requested.err);
  REQUIRE(requested.exit_code == 0);
  CHECK(requested.err.find("through the server at") != std::string::npos);
  REQUIRE(requested.out.find((folder / "backup-").string()) == 0);
  std::string requested_path = requested.out.substr(0, requested.out.find('\n'));
  CHECK(fs::exists(requested_path));
  CHECK(first.log().find("backup: wrote " + requested_path + " (requested)") != std::string::npos);
  made.insert(fs::path(requested_path).filename().string());
  CHECK(backups_in(folder) == made);

  // Restoring the automatic backup through the server swaps the collection it serves, no restart.
  auto served_restore = run_binary({"restore", automatic, "--config", config.string()});
  INFO(served_restore.err);
  REQUIRE(served_restore.exit_code == 0);
  CHECK(served_restore.err.find("the collection was restored") != std::string::npos);
  CHECK(find_notes(first) == three);
  CHECK(backups_in(folder).size() == made.size() + 1);  // the safety backup of the 5-note collection
  made = backups_in(folder);

  REQUIRE(first.stop() == 0);
  CHECK(backups_in(folder) == made);

  // A damaged backup: refused, nothing changes.
  fs::path damaged = first.dir() / "damaged.colpkg";
  fs::copy_file(folder / automatic, damaged);
  fs::resize_file(damaged, fs::file_size(damaged) / 2);
  auto refused = run_binary({"restore", damaged.string(), "--config", config.string()});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("is not a usable collection package") != std::string::npos);
  CHECK(backups_in(folder) == made);

  auto restored = run_binary({"restore", automatic, "--config", config.string()});
  INFO(restored.err);
  REQUIRE(restored.exit_code == 0);
  CHECK(restored.err.find("through the server") == std::string::npos);
  auto after = backups_in(folder);
  CHECK(after.size() == made.size() + 1);  // and the safety backup of the collection it replaced
  CHECK(run_binary({"check", (data / "collection.anki2").string()}).exit_code == 0);

  auto manual = run_binary({"backup", "--config", config.string()});
  INFO(manual.err);
  CHECK(manual.exit_code == 0);
  CHECK(manual.out.find((folder / "backup-").string()) == 0);
  CHECK(run_binary({"backup", "--help"}).exit_code == 0);
  CHECK(run_binary({"restore", "--help"}).exit_code == 0);
  CHECK(run_binary({"restore"}).exit_code == 2);

  // The restored collection, served again: the three notes of the backup's time.
  Daemon second(Daemon::Options{"profiles:\n  User 1: " + data.string() + "\n", {}, true});
  CHECK(find_notes(second) == three);
}
