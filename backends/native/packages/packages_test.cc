// exportPackage / importPackage on real files: a round trip between two fresh collections (notes,
// fields, tags, media bytes), every legacy .apkg fixture imported and counted with sqlite3, the
// error texts (the modern fixtures are in modern_import_test.cc); the validator after each import.
#include <catch2/catch.hpp>

#include <sys/resource.h>

#include <boost/json/parse.hpp>
#include <fstream>

#include "backends/action_error.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/media/fetch.h"
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

namespace {

// Replaces env's session by one with the given deployment settings (same profile folder).
void set_info(NotesEnv& env, native::SessionInfo info) {
  env.session = std::make_unique<native::Session>(env.dir / "collection.anki2", env.dir / "collection.media", env.clock,
                                                  env.random, std::move(info));
}

std::string export_to(NotesEnv& env, const std::string& path) {
  return package_call(env, "exportPackage", "{\"deck\": \"Export\", \"path\": " + quoted(fs::path(path)) + "}");
}

// Names in folder that start with prefix.
std::vector<std::string> entries_starting(const fs::path& folder, const std::string& prefix) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec))
    if (e.path().filename().string().rfind(prefix, 0) == 0) out.push_back(e.path().filename().string());
  return out;
}

// Rewrites the declared uncompressed size of entry `name` in a zip's local and central headers.
void declare_size(const fs::path& zip, const std::string& name, uint32_t size) {
  std::string bytes = read_file(zip);
  auto put32 = [&](size_t at) {
    for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((size >> (8 * i)) & 0xFF);
  };
  auto get16 = [&](size_t at) { return size_t(uint8_t(bytes[at])) | size_t(uint8_t(bytes[at + 1])) << 8; };
  for (size_t at = bytes.find("PK\x03\x04"); at != std::string::npos; at = bytes.find("PK\x03\x04", at + 4))
    if (bytes.compare(at + 30, name.size(), name) == 0 && get16(at + 26) == name.size()) put32(at + 22);
  for (size_t at = bytes.find("PK\x01\x02"); at != std::string::npos; at = bytes.find("PK\x01\x02", at + 4))
    if (bytes.compare(at + 46, name.size(), name) == 0 && get16(at + 28) == name.size()) put32(at + 24);
  std::ofstream(zip, std::ios::binary | std::ios::trunc) << bytes;
}

long max_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

TEST_CASE("exportPackage: never onto a profile's files or through a symbolic link; relative paths; no partial file") {
  NotesEnv env;
  make_deck(env, "Export");
  REQUIRE(env.call("addNote", R"({"note": {"deckName": "Export", "modelName": "Basic",
      "fields": {"Front": "kept", "Back": ""}}})").rfind("ERR", 0) != 0);
  fs::path outside = env.dir.parent_path();
  const std::string refused = "ERR: refusing to write a package onto or into a profile's collection, media or backups, "
                              "or the config file: ";
  for (fs::path p : {env.dir / "collection.anki2", env.dir / "collection.anki2-wal", env.dir / "collection.anki2-shm",
                     env.dir / "collection.media", env.dir / "collection.media" / "x.apkg",
                     env.dir / "collection.media.db2", env.dir / "backups" / "b.apkg", env.dir / "media.trash" / "t.apkg",
                     env.dir / "collection.media" / ".." / "collection.anki2"})
    CHECK(export_to(env, p.string()) == refused + "'" + p.string() + "'");
  CHECK(env.sql("select count() from notes") == "1");  // the collection survived every attempt

  // Anki builds its temporary collection at the target's name with ".anki2": not here.
  REQUIRE(export_to(env, (env.dir / "collection.apkg").string()) == "true");
  CHECK(env.sql("select count() from notes") == "1");
  CHECK(env.check() == "");

  // A relative path is taken relative to the profile's folder, whatever the working directory.
  REQUIRE(export_to(env, "relative.apkg") == "true");
  CHECK(native::packages::ZipReader(env.dir / "relative.apkg").has("collection.anki21"));

  // A symbolic link at the last component is never followed; links in the folders on the way are.
  std::ofstream(outside / "victim.txt") << "precious";
  fs::create_symlink(outside / "victim.txt", outside / "link.apkg");
  fs::create_symlink(env.dir / "collection.anki2", outside / "col-link.apkg");
  CHECK(export_to(env, (outside / "link.apkg").string()) ==
        "ERR: refusing to write a package through a symbolic link: '" + (outside / "link.apkg").string() + "'");
  CHECK(export_to(env, (outside / "col-link.apkg").string()) ==
        "ERR: refusing to write a package through a symbolic link: '" + (outside / "col-link.apkg").string() + "'");
  CHECK(read_file(outside / "victim.txt") == "precious");
  fs::create_symlink(env.dir, outside / "profile-link");
  CHECK(export_to(env, (outside / "profile-link" / "collection.anki2").string()).rfind(refused, 0) == 0);
  fs::create_directories(outside / "real");
  fs::create_symlink(outside / "real", outside / "dir-link");
  REQUIRE(export_to(env, (outside / "dir-link" / "via.apkg").string()) == "true");
  CHECK(fs::is_regular_file(outside / "real" / "via.apkg"));

  // An existing package is replaced whole; a failed export leaves nothing behind.
  std::ofstream(outside / "old.apkg") << "old bytes";
  REQUIRE(export_to(env, (outside / "old.apkg").string()) == "true");
  CHECK(native::packages::ZipReader(outside / "old.apkg").has("collection.anki21"));
  CHECK(export_to(env, (outside / "no-such-dir" / "x.apkg").string()) ==
        "ERR: [Errno 2] No such file or directory: '" + (outside / "no-such-dir" / "x.apkg").string() + "'");
  CHECK(export_to(env, outside.string()) == "ERR: [Errno 21] Is a directory: '" + outside.string() + "'");
  CHECK(export_to(env, "") == "ERR: [Errno 2] No such file or directory: ''");
  CHECK(entries_starting(outside, ".").empty());  // no ".<name>.XXXXXX" temporaries
  CHECK(entries_starting(env.dir, ".ankc-package-").empty());

  // The deployment's own files (the config file) and other profiles' are guarded too.
  native::SessionInfo info;
  info.protected_paths = {outside / "config.yaml"};
  set_info(env, info);
  CHECK(export_to(env, (outside / "config.yaml").string()) == refused + "'" + (outside / "config.yaml").string() + "'");
}

TEST_CASE("packagePathRoots: both actions stay inside the roots; relative paths resolve against the first") {
  NotesEnv env;
  make_deck(env, "Export");
  REQUIRE(env.call("addNote", R"({"note": {"deckName": "Export", "modelName": "Basic",
      "fields": {"Front": "rooted", "Back": ""}}})").rfind("ERR", 0) != 0);
  fs::path outside = env.dir.parent_path();
  fs::create_directories(outside / "exports");
  fs::create_directories(outside / "inbox");
  fs::create_symlink(outside, outside / "exports" / "escape");
  native::SessionInfo info;
  info.package_path_roots = {outside / "exports", outside / "inbox"};
  set_info(env, info);
  auto outside_text = [](const fs::path& p) {
    return "ERR: package path is outside the folders packagePathRoots allows: '" + p.string() + "'";
  };
  CHECK(export_to(env, (outside / "x.apkg").string()) == outside_text(outside / "x.apkg"));
  CHECK(export_to(env, "../x.apkg") == outside_text(outside / "exports" / "../x.apkg"));
  CHECK(export_to(env, (outside / "exports" / "escape" / "x.apkg").string()) ==
        outside_text(outside / "exports" / "escape" / "x.apkg"));
  CHECK_FALSE(fs::exists(outside / "x.apkg"));
  REQUIRE(export_to(env, "deck.apkg") == "true");  // relative: under the first root
  REQUIRE(fs::is_regular_file(outside / "exports" / "deck.apkg"));
  fs::copy_file(outside / "exports" / "deck.apkg", outside / "inbox" / "in.apkg");
  fs::copy_file(outside / "exports" / "deck.apkg", outside / "stray.apkg");
  CHECK(import(env, outside / "stray.apkg") == outside_text(outside / "stray.apkg"));
  CHECK(import(env, outside / "exports" / "escape" / "stray.apkg") ==
        outside_text(outside / "exports" / "escape" / "stray.apkg"));
  CHECK(import(env, outside / "inbox" / "in.apkg") == "true");
  CHECK(import(env, "deck.apkg") == "true");
  CHECK(env.sql("select count() from notes") == "1");
}

TEST_CASE("importPackage: sizes are counted while decompressing, never taken from the headers") {
  NotesEnv env;
  fs::path work = env.dir.parent_path();
  std::string collection = *native::packages::ZipReader(fixture_copy(env, "anki__pylib_media.apkg")).read("collection.anki2");
  auto package = [&](const fs::path& p, const std::string& member) {
    native::packages::ZipWriter zip(p);
    zip.add("collection.anki2", collection, true);
    zip.add("0", member, true);
    zip.add("media", R"({"0": "_static.bin"})", true);  // "_" files come over unreferenced
    zip.close();
  };
  fs::path big = work / "big.apkg";
  package(big, std::string(100000, 'z'));

  native::media::FetchPolicy policy;
  policy.max_bytes = 50000;
  native::media::set_fetch_policy(policy);
  CHECK(import(env, big) == "ERR: package member '0' is larger than the allowed 50000 bytes");
  native::media::set_fetch_policy(native::media::FetchPolicy{});
  CHECK_FALSE(fs::exists(env.dir / "collection.media" / "_static.bin"));

  native::SessionInfo info;
  info.package_max_bytes = int64_t(collection.size()) + 50000;
  set_info(env, info);
  CHECK(import(env, big) == "ERR: package decompresses to more than the allowed " +
                                std::to_string(collection.size() + 50000) + " bytes (packageMaxBytes)");
  CHECK_FALSE(fs::exists(env.dir / "collection.media" / "_static.bin"));
  set_info(env, {});
  CHECK(import(env, big) == "true");
  CHECK(read_file(env.dir / "collection.media" / "_static.bin") == std::string(100000, 'z'));

  // A member declaring 4 GB it does not have: memory follows the real bytes, not the header.
  fs::path liar = work / "liar.apkg";
  package(liar, std::string(1 << 20, 'q'));
  declare_size(liar, "0", 0xFFFFFFF0u);
  fs::remove(env.dir / "collection.media" / "_static.bin");
  long before = max_rss_kb();
  std::string result = import(env, liar);
  CHECK(max_rss_kb() - before < 256 * 1024);
  // libzip (1.7 here) reads the real deflate stream and lets the declared size pass.
  CHECK(result == "true");
  CHECK(fs::file_size(env.dir / "collection.media" / "_static.bin") == 1 << 20);
}

TEST_CASE("importPackage: temporary folders sit beside the collection and go, even on failure") {
  NotesEnv env;
  fs::path bad = env.dir.parent_path() / "bad.apkg";
  {
    native::packages::ZipWriter zip(bad);
    zip.add("collection.anki2", "this is not an SQLite file", true);
    zip.add("media", "{}", true);
    zip.close();
  }
  fs::create_directories(env.dir / ".ankc-package-left-by-a-kill");
  std::ofstream(env.dir / ".ankc-package-left-by-a-kill" / "collection.anki2") << "x";
  CHECK(import(env, bad).rfind("ERR: ", 0) == 0);
  CHECK(entries_starting(env.dir, ".ankc-package-").empty());
  CHECK(env.sql("select count() from notes") == "0");
}
