#include "backends/native/decks/test_support.h"

#include <sqlite3.h>

#include <boost/json/parse.hpp>
#include <stdexcept>

#include "backends/native/dbcheck/check.h"
#include "backends/native/storage/db.h"
#include "compat/pyjson.h"

namespace ankc::native::testing {

namespace fs = std::filesystem;

TestCollection::TestCollection(const std::string& fixture) {
  static int counter = 0;
  dir = fs::temp_directory_path() / ("ankc-models-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::remove_all(dir);
  fs::create_directories(dir / "collection.media");
  if (!fixture.empty()) fs::copy_file(fixture, dir / "collection.anki2");
  session = std::make_unique<Session>(dir / "collection.anki2", dir / "collection.media", clock, random);
}

TestCollection::~TestCollection() {
  session.reset();
  std::error_code ec;
  fs::remove_all(dir, ec);
}

std::string TestCollection::call(std::span<const ServiceAction> table, const std::string& action,
                                 const std::string& params_json) {
  for (const auto& a : table)
    if (a.name == action) {
      boost::json::object params = boost::json::parse(params_json).as_object();
      return pyjson::dumps(a.handler(*session, params));
    }
  throw std::runtime_error("no action " + action);
}

std::string TestCollection::sql(const std::string& text) {
  session->close();
  sqlite3* db = nullptr;
  // immutable=1: read without creating -wal/-shm files beside the collection.
  std::string uri = "file:" + (dir / "collection.anki2").string() + "?immutable=1";
  sqlite3_open_v2(uri.c_str(), &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr);
  std::string out;
  auto cb = [](void* arg, int n, char** vals, char**) {
    auto& s = *static_cast<std::string*>(arg);
    if (!s.empty()) s += "\n";
    for (int i = 0; i < n; ++i) {
      if (i) s += "|";
      s += vals[i] ? vals[i] : "NULL";
    }
    return 0;
  };
  char* err = nullptr;
  if (sqlite3_exec(db, text.c_str(), cb, &out, &err) != SQLITE_OK) {
    out = std::string("ERROR: ") + (err ? err : "");
    sqlite3_free(err);
  }
  sqlite3_close(db);
  return out;
}

std::string TestCollection::check() {
  session->close();
  std::string out;
  for (const auto& v : check_collection_file(dir / "collection.anki2"))
    if (v.error) out += v.line() + "\n";
  auto db = storage::Db::open(dir / "collection.anki2", false);
  {
    // The statement is finalized before close: SQLite refuses to close a connection with one open,
    // which would leak the connection.
    auto q = db->query_uncached("PRAGMA integrity_check");
    while (q.next()) out += q.col_text(0);
  }
  db->close();
  return out;
}

}  // namespace ankc::native::testing
