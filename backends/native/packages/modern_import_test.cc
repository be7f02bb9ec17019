// importPackage on latest-format packages (meta 3): the real modern fixtures counted against their
// own SQLite, a second import adding nothing, media deduplicated and renamed, and hostile packages
// (path names, zip/zstd bombs, truncated frames, unknown meta, newer schema) refused with nothing
// written.
#include <catch2/catch.hpp>

#include <sqlite3.h>
#include <zstd.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <functional>
#include <map>

#include "backends/native/media/media_folder.h"
#include "backends/native/notes/test_support.h"
#include "backends/native/packages/modern_import.h"
#include "backends/native/packages/package_format.h"
#include "backends/native/packages/service.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/packages/zstd_frames.h"
#include "backends/action_error.h"
#include "compat/pyjson.h"

namespace fs = std::filesystem;
using ankc::native::testing::NotesEnv;
namespace native = ankc::native;
namespace pk = ankc::native::packages;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

fs::path copy_fixture(NotesEnv& env, const std::string& name) {
  fs::path to = env.dir.parent_path() / name;
  fs::copy_file(fs::path(ANKC_FIXTURES_DIR) / name, to, fs::copy_options::overwrite_existing);
  return to;
}

// importPackage, or (for a .colpkg, which importPackage imports by replacing the collection) the
// importAnkiPackage extension, which merges it like a deck; "true" when it succeeded.
std::string import_call(NotesEnv& env, const fs::path& p) {
  std::string action = p.extension() == ".colpkg" ? "importAnkiPackage" : "importPackage";
  for (const auto& a : native::packages_actions()) {
    if (a.name != action) continue;
    try {
      boost::json::object params;
      params["path"] = p.string();
      boost::json::value result = a.handler(*env.session, params);
      if (action == "importAnkiPackage") return result.is_object() ? "true" : ankc::pyjson::dumps(result);
      return ankc::pyjson::dumps(result);
    } catch (const ankc::ActionError& e) {
      return std::string("ERR: ") + e.what();
    }
  }
  return "no such action";
}

// The fixtures were exported in 2026: the tests' clock runs after them, as a real import's would.
void after_fixtures(NotesEnv& env) { env.clock.set(native::TimestampMillis{1780000000000}); }

int ascii_nocase(void*, int a, const void* x, int b, const void* y) {
  int r = sqlite3_strnicmp(static_cast<const char*>(x), static_cast<const char*>(y), std::min(a, b));
  return r ? r : a - b;
}

// A plain sqlite3 connection to a collection file, with a stand-in unicase collation for its indexes.
sqlite3* open_raw(const fs::path& file) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  sqlite3_create_collation(db, "unicase", SQLITE_UTF8, nullptr, ascii_nocase);
  return db;
}

// One number from an SQLite file opened immutable (the package's own collection, never modified).
std::string count_in(const fs::path& db_file, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string uri = "file:" + db_file.string() + "?immutable=1";
  REQUIRE(sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) == SQLITE_OK);
  sqlite3_create_collation(db, "unicase", SQLITE_UTF8, nullptr, ascii_nocase);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  std::string out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

// The package's collection, decompressed beside it.
fs::path inner_collection(const fs::path& package) {
  fs::path out = package.string() + ".inner.anki2";
  pk::ZipReader zip(package);
  REQUIRE(pk::extract_zstd_member(zip, "collection.anki21b", out));
  return out;
}

// Members of a package in order, as stored (zstd frames stay compressed).
std::vector<std::pair<std::string, std::string>> members_of(const fs::path& package) {
  pk::ZipReader zip(package);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& n : zip.names()) out.emplace_back(n, *zip.read(n));
  return out;
}

void write_package(const fs::path& to, const std::vector<std::pair<std::string, std::string>>& members) {
  pk::ZipWriter zip(to);
  for (const auto& [n, data] : members) zip.add(n, data, false);
  zip.close();
}

std::string& member(std::vector<std::pair<std::string, std::string>>& members, const std::string& name) {
  for (auto& [n, data] : members)
    if (n == name) return data;
  members.emplace_back(name, "");
  return members.back().second;
}

std::string media_index(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::vector<pk::PackageMediaEntry> list;
  for (const auto& [name, data] : entries) {
    std::string hex = native::media::sha1_hex(data), raw;
    for (size_t i = 0; i < hex.size(); i += 2) raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    list.push_back(pk::PackageMediaEntry{name, raw, static_cast<uint32_t>(data.size()), ""});
  }
  return pk::zstd_compress(pk::encode_media_entries(list));
}

std::vector<std::string> files_in(const fs::path& folder) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(folder, ec)) out.push_back(e.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

// A zstd frame of `size` zero bytes, built in 1 MiB steps (never holding the whole input).
std::string zero_bomb(size_t size) {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::string zeros(1 << 20, '\0'), out;
  std::vector<char> buf(ZSTD_CStreamOutSize());
  for (size_t done = 0; done < size; done += zeros.size()) {
    bool last = done + zeros.size() >= size;
    ZSTD_inBuffer in{zeros.data(), zeros.size(), 0};
    size_t r;
    do {
      ZSTD_outBuffer o{buf.data(), buf.size(), 0};
      r = ZSTD_compressStream2(cctx, &o, &in, last ? ZSTD_e_end : ZSTD_e_continue);
      out.append(buf.data(), o.pos);
    } while (last ? r != 0 : in.pos < in.size);
  }
  ZSTD_freeCCtx(cctx);
  return out;
}

}  // namespace

TEST_CASE("importPackage: the modern fixtures import with the counts of their own collection; twice adds nothing") {
  struct Case {
    const char* file;
    int media;
  };
  for (const Case& c : {Case{"ankimcp__MCP_Reviewer_Demo.apkg", 0}, Case{"clintafk__Newly_learned_words.apkg", 0},
                        Case{"hckrtst__All_Decks-1-23-23.apkg", 1},
                        Case{"yanki-connect__backup-2026-03-30-17.22.20.colpkg", 0}}) {
    SECTION(c.file) {
      NotesEnv env;
      after_fixtures(env);
      fs::path p = copy_fixture(env, c.file);
      fs::path inner = inner_collection(p);
      std::string notes = count_in(inner, "select count() from notes");
      std::string cards = count_in(inner, "select count() from cards");
      std::string revlog = count_in(inner, "select count() from revlog");
      REQUIRE(import_call(env, p) == "true");
      CHECK(env.sql("select count() from notes") == notes);
      CHECK(env.sql("select count() from cards") == cards);
      CHECK(env.sql("select count() from revlog") == revlog);
      CHECK(env.sql("select count() from notes where mid not in (select id from notetypes)") == "0");
      CHECK(env.sql("select count() from cards where did not in (select id from decks)") == "0");
      CHECK(env.sql("select count() from cards where nid not in (select id from notes)") == "0");
      // Same guids and fields as the package.
      CHECK(env.sql("select count() from notes where usn != -1") == "0");
      CHECK(files_in(env.dir / "collection.media").size() == size_t(c.media));
      CHECK(env.check() == "");

      auto again = pk::import_any_package(*env.session, p, pk::ImportOptions{});
      CHECK(again.package_version == "latest");
      CHECK(again.notes_added == 0);
      CHECK(again.notes_updated == 0);
      CHECK(again.notes_duplicate == std::stoll(notes));
      CHECK(again.cards_added == 0);
      CHECK(again.revlog_added == 0);
      CHECK(again.media_added == 0);
      CHECK(env.sql("select count() from notes") == notes);
      CHECK(env.sql("select count() from cards") == cards);
      CHECK(env.sql("select count() from revlog") == revlog);
      CHECK(files_in(env.dir / "collection.media").size() == size_t(c.media));
      CHECK(env.check() == "");
    }
  }
}

TEST_CASE("importPackage (modern): fields, scheduling and the media file of the hckrtst deck") {
  NotesEnv env;
  after_fixtures(env);
  fs::path p = copy_fixture(env, "hckrtst__All_Decks-1-23-23.apkg");
  fs::path inner = inner_collection(p);
  REQUIRE(import_call(env, p) == "true");
  // Note guids and fields byte for byte; cards keep their scheduling columns.
  CHECK(env.sql("select group_concat(guid || flds, '|') from (select * from notes order by guid)") ==
        count_in(inner, "select group_concat(guid || flds, '|') from (select * from notes order by guid)"));
  CHECK(env.sql("select group_concat(ivl || ',' || factor || ',' || reps || ',' || lapses || ',' || type || ',' || data, '|')"
                " from (select * from cards order by id)") ==
        count_in(inner, "select group_concat(ivl || ',' || factor || ',' || reps || ',' || lapses || ',' || type || ',' || data, '|')"
                        " from (select * from cards order by id)"));
  const std::string jpg = "paste-be19b4318dc1110ecd29af9c6d6dc9fcc0986e1d.jpg";
  std::string data = slurp(env.dir / "collection.media" / jpg);
  CHECK(native::media::sha1_hex(data).size() == 40);
  CHECK(env.sql("select count() from notes where flds like '%" + jpg + "%'") == "1");
  // Recorded in the media database, so a media sync sends it.
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((env.dir / "collection.media.db2").c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "select csum, dirty from media where fname = ?", -1, &st, nullptr) == SQLITE_OK);
  sqlite3_bind_text(st, 1, jpg.c_str(), -1, SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == native::media::sha1_hex(data));
  CHECK(sqlite3_column_int(st, 1) == 1);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_CASE("importPackage (modern): a different file under the same name is imported hash-suffixed") {
  NotesEnv env;
  after_fixtures(env);
  const std::string jpg = "paste-be19b4318dc1110ecd29af9c6d6dc9fcc0986e1d.jpg";
  fs::create_directories(env.dir / "collection.media");
  std::ofstream(env.dir / "collection.media" / jpg) << "someone else's picture";
  fs::path p = copy_fixture(env, "hckrtst__All_Decks-1-23-23.apkg");
  REQUIRE(import_call(env, p) == "true");
  CHECK(slurp(env.dir / "collection.media" / jpg) == "someone else's picture");
  auto files = files_in(env.dir / "collection.media");
  REQUIRE(files.size() == 2);
  std::string renamed = files[0] == jpg ? files[1] : files[0];
  std::string data = slurp(env.dir / "collection.media" / renamed);
  CHECK(renamed == "paste-be19b4318dc1110ecd29af9c6d6dc9fcc0986e1d-" + native::media::sha1_hex(data) + ".jpg");
  CHECK(env.sql("select count() from notes where flds like '%" + renamed + "%'") == "1");
  CHECK(env.sql("select count() from notes where flds like '%" + jpg + "\"%'") == "0");
  // Importing again reuses the renamed file.
  REQUIRE(import_call(env, p) == "true");
  CHECK(files_in(env.dir / "collection.media").size() == 2);
}

TEST_CASE("importPackage (modern): a newer note updates, an older one does not; a changed note type is added anew") {
  NotesEnv env;
  after_fixtures(env);
  fs::path p = copy_fixture(env, "ankimcp__MCP_Reviewer_Demo.apkg");
  REQUIRE(import_call(env, p) == "true");
  std::string notetypes = env.sql("select count() from notetypes");
  // Newer copy of one note in the package: the profile's note is updated in place.
  auto members = members_of(p);
  fs::path inner = inner_collection(p);
  fs::path edited = env.dir.parent_path() / "edited.anki2";
  fs::copy_file(inner, edited);
  {
    sqlite3* db = open_raw(edited);
    REQUIRE(sqlite3_exec(db, "update notes set flds = 'changed' || char(31) || 'back', mod = mod + 100"
                             " where id = (select min(id) from notes)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  member(members, "collection.anki21b") = pk::zstd_compress(slurp(edited));
  fs::path newer = env.dir.parent_path() / "newer.apkg";
  write_package(newer, members);
  auto s = pk::import_any_package(*env.session, newer, pk::ImportOptions{});
  CHECK(s.notes_updated == 1);
  CHECK(s.notes_added == 0);
  CHECK(env.sql("select count() from notes where flds = 'changed' || char(31) || 'back'") == "1");
  CHECK(env.sql("select count() from notes") == "20");
  // The original package is now older for that note: nothing changes.
  s = pk::import_any_package(*env.session, p, pk::ImportOptions{});
  CHECK(s.notes_updated == 0);
  CHECK(env.sql("select count() from notes where flds = 'changed' || char(31) || 'back'") == "1");

  // A field renamed in the package's note type: its notes conflict with the profile's (same guid,
  // other note type) and the note type comes in as a new one.
  {
    sqlite3* db = open_raw(edited);
    REQUIRE(sqlite3_exec(db, "update fields set name = 'Question' where ord = 0", nullptr, nullptr, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "update notes set guid = guid || 'x' where id = (select max(id) from notes)", nullptr, nullptr,
                         nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  member(members, "collection.anki21b") = pk::zstd_compress(slurp(edited));
  fs::path changed = env.dir.parent_path() / "changed.apkg";
  write_package(changed, members);
  s = pk::import_any_package(*env.session, changed, pk::ImportOptions{});
  CHECK(s.notetypes_added == 1);
  CHECK(s.notes_conflicting == 19);
  CHECK(s.notes_added == 1);
  CHECK(std::stoi(env.sql("select count() from notetypes")) == std::stoi(notetypes) + 1);
  CHECK(env.sql("select count() from notes n join fields f on f.ntid = n.mid and f.ord = 0 where f.name = 'Question'") == "1");
  CHECK(env.check() == "");
}

TEST_CASE("importPackage (modern): hostile packages are refused with a clear error and nothing written") {
  NotesEnv env;
  after_fixtures(env);
  fs::path work = env.dir.parent_path();
  fs::path good = copy_fixture(env, "hckrtst__All_Decks-1-23-23.apkg");
  const auto base = members_of(good);
  auto refused = [&](const std::string& label, const std::vector<std::pair<std::string, std::string>>& members,
                     const std::string& error_start) {
    fs::path p = work / (label + ".apkg");
    write_package(p, members);
    std::string got = import_call(env, p);
    INFO(label << ": " << got);
    CHECK(got.rfind("ERR: " + error_start, 0) == 0);
    CHECK(got != "ERR: ");
    CHECK(env.sql("select count() from notes") == "0");
    CHECK(files_in(env.dir / "collection.media").empty());
    for (const auto& f : files_in(env.dir)) CHECK(f.rfind(".ankc-package-", 0) != 0);
  };
  for (const char* name : {"../x", "/x", "a/../../x", "..", "a/b"}) {
    auto m = base;
    member(m, "0") = pk::zstd_compress("evil");
    member(m, "media") = media_index({{name, "evil"}});
    refused("traversal", m, "package is corrupt: media entry 0");
  }
  {
    auto m = base;
    member(m, "meta") = std::string("\x08\x07", 2);
    refused("meta7", m, "package too new: its meta member names version 7");
    member(m, "meta") = std::string("\x08\x00", 2);
    refused("meta0", m, "package too new: its meta member names version 0");
  }
  {
    auto m = base;
    std::string& col = member(m, "collection.anki21b");
    col.resize(col.size() / 2);
    refused("truncated", m, "package member 'collection.anki21b' is");
  }
  {
    auto m = base;
    member(m, "collection.anki21b") = zero_bomb(size_t(200) << 20);
    refused("bomb", m, "package member 'collection.anki21b' expands more than 10000-fold");
  }
  {
    auto m = base;
    member(m, "0") = zero_bomb(size_t(64) << 20);
    refused("media-bomb", m, "package member '0' expands more than 10000-fold");
  }
  {
    // A collection of a newer schema.
    fs::path inner = inner_collection(good);
    sqlite3* db = open_raw(inner);
    REQUIRE(sqlite3_exec(db, "update col set ver = 19", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    auto m = base;
    member(m, "collection.anki21b") = pk::zstd_compress(slurp(inner));
    refused("newer", m, "the package's collection cannot be opened: ");
  }
  {
    // A media file whose bytes do not match its sha1: the whole import rolls back.
    auto m = base;
    member(m, "0") = pk::zstd_compress("not the picture");
    refused("badsha", m, "package is corrupt: media file");
  }
  {
    auto m = base;
    member(m, "media") = "garbage";
    refused("badindex", m, "package member 'media' is not a valid zstd frame");
  }
  // packageMaxBytes counts the decompressed collection.
  native::SessionInfo info;
  info.package_max_bytes = 100000;
  env.session = std::make_unique<native::Session>(env.dir / "collection.anki2", env.dir / "collection.media", env.clock,
                                                  env.random, std::move(info));
  refused("limit", base, "package decompresses to more than the allowed 100000 bytes (packageMaxBytes)");
  CHECK(env.check() == "");
}

#include "backends/native/decks/deck_ops.h"
#include "backends/native/packages/modern_export.h"
#include "backends/native/proto/package.pb.h"

namespace {

// A profile with two notes in "Lang" (one with a picture and a sound) and one elsewhere.
void fill(NotesEnv& a) {
  {
    auto tx = a.session->write();
    native::ensure_deck(a.session->db(), "Lang::Verbs", a.clock.now());
    tx.mark_changed();
    tx.commit();
  }
  REQUIRE(a.call("storeMediaFile", R"({"filename": "pic.png", "data": "iVBORw0KGgo="})") == "\"pic.png\"");
  REQUIRE(a.call("storeMediaFile", R"({"filename": "snd.mp3", "data": "SUQzAwAAAAAA"})") == "\"snd.mp3\"");
  REQUIRE(a.call("addNote", R"({"note": {"deckName": "Lang::Verbs", "modelName": "Basic",
      "fields": {"Front": "<img src=\"pic.png\"> go", "Back": "[sound:snd.mp3] gehen"}, "tags": ["verb"]}})").rfind("ERR", 0) != 0);
  REQUIRE(a.call("addNote", R"J({"note": {"deckName": "Lang", "modelName": "Basic (and reversed card)",
      "fields": {"Front": "house", "Back": "Haus"}, "tags": ["noun"]}})J").rfind("ERR", 0) != 0);
  REQUIRE(a.call("addNote", R"({"note": {"deckName": "Default", "modelName": "Basic",
      "fields": {"Front": "elsewhere", "Back": ""}}})").rfind("ERR", 0) != 0);
}

// Checks a latest package member by member against collection-format.md §10.1.
void check_latest_members(const fs::path& p, size_t media_count) {
  pk::ZipReader zip(p);
  auto names = zip.names();
  REQUIRE(names.size() == 4 + media_count);
  CHECK(names[0] == "meta");
  CHECK(names[1] == "collection.anki21b");
  CHECK(names[2] == "collection.anki2");
  CHECK(names.back() == "media");
  CHECK(*zip.read("meta") == std::string("\x08\x03", 2));
  CHECK(zip.read("collection.anki21b")->substr(0, 4) == "\x28\xb5\x2f\xfd");  // one zstd frame
  CHECK(zip.read("collection.anki2")->substr(0, 16) == std::string("SQLite format 3\0", 16));
  std::string index;
  REQUIRE(pk::read_zstd_member(zip, "media", 0, index));
  ankc::pb::MediaEntries entries;
  REQUIRE(entries.ParseFromString(index));
  REQUIRE(size_t(entries.entries_size()) == media_count);
  for (int i = 0; i < entries.entries_size(); ++i) {
    const auto& e = entries.entries(i);
    CHECK(names[3 + i] == std::to_string(i));
    std::string data;
    REQUIRE(pk::read_zstd_member(zip, std::to_string(i), 0, data));
    CHECK(e.size() == data.size());
    CHECK(e.sha1().size() == 20);
    std::string hex;
    for (unsigned char c : e.sha1()) {
      const char* d = "0123456789abcdef";
      hex += d[c >> 4];
      hex += d[c & 15];
    }
    CHECK(hex == native::media::sha1_hex(data));
    CHECK_FALSE(e.has_legacy_zip_filename());
  }
  fs::path inner = inner_collection(p);
  CHECK(count_in(inner, "select ver from col") == "18");
  CHECK(count_in(inner, "pragma integrity_check") == "ok");
}

}  // namespace

TEST_CASE("modern .apkg export: spec members; round trip with scheduling keeps ids, guids, fields, cards and media") {
  NotesEnv a;
  fill(a);
  // Some scheduling to carry: one card reviewed.
  a.sql("update cards set type = 2, queue = 2, due = 30, ivl = 12, factor = 2500, reps = 3 where ord = 0 and nid = (select min(id) from notes)");
  a.session->close();
  fs::path apkg = a.dir.parent_path() / "lang.apkg";
  REQUIRE(pk::export_latest_deck(*a.session, "lang", apkg, true, true));
  CHECK_FALSE(pk::export_latest_deck(*a.session, "nope", a.dir.parent_path() / "nope.apkg", true, true));
  check_latest_members(apkg, 2);

  NotesEnv b;
  REQUIRE(import_call(b, apkg) == "true");
  const std::string notes_sql = "select id, guid, flds, tags, mod from notes where flds not like 'elsewhere%' order by id";
  const std::string cards_sql = "select id, nid, ord, type, queue, due, ivl, factor, reps, lapses from cards order by id";
  CHECK(b.sql(notes_sql) == a.sql(notes_sql));
  CHECK(b.sql(cards_sql) == a.sql(cards_sql + " limit 3"));
  CHECK(b.sql("select group_concat(name, ',') from (select name from decks order by name)") ==
        "Default,Lang,Lang" "\x1f" "Verbs");
  CHECK(slurp(b.dir / "collection.media" / "pic.png") == slurp(a.dir / "collection.media" / "pic.png"));
  CHECK(slurp(b.dir / "collection.media" / "snd.mp3") == slurp(a.dir / "collection.media" / "snd.mp3"));
  CHECK(b.check() == "");
  // Twice: nothing more.
  auto again = pk::import_any_package(*b.session, apkg, pk::ImportOptions{});
  CHECK(again.notes_added + again.cards_added + again.media_added == 0);
}

TEST_CASE("modern .colpkg export: spec members; importing it elsewhere gives the same rows and media") {
  NotesEnv a;
  fill(a);
  fs::path colpkg = a.dir.parent_path() / "all.colpkg";
  pk::export_latest_colpkg(*a.session, colpkg, true);
  check_latest_members(colpkg, 2);
  NotesEnv b;
  REQUIRE(import_call(b, colpkg) == "true");
  const std::string notes_sql = "select id, guid, flds, tags, mod from notes order by id";
  CHECK(b.sql(notes_sql) == a.sql(notes_sql));
  CHECK(b.sql("select count() from cards") == a.sql("select count() from cards"));
  CHECK(b.check() == "");
}

TEST_CASE("importPackage of a .colpkg replaces the collection: safety backup first, swapped in, schema modified") {
  NotesEnv a;
  fill(a);
  fs::path colpkg = a.dir.parent_path() / "all.colpkg";
  pk::export_latest_colpkg(*a.session, colpkg, true);
  const std::string notes_sql = "select id, guid, flds, tags, mod from notes order by id";

  NotesEnv b;
  REQUIRE(b.call("addNote", R"({"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "only in b", "Back": "x"}}})")
              .rfind("ERR", 0) != 0);
  std::string b_notes = b.sql(notes_sql);
  auto call = [&](const fs::path& p) {
    for (const auto& act : native::packages_actions())
      if (act.name == std::string("importPackage")) {
        try {
          return ankc::pyjson::dumps(act.handler(*b.session, boost::json::object{{"path", p.string()}}));
        } catch (const ankc::ActionError& e) {
          return std::string("ERR: ") + e.what();
        }
      }
    return std::string("no such action");
  };
  // Without a backup hook (backups unavailable) the collection is never replaced.
  CHECK(call(colpkg) == "ERR: cannot replace the collection by " + colpkg.string() + ": backups are not available");
  CHECK(b.sql(notes_sql) == b_notes);

  // With one: the hook runs on the open collection first, then the package's collection is served.
  fs::path safety = b.dir.parent_path() / "safety.anki2";
  int backups = 0;
  native::SessionInfo info;
  info.backup = [&](native::Session& s) {
    ++backups;
    pk::snapshot_collection(s, safety);
    return safety;
  };
  b.session = std::make_unique<native::Session>(b.dir / "collection.anki2", b.dir / "collection.media", b.clock, b.random, info);
  CHECK(call(colpkg) == "true");
  CHECK(backups == 1);
  CHECK(b.session->is_open());
  CHECK(b.sql(notes_sql) == a.sql(notes_sql));
  CHECK(b.sql("select scm from col") == std::to_string(b.clock.now().v));
  CHECK(files_in(b.dir / "collection.media") == files_in(a.dir / "collection.media"));
  CHECK(b.check() == "");
  CHECK(count_in(safety, "select count() from notes where flds like 'only in b%'") == "1");
}

TEST_CASE("zstd frames: a file compressed in whole input blocks decodes whole, read in any chunk size") {
  NotesEnv env;
  fs::path dir = env.dir.parent_path();
  for (size_t size : {size_t(0), size_t(1), size_t(128) << 10, size_t(3) << 17, (size_t(3) << 17) + 5}) {
    std::string data(size, '\0');
    for (size_t i = 0; i < size; ++i) data[i] = static_cast<char>((i * 7919) % 251);
    std::ofstream(dir / "plain", std::ios::binary | std::ios::trunc) << data;
    pk::zstd_compress_file(dir / "plain", dir / "packed");
    std::string packed = slurp(dir / "packed");
    for (size_t chunk : {size_t(1) << 16, size_t(7), packed.size()}) {
      std::string out;
      pk::ZstdDecoder dec("x", 0, [&](const char* d, size_t n) { out.append(d, n); });
      for (size_t at = 0; at < packed.size(); at += chunk) dec.feed(packed.data() + at, std::min(chunk, packed.size() - at));
      CHECK(dec.finish() == int64_t(size));
      CHECK(out == data);
    }
  }
}
