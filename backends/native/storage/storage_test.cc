// Tests of the storage foundation: unicase, Db/locking, transactions, proto round-trips, creating a
// collection compared with a real Anki-created one, opening fixtures.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "backends/action_error.h"
#include "backends/native/collection/collection.h"
#include "backends/native/collection/defaults.h"
#include "backends/native/dbcheck/check.h"
#include "backends/native/proto/deck.pb.h"
#include "backends/native/proto/deck_config.pb.h"
#include "backends/native/proto/notetype_config.pb.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/revlog/raw_sql.h"
#include "backends/native/storage/transaction.h"
#include "backends/native/storage/unicase.h"

using namespace ankc::native;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = ANKC_FIXTURES_DIR;
const int64_t kNowMs = 1774903411533;  // the reference fixture's creation time

// A fresh temp dir per test; all of them are removed when the test binary exits.
fs::path temp_dir() {
  struct Dirs {
    std::vector<fs::path> made;
    ~Dirs() {
      std::error_code ignored;
      for (const auto& d : made) fs::remove_all(d, ignored);
    }
  };
  static Dirs dirs;
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() / ("ankc_storage_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  dirs.made.push_back(dir);
  return dir;
}

fs::path copy_fixture(const std::string& name, const fs::path& dir) {
  fs::path to = dir / name;
  fs::copy_file(kFixtures / name, to);
  fs::permissions(to, fs::perms::owner_read | fs::perms::owner_write);
  return to;
}

std::string file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// An independent read-only connection (sqlite3 C API) with the collation registered.
struct RawDb {
  sqlite3* db = nullptr;
  explicit RawDb(const fs::path& p, int flags = SQLITE_OPEN_READONLY) {
    REQUIRE(sqlite3_open_v2(p.c_str(), &db, flags, nullptr) == SQLITE_OK);
    storage::register_unicase(db);
  }
  ~RawDb() { sqlite3_close(db); }
  // Rows of a query as "col|col|..." strings (blobs as hex).
  std::vector<std::string> rows(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::string row;
      for (int i = 0; i < sqlite3_column_count(st); ++i) {
        if (i) row += '|';
        const unsigned char* t = sqlite3_column_text(st, i);
        row += t ? reinterpret_cast<const char*>(t) : "NULL";
      }
      out.push_back(row);
    }
    sqlite3_finalize(st);
    return out;
  }
  std::vector<std::string> blobs(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW)
      out.emplace_back(static_cast<const char*>(sqlite3_column_blob(st, 0)), sqlite3_column_bytes(st, 0));
    sqlite3_finalize(st);
    return out;
  }
};

void require_clean(const fs::path& file) {
  auto violations = check_collection_file(file);
  for (const auto& v : violations) UNSCOPED_INFO(v.line());
  CHECK(violations.empty());
  RawDb raw(file);
  CHECK(raw.rows("PRAGMA integrity_check") == std::vector<std::string>{"ok"});
}

std::unique_ptr<Collection> new_collection(const fs::path& file, FixedClock& clock, Random& random) {
  return Collection::open(file, clock, random);
}

}  // namespace

TEST_CASE("sql_literal_value: SQLite's reading of a pasted single literal, nothing else") {
  using ankc::native::storage::SqlValue;
  using ankc::native::storage::sql_literal_value;
  CHECK(sql_literal_value(" 42 ") == SqlValue(int64_t{42}));
  CHECK(sql_literal_value("-0x10") == SqlValue(int64_t{-16}));
  CHECK(sql_literal_value("0xffffffffffffffff") == SqlValue(int64_t{-1}));
  CHECK(sql_literal_value("9223372036854775808") == SqlValue(9223372036854775808.0));
  CHECK(sql_literal_value("1.5e3") == SqlValue(1500.0));
  CHECK(sql_literal_value(".5") == SqlValue(0.5));
  CHECK(sql_literal_value("TRUE") == SqlValue(int64_t{1}));
  CHECK(sql_literal_value("null") == SqlValue(std::monostate{}));
  CHECK(sql_literal_value("'it''s'") == SqlValue(std::string("it's")));
  for (const char* refused : {"", "abc", "1+1", "(1)", "'a' || 'b'", "'a'b'", "x'00'", "1e", "- 1", "0x", "1 2"})
    CHECK_FALSE(sql_literal_value(refused));
}

TEST_CASE("unicase folds like Anki's collation") {
  using storage::unicase_compare;
  CHECK(unicase_compare("abc", "ABC") == 0);
  CHECK(unicase_compare("a", "B") < 0);
  CHECK(unicase_compare("ab", "a") > 0);
  CHECK(unicase_compare("Straße", "STRASSE") == 0);
  CHECK(unicase_compare("ﬁle", "FILE") == 0);
  CHECK(unicase_compare("ς", "Σ") == 0);
  CHECK(unicase_compare("Äpfel", "äPFEL") == 0);
  CHECK(unicase_compare("a\x1f" "b", "a b") < 0);  // U+001F sorts before space
  CHECK(storage::unicase_fold("ÉCOLE") == "école");
}

TEST_CASE("a new collection matches the one Anki 25.09.2 created") {
  fs::path dir = temp_dir();
  fs::path mine = dir / "collection.anki2";
  fs::path theirs = copy_fixture("yanki-connect__yanki-tests.anki2", dir);
  FixedClock clock(TimestampMillis{kNowMs}, 240);
  SeededRandom random(42);
  { auto col = new_collection(mine, clock, random); }
  CHECK_FALSE(fs::exists(mine.string() + "-wal"));
  require_clean(mine);

  RawDb a(mine), b(theirs);
  SECTION("sqlite_master is identical (sqlite_stat4 needs a STAT4 build of SQLite)") {
    std::string q = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name != 'sqlite_stat4' ORDER BY rowid";
    CHECK(a.rows(q) == b.rows(q));
    CHECK(a.rows("PRAGMA page_size") == std::vector<std::string>{"4096"});
    CHECK(a.rows("PRAGMA journal_mode") == std::vector<std::string>{"wal"});
  }
  SECTION("col row") {
    CHECK(a.rows("SELECT id, crt, mod, scm, ver, dty, usn, ls, conf, models, decks, dconf, tags FROM col") ==
          std::vector<std::string>{"1|1774857600|0|1774903411533|18|0|0|0|||||"});
    CHECK(b.rows("SELECT crt, scm, ver FROM col") == std::vector<std::string>{"1774857600|1774903411533|18"});
  }
  SECTION("config keys, values and storage classes") {
    std::string q = "SELECT KEY, usn, typeof(val), CAST(val AS TEXT) FROM config WHERE KEY NOT IN ('curModel') ORDER BY KEY";
    auto ra = a.rows(q), rb = b.rows(q);
    REQUIRE(ra.size() == rb.size());
    for (size_t i = 0; i < ra.size(); ++i) CHECK(ra[i] == rb[i]);
    // Time-dependent: mtime of keys Anki added after creation.
    CHECK(a.rows("SELECT count(*) FROM config WHERE mtime_secs NOT IN (0, 1774903411)") == std::vector<std::string>{"0"});
    CHECK(a.rows("SELECT CAST(val AS TEXT) = (SELECT min(id) FROM notetypes) FROM config WHERE KEY = 'curModel'") ==
          std::vector<std::string>{"1"});
  }
  SECTION("default deck and preset are byte-identical") {
    std::string q = "SELECT id, name, mtime_secs, usn, hex(common), hex(kind) FROM decks";
    CHECK(a.rows(q) == b.rows(q));
    std::string p = "SELECT id, name, mtime_secs, usn, hex(config) FROM deck_config";
    CHECK(a.rows(p) == b.rows(p));
  }
  SECTION("stock notetypes: same content except ids") {
    CHECK(a.rows("SELECT id - (SELECT min(id) FROM notetypes), name, mtime_secs, usn, hex(config) FROM notetypes ORDER BY id") ==
          b.rows("SELECT id - (SELECT min(id) FROM notetypes), name, mtime_secs, usn, hex(config) FROM notetypes ORDER BY id"));
    auto strip_field = [](const std::string& bytes) {
      ankc::pb::FieldConfig c;
      REQUIRE(c.ParseFromString(bytes));
      c.clear_id();
      return c.SerializeAsString();
    };
    auto strip_template = [](const std::string& bytes) {
      ankc::pb::TemplateConfig c;
      REQUIRE(c.ParseFromString(bytes));
      c.clear_id();
      return c.SerializeAsString();
    };
    std::string fq = "SELECT f.config FROM fields f JOIN notetypes n ON n.id = f.ntid ORDER BY n.id, f.ord";
    std::string fn = "SELECT n.name, f.ord, f.name FROM fields f JOIN notetypes n ON n.id = f.ntid ORDER BY n.id, f.ord";
    CHECK(a.rows(fn) == b.rows(fn));
    auto fa = a.blobs(fq), fb = b.blobs(fq);
    REQUIRE(fa.size() == fb.size());
    for (size_t i = 0; i < fa.size(); ++i) CHECK(strip_field(fa[i]) == strip_field(fb[i]));
    std::string tq = "SELECT t.config FROM templates t JOIN notetypes n ON n.id = t.ntid ORDER BY n.id, t.ord";
    std::string tn = "SELECT n.name, t.ord, t.name, t.mtime_secs, t.usn FROM templates t JOIN notetypes n ON n.id = t.ntid ORDER BY n.id, t.ord";
    CHECK(a.rows(tn) == b.rows(tn));
    auto ta = a.blobs(tq), tb = b.blobs(tq);
    REQUIRE(ta.size() == tb.size());
    for (size_t i = 0; i < ta.size(); ++i) CHECK(strip_template(ta[i]) == strip_template(tb[i]));
  }
}

TEST_CASE("blobs from a real collection re-encode to identical bytes") {
  fs::path dir = temp_dir();
  for (const char* name : {"yanki-connect__yanki-tests.anki2", "apy__test_base.anki2", "headless-anki__User_1.anki2"}) {
    fs::path file = copy_fixture(name, dir);
    RawDb raw(file);
    int checked = 0;
    for (const auto& blob : raw.blobs("SELECT config FROM notetypes")) {
      ankc::pb::NotetypeConfig m;
      REQUIRE(m.ParseFromString(blob));
      CHECK(m.SerializeAsString() == blob);
      ++checked;
    }
    for (const auto& blob : raw.blobs("SELECT config FROM fields")) {
      ankc::pb::FieldConfig m;
      REQUIRE(m.ParseFromString(blob));
      CHECK(m.SerializeAsString() == blob);
    }
    for (const auto& blob : raw.blobs("SELECT config FROM templates")) {
      ankc::pb::TemplateConfig m;
      REQUIRE(m.ParseFromString(blob));
      CHECK(m.SerializeAsString() == blob);
    }
    for (const auto& blob : raw.blobs("SELECT common FROM decks")) {
      ankc::pb::DeckCommon m;
      REQUIRE(m.ParseFromString(blob));
      CHECK(m.SerializeAsString() == blob);
    }
    for (const auto& blob : raw.blobs("SELECT kind FROM decks")) {
      ankc::pb::DeckKindContainer m;
      REQUIRE(m.ParseFromString(blob));
      CHECK(m.SerializeAsString() == blob);
    }
    for (const auto& blob : raw.blobs("SELECT config FROM deck_config")) {
      ankc::pb::DeckConfigConfig m;
      REQUIRE(m.ParseFromString(blob));
      CHECK(m.SerializeAsString() == blob);
    }
    CHECK(checked > 0);
  }
  SECTION("unknown fields written by a newer Anki survive") {
    ankc::pb::DeckCommon m;
    m.set_study_collapsed(true);
    std::string bytes = m.SerializeAsString() + std::string("\xa0\x06\x07", 3);  // field 100 varint 7
    ankc::pb::DeckCommon back;
    REQUIRE(back.ParseFromString(bytes));
    back.set_new_studied(0);
    CHECK(back.SerializeAsString() == bytes);
  }
}

TEST_CASE("schema below 11 is refused and the file is untouched") {
  fs::path dir = temp_dir();
  fs::path file = copy_fixture("anki__pylib_anki2-alpha.anki2", dir);
  std::string before = file_bytes(file);
  FixedClock clock(TimestampMillis{kNowMs}, 240);
  SeededRandom random(1);
  try {
    Collection::open(file, clock, random);
    FAIL("opened a schema-1 file");
  } catch (const ankc::ActionError& e) {
    CHECK(std::string(e.what()).find("schema 1 is too old") != std::string::npos);
  }
  CHECK(file_bytes(file) == before);
  CHECK_FALSE(fs::exists(file.string() + "-wal"));
  CHECK_FALSE(fs::exists(file.string() + "-journal"));
}

TEST_CASE("a collection locked by another connection is refused and not written") {
  fs::path dir = temp_dir();
  fs::path file = dir / "collection.anki2";
  FixedClock clock(TimestampMillis{kNowMs}, 240);
  SeededRandom random(2);
  { auto col = new_collection(file, clock, random); }
  std::string before = file_bytes(file);
  SECTION("another writer holds a lock") {
    RawDb other(file, SQLITE_OPEN_READWRITE);
    REQUIRE(sqlite3_exec(other.db, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
    try {
      Collection::open(file, clock, random);
      FAIL("opened a locked collection");
    } catch (const ankc::ActionError& e) {
      CHECK(std::string(e.what()) == "Anki already open, or media currently syncing.");
    }
    sqlite3_exec(other.db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  SECTION("while we hold it, Anki (locking_mode exclusive) and a second holder are refused") {
    auto col = Collection::open(file, clock, random);
    RawDb anki(file, SQLITE_OPEN_READWRITE);
    REQUIRE(sqlite3_exec(anki.db, "PRAGMA locking_mode = exclusive", nullptr, nullptr, nullptr) == SQLITE_OK);
    int rc = sqlite3_exec(anki.db, "SELECT count(*) FROM col", nullptr, nullptr, nullptr);
    CHECK((rc & 0xff) == SQLITE_BUSY);
    try {
      Collection::open(file, clock, random);
      FAIL("a second holder opened a held collection");
    } catch (const ankc::ActionError& e) {
      CHECK(std::string(e.what()) == "Anki already open, or media currently syncing.");
    }
    // This process's own readers share it, and cannot write.
    auto reader = Collection::open_reader(file, clock, random);
    CHECK(reader->db().query("SELECT count(*) FROM col").next());
    CHECK_THROWS_WITH(reader->db().exec("UPDATE col SET mod = mod + 1"), Catch::Contains("readonly"));
  }
  CHECK(file_bytes(file) == before);
}

TEST_CASE("write transactions are all or nothing and bump col.mod") {
  fs::path dir = temp_dir();
  fs::path file = dir / "collection.anki2";
  FixedClock clock(TimestampMillis{kNowMs}, 240);
  SeededRandom random(3);
  auto col = new_collection(file, clock, random);
  storage::Db& db = col->db();
  clock.advance_ms(5000);
  try {
    storage::WriteTransaction txn(db, clock.now());
    storage::set_config_json(db, "nextPos", "7", kLocalUsn, clock.now_secs());
    txn.mark_changed();
    throw std::runtime_error("handler failed");
  } catch (const std::runtime_error&) {
  }
  CHECK(*storage::get_config_json(db, "nextPos") == "1");
  CHECK(storage::get_col(db).mod.v == 0);
  {
    storage::WriteTransaction txn(db, clock.now());
    storage::DeckRow deck{DeckId{}, "Parent\x1f" "Child", clock.now_secs(), kLocalUsn,
                          new_deck_common().SerializeAsString(), new_normal_deck_kind().SerializeAsString()};
    storage::DeckRow parent{DeckId{}, "Parent", clock.now_secs(), kLocalUsn, new_deck_common().SerializeAsString(),
                            new_normal_deck_kind().SerializeAsString()};
    storage::add_deck(db, parent, clock.now());
    storage::add_deck(db, deck, clock.now());
    CHECK(deck.id.v == parent.id.v + 1);  // same millisecond: max(id)+1
    txn.mark_schema_changed();
    txn.commit();
  }
  CHECK(storage::get_col(db).mod.v == kNowMs + 5000);
  CHECK(storage::get_col(db).scm.v == kNowMs + 5000);
  // A write in the very millisecond a sync finished (ls = mod = now) still moves mod past ls: sync
  // clients read equal mod times as "no changes" and would never send or fetch it.
  db.exec("UPDATE col SET ls = " + std::to_string(kNowMs + 5000));
  {
    storage::WriteTransaction txn(db, clock.now());
    storage::set_config_json(db, "nextPos", "8", kLocalUsn, clock.now_secs());
    txn.mark_changed();
    txn.commit();
  }
  CHECK(storage::get_col(db).mod.v == kNowMs + 5001);
  CHECK(storage::get_deck_by_name(db, "PARENT")->name == "Parent");
  CHECK(storage::child_decks(db, "parent").size() == 1);
  CHECK_THROWS_AS(([&] {
                    storage::WriteTransaction txn(db, clock.now());
                    storage::DeckRow dup{DeckId{}, "parent", TimestampSecs{0}, kLocalUsn, "", ""};
                    storage::add_deck(db, dup, clock.now());
                  })(),
                  ankc::ActionError);
  col->close();
  require_clean(file);
}

TEST_CASE("every real collection fixture opens (schema 11/15 upgraded to 18)") {
  fs::path dir = temp_dir();
  for (const char* name : {"ankipandas__few_basic_cards.anki2", "ankipandas__few_basic_cards_v1.anki2",
                           "anki__rslib_mediacheck.anki2", "apy__test_base.anki2", "headless-anki__User_1.anki2",
                           "yanki-connect__yanki-tests.anki2"}) {
    INFO(name);
    fs::path file = copy_fixture(name, dir);
    std::vector<std::string> notes_before;
    {
      RawDb before(file);
      notes_before = before.rows("SELECT count(*) FROM notes");
    }
    FixedClock clock(TimestampMillis{kNowMs}, 240);
    SeededRandom random(4);
    {
      auto col = Collection::open(file, clock, random);
      storage::Db& db = col->db();
      CHECK(storage::get_col(db).ver == 18);
      CHECK_FALSE(storage::all_notetypes(db).empty());
      CHECK(storage::get_deck(db, DeckId{1}).has_value());
      for (const auto& nt : storage::all_notetypes(db)) CHECK_FALSE(storage::get_fields(db, nt.id).empty());
    }
    RawDb after(file);
    CHECK(after.rows("SELECT count(*) FROM notes") == notes_before);
    CHECK(after.rows("PRAGMA integrity_check") == std::vector<std::string>{"ok"});
    CHECK(after.rows("SELECT conf || models || decks || dconf || tags FROM col") == std::vector<std::string>{""});
  }
}

#include <boost/json/serialize.hpp>

#include "backends/native/native_backend.h"

TEST_CASE("the native backend: profiles, lazy collection, checkDatabase, unserved actions") {
  fs::path dir = temp_dir();
  ankc::NativeOptions options{{{"User 1", dir / "User 1"}, {"Other", dir / "Other"}}};
  FixedClock clock(TimestampMillis{kNowMs}, 240);
  SeededRandom random(5);
  auto backend = ankc::make_native_backend(options, clock, random);
  CHECK(boost::json::serialize(backend->call("getProfiles", {})) == R"(["User 1","Other"])");
  CHECK(backend->call("getActiveProfile", {}).as_string() == "User 1");
  CHECK_FALSE(fs::exists(dir / "User 1" / "collection.anki2"));  // lazy
  CHECK(boost::json::serialize(backend->call("checkDatabase", {})) == R"({"problems":"","ok":true})");
  CHECK(fs::exists(dir / "User 1" / "collection.anki2"));
  CHECK(backend->call("loadProfile", {{"name", "Other"}}).as_bool());
  CHECK_FALSE(backend->call("loadProfile", {{"name", "nobody"}}).as_bool());
  CHECK(backend->call("getActiveProfile", {}).as_string() == "Other");
  try {
    backend->call("sync", {});
    FAIL("sync answered");
  } catch (const ankc::ActionError& e) {
    CHECK(std::string(e.what()) == "sync: auth not configured");
  }
  backend.reset();
  require_clean(dir / "User 1" / "collection.anki2");
}

TEST_CASE("the native backend: handlers see the configured profile name and the emulation's Python") {
  namespace json = boost::json;
  fs::path dir = temp_dir();
  for (ankc::PyFlavour py : {ankc::PyFlavour::py313, ankc::PyFlavour::py39}) {
    const bool py39 = py == ankc::PyFlavour::py39;
    ankc::NativeOptions options;
    options.profiles = {{"User 1", dir / (py39 ? "data39" : "data313")}};  // folder named unlike the profile
    options.py_flavour = py;
    FixedClock clock(TimestampMillis{kNowMs}, 240);
    SeededRandom random(5);
    auto backend = ankc::make_native_backend(options, clock, random);
    json::object note{{"deckName", "Default"}, {"modelName", "Basic"}, {"fields", {{"Front", "a"}, {"Back", "b"}}}};
    json::value nid = backend->call("addNote", {{"note", note}});
    json::value info = backend->call("notesInfo", {{"notes", json::array{nid}}});
    CHECK(info.as_array().at(0).as_object().at("profile").as_string() == "User 1");

    auto error_of = [&](const std::string& action, const json::object& params) -> std::string {
      try {
        backend->call(action, params);
        return "(no error)";
      } catch (const ankc::ActionError& e) {
        return e.what();
      }
    };
    const std::string str_indices =
        py39 ? "string indices must be integers" : "string indices must be integers, not 'str'";
    CHECK(error_of("addNote", {{"note", "x"}}) == str_indices);
    CHECK(error_of("updateNoteFields", {{"note", "x"}}) == str_indices);
    CHECK(error_of("updateModelStyling", {{"model", "x"}}) == str_indices);
    CHECK(error_of("modelTemplateAdd", {{"modelName", "Basic"}, {"template", "x"}}) == str_indices);
    CHECK(error_of("saveDeckConfig", {{"config", "x"}}) == str_indices);
    CHECK(error_of("answerCards", {{"answers", json::array{"x"}}}) == str_indices);
    CHECK(error_of("guiAddCards", {{"note", "x"}}) == str_indices);
    CHECK(error_of("setDeckConfigId", {{"decks", json::array{"Default"}}, {"configId", json::array{}}}) ==
          std::string("int() argument must be a string, a bytes-like object or ") +
              (py39 ? "a number" : "a real number") + ", not 'list'");
    // setattr() with a non-str name: PyObject_SetAttr's text, the same on both
    json::value cid = backend->call("findCards", {{"query", "nid:" + json::serialize(nid)}}).as_array().at(0);
    CHECK(json::serialize(backend->call("setSpecificValueOfCard",
                                        {{"card", cid}, {"keys", json::array{1}}, {"newValues", json::array{2}}})) ==
          R"([[false,"attribute name must be string, not 'int'"]])");
  }
}
