#include "backends/native/dbcheck/test_collection.h"

#include <sqlite3.h>
#include <unistd.h>

#include <stdexcept>

#include "backends/native/collection/collection.h"
#include "backends/native/dbcheck/check.h"
#include "backends/native/dbcheck/field_text.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/storage/unicase.h"

namespace ankc::native::dbcheck::testing {

namespace fs = std::filesystem;

namespace {

fs::path fresh_dir() {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() / ("ankc-dbcheck-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TestCollection::TestCollection(bool with_note) : dir(fresh_dir()), file(dir / "collection.anki2") {
  FixedClock clock(TimestampMillis{kNowMs}, 0);
  SeededRandom random(7);
  Collection::open(file, clock, random)->close();
  if (!with_note) return;
  int64_t ntid = notetype_id("Basic");
  uint32_t csum = stripped_text_checksum("Hello");
  exec("INSERT INTO notes VALUES (" + std::to_string(kNoteId) + ", 'g1', " + std::to_string(ntid) +
       ", 1774903412, -1, ' Tag1 ', 'Hello' || char(31) || 'World', 'Hello', " + std::to_string(csum) + ", 0, '');"
       "INSERT INTO cards VALUES (" + std::to_string(kCardId) + ", " + std::to_string(kNoteId) +
       ", 1, 0, 1774903412, -1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, '{}');"
       "INSERT INTO tags VALUES ('Tag1', -1, 1, NULL);"
       "UPDATE config SET val = CAST('2' AS BLOB) WHERE KEY = 'nextPos';"
       "UPDATE col SET mod = " + std::to_string(kNowMs + 1000) + ";");
}

TestCollection::TestCollection(const fs::path& source) : dir(fresh_dir()), file(dir / source.filename()) {
  fs::copy_file(source, file);
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
}

TestCollection::~TestCollection() {
  std::error_code ec;
  fs::remove_all(dir, ec);
}

void TestCollection::exec(const std::string& sql) const {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  storage::register_unicase(db);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  std::string message = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(db);
  if (rc != SQLITE_OK) throw std::runtime_error("SQL failed: " + message + " in " + sql);
}

std::string TestCollection::scalar(const std::string& sql) const {
  auto db = storage::Db::open(file, false);
  std::string out;
  {
    auto q = db->query_uncached(sql);
    if (q.next()) out = q.col_text(0);
  }
  db->close();
  return out;
}

int64_t TestCollection::notetype_id(const std::string& name) const {
  return std::stoll(scalar("SELECT id FROM notetypes WHERE name = '" + name + "'"));
}

void TestCollection::edit_notetype(const std::string& name, const std::function<void(Notetype&)>& edit) const {
  auto db = storage::Db::open(file, false);
  {
    std::optional<Notetype> nt = load_notetype_by_name(*db, name);
    if (!nt) throw std::runtime_error("no notetype " + name);
    edit(*nt);
    store_notetype(*db, *nt);
  }
  db->close();
}

std::vector<std::string> TestCollection::check() const {
  auto db = storage::Db::open(file, false);
  std::vector<std::string> out;
  for (const auto& v : check_collection(*db, TimestampMillis{kNowMs + 5000})) out.push_back(v.line());
  db->close();
  return out;
}

}  // namespace ankc::native::dbcheck::testing
