// The package command line and importPackage end to end, with the real binary: `import` and `export`
// on a profile's files with no server running, the same through the server that holds the collection
// (same --config), importPackage of a latest-format deck and of a .colpkg (which replaces the
// collection) through the server, and `check` passing an untouched Anki 23.10 file whose only
// findings are warnings.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <algorithm>

#include "tests/harness.h"

namespace fs = std::filesystem;
using ankc::test::Daemon;
using ankc::test::run_binary;
using ankc::test::TempDir;

namespace {

fs::path fixture(const TempDir& dir, const std::string& name) {
  fs::path to = dir.path() / name;
  fs::copy_file(fs::path(ANKC_FIXTURES_DIR) / name, to, fs::copy_options::overwrite_existing);
  return to;
}

fs::path write_config(const TempDir& dir) {
  fs::path config = dir.path() / "config.yaml";
  std::ofstream(config) << "dataDir: " << (dir.path() / "data").string() << "\n";
  return config;
}

}  // namespace

TEST_CASE("import and export on the files: summary, twice adds nothing, a valid collection, packages written") {
  TempDir dir;
  fs::path config = write_config(dir);
  fs::path apkg = fixture(dir, "hckrtst__All_Decks-1-23-23.apkg");
  auto first = run_binary({"import", apkg.string(), "--config", config.string()});
  INFO(first.err);
  REQUIRE(first.exit_code == 0);
  CHECK(first.err.find("notes 85 added, 0 updated, 0 skipped; cards 85 added; revlog 72; media files 1") !=
        std::string::npos);
  auto second = run_binary({"import", apkg.string(), "--config", config.string()});
  CHECK(second.exit_code == 0);
  CHECK(second.err.find("notes 0 added, 0 updated, 85 skipped; cards 0 added; revlog 0; media files 0") !=
        std::string::npos);
  auto check = run_binary({"check", (dir.path() / "data" / "collection.anki2").string()});
  CHECK(check.exit_code == 0);

  fs::path colpkg = dir.path() / "all.colpkg";
  auto exported = run_binary({"export", "--collection", "--out", colpkg.string(), "--config", config.string()});
  CHECK(exported.exit_code == 0);
  CHECK(fs::file_size(colpkg) > 1000);
  fs::path deck = dir.path() / "deck.apkg";
  CHECK(run_binary({"export", "--deck", "Default", "--out", deck.string(), "--with-media", "--config", config.string()})
            .exit_code == 0);
  fs::path legacy = dir.path() / "legacy.apkg";
  CHECK(run_binary({"export", "--deck", "Default", "--out", legacy.string(), "--format", "apkg-legacy", "--config",
                    config.string()})
            .exit_code == 0);
  auto missing = run_binary({"export", "--deck", "No such deck", "--out", (dir.path() / "x.apkg").string(), "--config",
                             config.string()});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("no deck named 'No such deck'") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path() / "x.apkg"));

  // The exported .colpkg merges into another profile with the same notes (--merge), or replaces its
  // collection (the default, as Anki).
  TempDir other;
  fs::path other_config = write_config(other);
  auto again = run_binary({"import", colpkg.string(), "--merge", "--config", other_config.string()});
  INFO(again.err);
  CHECK(again.exit_code == 0);
  CHECK(again.err.find("notes 85 added") != std::string::npos);
  TempDir third;
  fs::path third_config = write_config(third);
  auto replaced = run_binary({"import", colpkg.string(), "--config", third_config.string()});
  INFO(replaced.err);
  CHECK(replaced.exit_code == 0);
  CHECK(replaced.err.find("the collection was replaced") != std::string::npos);
  CHECK(run_binary({"check", (third.path() / "data" / "collection.anki2").string()}).exit_code == 0);

  CHECK(run_binary({"import", "--help"}).exit_code == 0);
  CHECK(run_binary({"export", "--help"}).exit_code == 0);
  CHECK(run_binary({"export", "--deck", "x"}).exit_code == 2);
  auto bad = run_binary({"import", (dir.path() / "none.apkg").string(), "--config", config.string()});
  CHECK(bad.exit_code == 1);
  CHECK(bad.err.find("No such file or directory") != std::string::npos);
}

TEST_CASE("importPackage through the server imports a latest-format deck; the CLI defers to a running server") {
  Daemon daemon;
  TempDir dir;
  fs::path apkg = fixture(dir, "ankimcp__MCP_Reviewer_Demo.apkg");
  auto reply = daemon.post(R"({"action": "importPackage", "version": 6, "params": {"path": ")" + apkg.string() + R"("}})");
  CHECK(reply.body == R"({"result": true, "error": null})");
  auto count = daemon.post(R"({"action": "findNotes", "version": 6, "params": {"query": "deck:*"}})");
  CHECK(std::count(count.body.begin(), count.body.end(), ',') == 20);  // 20 note ids, then "error"

  // A corrupt modern package: the cause in the reply and in the log, never "".
  fs::path broken = dir.path() / "broken.apkg";
  {
    std::ifstream in(apkg, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::ofstream(broken, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  }
  auto refused = daemon.post(R"({"action": "importPackage", "version": 6, "params": {"path": ")" + broken.string() + R"("}})");
  CHECK(refused.body.find(R"("error": "")") == std::string::npos);
  CHECK(daemon.log().find("importPackage " + broken.string()) != std::string::npos);

  // The command line asks the server holding the collection (the same --config) over its API.
  fs::path config = daemon.dir() / "config.yaml";
  auto held = run_binary({"import", apkg.string(), "--config", config.string()});
  INFO(held.err);
  CHECK(held.exit_code == 0);
  CHECK(held.err.find("through the server at http://127.0.0.1:" + std::to_string(daemon.port())) != std::string::npos);
  CHECK(held.err.find("notes 0 added, 0 updated, 20 skipped; cards 0 added; revlog 0; media files 0") != std::string::npos);
  CHECK(daemon.log().find("action=importAnkiPackage status=200") != std::string::npos);
}

namespace {

std::string note_ids(const Daemon& d) {
  return d.post(R"({"action": "findNotes", "version": 6, "params": {"query": "deck:*"}})").body;
}

size_t backup_count(const fs::path& folder) {
  size_t n = 0;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename().string().rfind("backup-", 0) == 0) ++n;
  return n;
}

}  // namespace

TEST_CASE("the command line through a running server: export, import summary, a .colpkg swapped in without a restart") {
  Daemon daemon(Daemon::Options{"backupIntervalMinutes: 0\n", {}, true});
  TempDir dir;
  fs::path config = daemon.dir() / "config.yaml";
  fs::path apkg = fixture(dir, "hckrtst__All_Decks-1-23-23.apkg");
  auto imported = run_binary({"import", apkg.string(), "--config", config.string()});
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  CHECK(imported.err.find("through the server") != std::string::npos);
  CHECK(imported.err.find("notes 85 added, 0 updated, 0 skipped; cards 85 added; revlog 72; media files 1") !=
        std::string::npos);
  std::string with_deck = note_ids(daemon);

  // Exports through the server: the collection, a deck in each format.
  fs::path colpkg = dir.path() / "all.colpkg";
  auto exported = run_binary({"export", "--collection", "--out", colpkg.string(), "--config", config.string()});
  INFO(exported.err);
  CHECK(exported.exit_code == 0);
  CHECK(daemon.log().find("action=exportCollectionPackage status=200") != std::string::npos);
  CHECK(fs::file_size(colpkg) > 1000);
  fs::path deck = dir.path() / "deck.apkg";
  CHECK(run_binary({"export", "--deck", "Default", "--out", deck.string(), "--with-media", "--config", config.string()})
            .exit_code == 0);
  CHECK(fs::file_size(deck) > 1000);
  fs::path legacy = dir.path() / "legacy.apkg";
  CHECK(run_binary({"export", "--deck", "Default", "--out", legacy.string(), "--format", "apkg-legacy", "--config",
                    config.string()})
            .exit_code == 0);
  auto missing = run_binary({"export", "--deck", "No such deck", "--out", (dir.path() / "x.apkg").string(), "--config",
                             config.string()});
  CHECK(missing.exit_code == 1);
  CHECK(missing.err.find("no deck named 'No such deck'") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path() / "x.apkg"));
  // A server error is the command's error.
  auto refused = run_binary({"import", (dir.path() / "none.apkg").string(), "--config", config.string()});
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("answered:") != std::string::npos);

  // importPackage (AnkiConnect's action) of a .colpkg replaces the collection, as Anki imports one:
  // a safety backup first, then the package's collection, served at once without a restart.
  REQUIRE(daemon.post(R"({"action": "addNote", "version": 6, "params": {"note": {"deckName": "Default",
      "modelName": "Basic", "fields": {"Front": "only here", "Back": "b"}}}})").body.find("\"error\": null") != std::string::npos);
  REQUIRE(note_ids(daemon) != with_deck);
  size_t backups = backup_count(daemon.data_dir() / "backups");
  auto reply = daemon.post(R"({"action": "importPackage", "version": 6, "params": {"path": ")" + colpkg.string() + R"("}})");
  CHECK(reply.body == R"({"result": true, "error": null})");
  CHECK(note_ids(daemon) == with_deck);
  CHECK(backup_count(daemon.data_dir() / "backups") == backups + 1);
  CHECK(daemon.log().find("(requested)") != std::string::npos);

  // A damaged .colpkg changes nothing, and says why.
  fs::path damaged = dir.path() / "damaged.colpkg";
  fs::copy_file(colpkg, damaged);
  fs::resize_file(damaged, fs::file_size(damaged) / 2);
  auto bad = daemon.post(R"({"action": "importPackage", "version": 6, "params": {"path": ")" + damaged.string() + R"("}})");
  CHECK(bad.body.find("is not a usable collection package") != std::string::npos);
  CHECK(note_ids(daemon) == with_deck);
  CHECK(backup_count(daemon.data_dir() / "backups") == backups + 1);

  // `import FILE.colpkg` through the server does the same and reports it.
  auto replaced = run_binary({"import", colpkg.string(), "--config", config.string()});
  INFO(replaced.err);
  CHECK(replaced.exit_code == 0);
  CHECK(replaced.err.find("the collection was replaced; media files 1 written; the previous collection is in") !=
        std::string::npos);
  CHECK(note_ids(daemon) == with_deck);
  REQUIRE(daemon.stop() == 0);
  CHECK(run_binary({"check", (daemon.data_dir() / "collection.anki2").string()}).exit_code == 0);
}

TEST_CASE("check: an untouched Anki 23.10 collection with reqs warnings passes") {
  TempDir dir;
  fs::path apy = fixture(dir, "apy__test_base.anki2");
  auto result = run_binary({"check", apy.string()});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("warning") != std::string::npos);
  CHECK(result.out.find("ok (warnings only)") != std::string::npos);
}
