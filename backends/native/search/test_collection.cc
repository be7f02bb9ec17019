#include "backends/native/search/test_collection.h"

#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "backends/native/search/sql_functions.h"
#include "backends/native/search/text.h"

namespace ankc::native::search::testing {
namespace fs = std::filesystem;

const char* schema18_ddl() {
  return R"SQL(
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
  scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL,
  ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL,
  dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL,
  sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
  ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL,
  queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL,
  reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
  odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
  ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL,
  time integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
CREATE TABLE deck_config (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE config (KEY text NOT NULL PRIMARY KEY, usn integer NOT NULL,
  mtime_secs integer NOT NULL, val blob NOT NULL) without rowid;
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL,
  name text NOT NULL COLLATE unicase, config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid);
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL,
  name text NOT NULL COLLATE unicase, mtime_secs integer NOT NULL, usn integer NOT NULL,
  config blob NOT NULL, PRIMARY KEY (ntid, ord)) without rowid;
CREATE UNIQUE INDEX idx_templates_name_ntid ON templates (name, ntid);
CREATE INDEX idx_templates_usn ON templates (usn);
CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE INDEX idx_notetypes_usn ON notetypes (usn);
CREATE TABLE decks (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);
CREATE UNIQUE INDEX idx_decks_name ON decks (name);
CREATE INDEX idx_notes_mid ON notes (mid);
CREATE INDEX idx_cards_odid ON cards (odid) WHERE odid != 0;
CREATE TABLE tags (tag text NOT NULL PRIMARY KEY COLLATE unicase, usn integer NOT NULL,
  collapsed boolean NOT NULL, config blob NULL) without rowid;
CREATE TABLE graves (oid integer NOT NULL, type integer NOT NULL, usn integer NOT NULL,
  PRIMARY KEY (oid, type)) WITHOUT ROWID;
CREATE INDEX idx_graves_pending ON graves (usn);
)SQL";
}

std::string shared_dir() {
#ifdef ANKC_SHARED_DIR
  return ANKC_SHARED_DIR;
#else
  return "/work/shared";
#endif
}

TempCollection::TempCollection(std::string dir, std::string path)
    : dir_(std::move(dir)), path_(std::move(path)) {
  if (sqlite3_open(path_.c_str(), &db_) != SQLITE_OK)
    throw std::runtime_error("cannot open " + path_);
  register_unicase_collation(db_);
  register_search_functions(db_);
}

TempCollection::TempCollection(TempCollection&& o) noexcept
    : dir_(std::move(o.dir_)), path_(std::move(o.path_)), db_(o.db_) {
  o.db_ = nullptr;
  o.dir_.clear();
}

TempCollection::~TempCollection() {
  if (db_) sqlite3_close(db_);
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

static std::string make_temp_dir() {
  std::string tmpl = (fs::temp_directory_path() / "ankc-search-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  return tmpl;
}

TempCollection TempCollection::create_empty() {
  std::string dir = make_temp_dir();
  TempCollection c(dir, dir + "/collection.anki2");
  c.exec(schema18_ddl());
  return c;
}

TempCollection TempCollection::copy_of(const std::string& source) {
  std::string dir = make_temp_dir();
  std::string path = dir + "/collection.anki2";
  fs::copy_file(source, path);
  return TempCollection(dir, path);
}

void TempCollection::exec(const std::string& sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error("SQL failed: " + msg + " in " + sql.substr(0, 200));
  }
}

std::vector<int64_t> TempCollection::ids(const std::string& sql) const {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK)
    throw std::runtime_error(std::string("prepare failed: ") + sqlite3_errmsg(db_) + " in " + sql);
  std::vector<int64_t> out;
  while (sqlite3_step(st) == SQLITE_ROW) out.push_back(sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  return out;
}

const std::map<std::string, int64_t>& fixture_f_cards() {
  static const std::map<std::string, int64_t> kCards = {
      {"c1", 1699934401000},  {"c2", 1699502400000},  {"c3", 1699761600005},
      {"c4a", 1696478400000}, {"c4b", 1696478400001}, {"c5a", 1665374400000},
      {"c5b", 1665374400001}, {"c6", 1699848000100},  {"c7", 1697342400000},
      {"c8", 1697342400007},  {"c9", 1697342400009}};
  return kCards;
}

namespace {

std::string q(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "''";
    else out += c;
  }
  return out + "'";
}

std::string hexblob(const std::string& bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "x'";
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out + "'";
}

void add_note(const TempCollection& c, int64_t id, int64_t mid, const std::vector<std::string>& fields,
              int sort_idx, const std::string& tags, int64_t mod) {
  std::string flds;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) flds += '\x1f';
    flds += fields[i];
  }
  std::string sfld = strip_html_preserving_media(fields[static_cast<size_t>(sort_idx)]);
  uint32_t csum = field_checksum(strip_html_preserving_media(fields[0]));
  c.exec("insert into notes values (" + std::to_string(id) + ", 'g" + std::to_string(id) + "', " +
         std::to_string(mid) + ", " + std::to_string(mod) + ", 0, " + q(tags) + ", " + q(flds) +
         ", " + q(sfld) + ", " + std::to_string(csum) + ", 0, '')");
}

}  // namespace

void build_fixture_f(const TempCollection& c) {
  const int64_t now = kFixtureNow, old = 1691344800;
  c.exec("insert into col values (1, 1691294400, 0, 0, 18, 0, 0, 0, '', '', '', '', '')");
  const std::pair<const char*, const char*> config[] = {
      {"schedVer", "2"},     {"sched2021", "true"},    {"rollover", "4"},
      {"creationOffset", "0"}, {"localOffset", "0"},   {"curDeck", "3"},
      {"collapseTime", "1200"}};
  for (auto [k, v] : config)
    c.exec(std::string("insert into config values ('") + k + "', 0, 0, " + hexblob(v) + ")");
  // notetypes: config = kind (field 1) + sort_field_idx (field 2)
  struct Nt {
    int64_t id;
    const char* name;
    bool cloze;
    int sort;
    std::vector<std::string> fields, templates;
  };
  const Nt nts[] = {{1001, "Basic", false, 0, {"Front", "Back"}, {"Card 1"}},
                    {1002, "Basic (and reversed card)", false, 0, {"Front", "Back"}, {"Card 1", "Card 2"}},
                    {1003, "Cloze", true, 0, {"Text", "Back Extra"}, {"Cloze"}},
                    {1004, "Three", false, 2, {"F1", "F2", "G"}, {"T1"}}};
  for (const Nt& nt : nts) {
    std::string cfg;
    if (nt.cloze) cfg += std::string("\x08\x01", 2);
    if (nt.sort) cfg += std::string("\x10") + static_cast<char>(nt.sort);
    c.exec("insert into notetypes values (" + std::to_string(nt.id) + ", " + q(nt.name) +
           ", 0, 0, " + (cfg.empty() ? std::string("x''") : hexblob(cfg)) + ")");
    for (size_t i = 0; i < nt.fields.size(); ++i)
      c.exec("insert into fields values (" + std::to_string(nt.id) + ", " + std::to_string(i) +
             ", " + q(nt.fields[i]) + ", x'')");
    for (size_t i = 0; i < nt.templates.size(); ++i)
      c.exec("insert into templates values (" + std::to_string(nt.id) + ", " + std::to_string(i) +
             ", " + q(nt.templates[i]) + ", 0, 0, x'')");
  }
  // decks: kind = Normal{config_id} (field 1) or Filtered (field 2)
  struct Deck {
    int64_t id;
    std::string name;
    int preset;  // 0 = filtered
  };
  const Deck decks[] = {{1, "Default", 1},        {2, "Lang", 1},
                        {3, "Lang\x1f" "French", 1}, {4, "Lang\x1f" "French\x1f" "Verbs", 2},
                        {5, "Other\x1fLang", 2},  {6, "Filt", 0},
                        {7, "C++ (x)", 1}};
  for (const Deck& d : decks) {
    std::string kind = d.preset ? std::string("\x0a\x02\x08", 3) + static_cast<char>(d.preset)
                                : std::string("\x12\x00", 2);
    c.exec("insert into decks values (" + std::to_string(d.id) + ", " + q(d.name) + ", 0, 0, " +
           hexblob(std::string("\x08\x01\x10\x01", 4)) + ", " + hexblob(kind) + ")");
  }
  c.exec("insert into deck_config values (1, 'Default', 0, 0, x''), (2, 'Fast', 0, 0, x''), "
         "(3, 'Unused', 0, 0, x'')");
  add_note(c, 101, 1001, {"dog", "a <b>big</b> animal"}, 0, " animal::mammal pet ", now - 3600);
  add_note(c, 102, 1001, {"Dog house", "kennel"}, 0, "", now - 10 * 86400);
  add_note(c, 103, 1001, {"\u00fcber", "over"}, 0, " German ", now - 3 * 86400);
  add_note(c, 104, 1002, {"cat", "feline_x 50%"}, 0, " animal ", old);
  add_note(c, 105, 1003, {"The {{c1::capital}} of {{c2::France}}", ""}, 0, " geo ", old);
  add_note(c, 106, 1004, {"x", "dog", "<i>ze</i>ta"}, 2, " leech Animal::Bird ", old);
  add_note(c, 107, 1001, {"3:30 a\\b", ""}, 0, " a_b ", old);
  add_note(c, 108, 1001, {"<b>dog</b>", "hei\u00dfen"}, 0, " \u00c4pfel ", old);
  add_note(c, 109, 1004, {"", "", ""}, 0, "", old);
  // id nid did ord type queue due ivl factor reps lapses odue odid flags data
  const char* cards[] = {
      "1699934401000, 101, 3, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, ''",
      "1699502400000, 102, 1, 0, 2, 2, 100, 10, 2500, 5, 1, 0, 0, 1, "
      "'{\"s\":12.5,\"d\":5.0,\"lrt\":1699120800,\"cd\":\"{\\\"v\\\":\\\"x\\\",\\\"n\\\":7}\"}'",
      "1699761600005, 103, 4, 0, 2, -1, 90, 30, 2300, 8, 2, 0, 0, 2, '{\"s\":30.0,\"d\":2.0}'",
      "1696478400000, 104, 2, 0, 1, 1, 1699984740, 0, 0, 1, 0, 0, 0, 0, ''",
      "1696478400001, 104, 6, 1, 2, 2, 105, 20, 2650, 4, 0, 110, 3, 0, ''",
      "1665374400000, 105, 5, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, ''",
      "1665374400001, 105, 5, 1, 0, -2, 2, 0, 0, 0, 0, 0, 0, 0, ''",
      "1699848000100, 106, 1, 0, 3, 1, 1699985400, 3, 2100, 10, 3, 0, 0, 11, ''",
      "1697342400000, 107, 7, 0, 2, -3, 95, 100, 2500, 3, 0, 0, 0, 0, ''",
      "1697342400007, 108, 1, 0, 1, 3, 99, 0, 2500, 2, 0, 0, 0, 0, ''",
      "1697342400009, 109, 1, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, ''"};
  for (const char* card : cards) {
    std::string v = card;
    c.exec("insert into cards (id, nid, did, ord, type, queue, due, ivl, factor, reps, lapses, "
           "odue, odid, flags, data, mod, usn, left) values (" + v + ", 0, 0, 0)");
  }
  const char* revlog[] = {"1699938000000, 1699502400000, 3", "1699848001000, 1699502400000, 1",
                          "1699941600000, 1696478400000, 1", "1699675200000, 1699761600005, 0",
                          "1699070400000, 1699761600005, 2", "1699934460000, 1699848000100, 4",
                          "1695614400000, 1699848000100, 3", "1699761600050, 1697342400007, 3"};
  for (const char* r : revlog)
    c.exec(std::string("insert into revlog (id, cid, ease, usn, ivl, lastIvl, factor, time, type) "
                       "values (") + r + ", 0, 0, 0, 0, 0, 0)");
}

}  // namespace ankc::native::search::testing
