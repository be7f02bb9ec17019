// exportPackage / importPackage on real files: a round trip between two fresh collections (notes,
// fields, tags, media bytes), every legacy .apkg fixture imported and counted with sqlite3, the
// new-format fixtures refused with the empty error, the error texts; the validator after each import.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <fstream>

#include "backends/action_error.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/notes/test_support.h"
#include "backends/native/packages/service.h"
#include "backends/native/packages/zip_archive.h"
#include "compat/pyjson.h"

namespace fs = std::filesystem;
using ankc::native::testing::NotesEnv;
namespace native = ankc::native;

namespace {

std::string package_call(NotesEnv& env, const std::string& action, const std::string& params) {
  for (const auto& a : native::packages_actions()) {
    if (a.name != action) continue;
    try {
      return ankc::pyjson::dumps(a.handler(*env.session, boost::json::parse(params).as_object()));
    } catch (const ankc::ActionError& e) {
      return std::string("ERR: ") + e.what();
    }
  }
  return "no such action";
}

std::string quoted(const fs::path& p) { return ankc::pyjson::dumps(boost::json::value(p.string())); }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A copy of a fixture in the env's temp dir (fixtures are never opened in place).
fs::path fixture_copy(NotesEnv& env, const std::string& name) {
  fs::path to = env.dir.parent_path() / name;
  fs::copy_file(fs::path(ANKC_FIXTURES_DIR) / name, to, fs::copy_options::overwrite_existing);
  return to;
}

std::string import(NotesEnv& env, const fs::path& p) {
  return package_call(env, "importPackage", "{\"path\": " + quoted(p) + "}");
}

void make_deck(NotesEnv& env, const std::string& name) {
  auto tx = env.session->write();
  native::ensure_deck(env.session->db(), name, env.clock.now());
  tx.mark_changed();
  tx.commit();
}

}  // namespace

TEST_CASE("exportPackage then importPackage: same notes, fields, tags and media bytes") {
  NotesEnv a;
  make_deck(a, "Lang::Verbs");
  const std::string png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
  REQUIRE(a.call("storeMediaFile", "{\"filename\": \"pic.png\", \"data\": \"" + png + "\"}") == "\"pic.png\"");
  REQUIRE(a.call("storeMediaFile", "{\"filename\": \"snd.mp3\", \"data\": \"SUQzAwAAAAAA\"}") == "\"snd.mp3\"");
  REQUIRE(a.call("storeMediaFile", "{\"filename\": \"unused.txt\", \"data\": \"eA==\"}") == "\"unused.txt\"");
  std::string n1 = a.call("addNote", R"({"note": {"deckName": "Lang::Verbs", "modelName": "Basic",
      "fields": {"Front": "<img src=\"pic.png\"> go", "Back": "[sound:snd.mp3] gehen"}, "tags": ["verb", "marked"]}})");
  std::string n2 = a.call("addNote", R"J({"note": {"deckName": "Lang", "modelName": "Basic (and reversed card)",
      "fields": {"Front": "house", "Back": "Haus"}, "tags": ["noun"]}})J");
  std::string n3 = a.call("addNote", R"({"note": {"deckName": "Default", "modelName": "Basic",
      "fields": {"Front": "not exported", "Back": ""}}})");
  REQUIRE(n1.rfind("ERR", 0) != 0);
  REQUIRE(n2.rfind("ERR", 0) != 0);
  REQUIRE(n3.rfind("ERR", 0) != 0);

  fs::path apkg = a.dir.parent_path() / "out.apkg";
  CHECK(package_call(a, "exportPackage", "{\"deck\": \"nope\", \"path\": " + quoted(apkg) + ", \"includeSched\": false}") == "false");
  REQUIRE(package_call(a, "exportPackage", "{\"deck\": \"lang\", \"path\": " + quoted(apkg) + ", \"includeSched\": false}") == "true");
  CHECK_FALSE(fs::exists(a.dir.parent_path() / "out.anki2"));  // the temporary collection is gone

  {
    native::packages::ZipReader zip(apkg);
    CHECK(zip.has("collection.anki2"));
    CHECK(zip.has("collection.anki21"));
    // Anki's files_in_str order: [sound:] references first, then <img>.
    CHECK(*zip.read("media") == R"({"0": "snd.mp3", "1": "pic.png"})");
    CHECK(*zip.read("0") == read_file(a.dir / "collection.media" / "snd.mp3"));
    CHECK(*zip.read("1") == read_file(a.dir / "collection.media" / "pic.png"));
    // The inner collection is schema 11 with the three exported cards, reset to new.
    fs::path inner = a.dir.parent_path() / "inner.anki2";
    std::ofstream(inner, std::ios::binary) << *zip.read("collection.anki21");
    NotesEnv probe;
    probe.session->close();
    fs::copy_file(inner, probe.dir / "collection.anki2", fs::copy_options::overwrite_existing);
    CHECK(probe.sql("select ver from col") == "11");
    CHECK(probe.sql("select count() from cards where queue = 0 and type = 0") == "3");
    CHECK(probe.sql("select count() from notes") == "2");
    CHECK(probe.sql("select count() from revlog") == "0");
  }

  std::string source_notes = a.sql(
      "select guid, flds, replace(tags, ' marked', '') from notes where flds not like 'not exported%' order by guid");

  NotesEnv b;
  REQUIRE(import(b, apkg) == "true");
  CHECK(b.sql("select guid, flds, tags from notes order by guid") == source_notes);
  CHECK(b.sql("select count() from cards") == "3");
  CHECK(read_file(b.dir / "collection.media" / "pic.png") == read_file(a.dir / "collection.media" / "pic.png"));
  CHECK(read_file(b.dir / "collection.media" / "snd.mp3") == read_file(a.dir / "collection.media" / "snd.mp3"));
  CHECK_FALSE(fs::exists(b.dir / "collection.media" / "unused.txt"));
  CHECK(b.check() == "");

  // A second import adds nothing (same guids, same cards).
  REQUIRE(import(b, apkg) == "true");
  CHECK(b.sql("select count() from notes") == "2");
  CHECK(b.sql("select count() from cards") == "3");
  CHECK(b.check() == "");
}

TEST_CASE("importPackage: the legacy .apkg fixtures, counted with sqlite3") {
  struct Case {
    const char* file;
    const char* notes;
    const char* cards;
    const char* revlog;
  };
  const Case cases[] = {
      {"anki__pylib_media.apkg", "1", "1", "0"},
      {"anki__pylib_diffmodeltemplates-1.apkg", "1", "1", "0"},
      {"tony363__Selected-Notes4.apkg", "7", "14", "103"},
      // Revlog comes over with its card: 1,375 of the 2,300 rows belong to cards still present.
      {"maxproft__backup-158.apkg", "274", "274", "1375"},
  };
  for (const Case& c : cases) {
    SECTION(c.file) {
      NotesEnv env;
      fs::path p = fixture_copy(env, c.file);
      REQUIRE(import(env, p) == "true");
      CHECK(env.sql("select count() from notes") == c.notes);
      CHECK(env.sql("select count() from cards") == c.cards);
      CHECK(env.sql("select count() from revlog") == c.revlog);
      CHECK(env.sql("select count() from notes where mid not in (select id from notetypes)") == "0");
      CHECK(env.sql("select count() from cards where did not in (select id from decks)") == "0");
      CHECK(env.check() == "");
    }
  }
}

TEST_CASE("importPackage: media of the pylib media.apkg lands in collection.media and the media DB") {
  NotesEnv env;
  REQUIRE(import(env, fixture_copy(env, "anki__pylib_media.apkg")) == "true");
  native::packages::ZipReader zip(fixture_copy(env, "anki__pylib_media.apkg"));
  CHECK(read_file(env.dir / "collection.media" / "foo.wav") == *zip.read("0"));
  CHECK(env.check() == "");
}

TEST_CASE("importPackage: new-format packages fail with an empty error and change nothing") {
  for (const char* file : {"ankimcp__MCP_Reviewer_Demo.apkg", "clintafk__Newly_learned_words.apkg",
                           "hckrtst__All_Decks-1-23-23.apkg", "yanki-connect__backup-2026-03-30-17.22.20.colpkg"}) {
    SECTION(file) {
      NotesEnv env;
      CHECK(import(env, fixture_copy(env, file)) == "ERR: ");
      CHECK(env.sql("select count() from notes") == "0");
      CHECK(env.check() == "");
    }
  }
}

TEST_CASE("importPackage: error texts") {
  NotesEnv env;
  fs::path missing = env.dir.parent_path() / "none.apkg";
  CHECK(import(env, missing) == "ERR: [Errno 2] No such file or directory: '" + missing.string() + "'");
  fs::path text = env.dir.parent_path() / "text.apkg";
  std::ofstream(text) << "not a zip";
  CHECK(import(env, text) == "ERR: File is not a zip file");

  // A media map entry that leaves the media folder.
  fs::path evil = env.dir.parent_path() / "evil.apkg";
  {
    native::packages::ZipReader good(fixture_copy(env, "anki__pylib_media.apkg"));
    native::packages::ZipWriter zip(evil);
    zip.add("collection.anki2", *good.read("collection.anki2"), true);
    zip.add("0", "x", false);
    zip.add("media", R"({"0": "../evil.txt"})", true);
    zip.close();
  }
  CHECK(import(env, evil) == "ERR: Invalid file");
  CHECK_FALSE(fs::exists(env.dir / "evil.txt"));
  CHECK(env.sql("select count() from notes") == "0");
}
