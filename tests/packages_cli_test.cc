// The package command line and importPackage end to end, with the real binary: `import` and `export`
// on a profile's files with no server running, the same while a server holds the collection (refused,
// pointing at the API), importPackage of a latest-format deck through the server, and `check`
// passing an untouched Anki 23.10 file whose only findings are warnings.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

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

  fs::path config = daemon.dir() / "config.yaml";
  auto held = run_binary({"import", apkg.string(), "--config", config.string()});
  INFO(held.err);
  CHECK(held.exit_code == 1);
  CHECK(held.err.find("importPackage") != std::string::npos);
}

TEST_CASE("check: an untouched Anki 23.10 collection with reqs warnings passes") {
  TempDir dir;
  fs::path apy = fixture(dir, "apy__test_base.anki2");
  auto result = run_binary({"check", apy.string()});
  CHECK(result.exit_code == 0);
  CHECK(result.out.find("warning") != std::string::npos);
  CHECK(result.out.find("ok (warnings only)") != std::string::npos);
}
