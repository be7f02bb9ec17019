#include "backends/native/notes/test_support.h"

#include <sqlite3.h>
#include <unistd.h>

#include <atomic>

#include "backends/action_error.h"
#include "backends/native/cards/service.h"
#include "backends/native/dbcheck/check.h"
#include "backends/native/media/service.h"
#include "backends/native/notes/service.h"
#include "backends/native/storage/unicase.h"
#include "backends/native/tags/service.h"
#include "compat/pyjson.h"

namespace ankc::native::testing {
namespace fs = std::filesystem;

NotesEnv::NotesEnv(const std::string& fixture)
    : NotesEnv(CopyOf{fixture.empty() ? fs::path() : fs::path(ANKC_NOTES_FIXTURES) / fixture}) {}

NotesEnv::NotesEnv(CopyOf source) {
  static std::atomic<int> counter{0};
  fs::path root = fs::temp_directory_path() /
                  ("ankc_notes_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  fs::remove_all(root);
  dir = root / "User 1";
  fs::create_directories(dir / "collection.media");
  if (!source.file.empty()) fs::copy_file(source.file, dir / "collection.anki2");
  session = std::make_unique<Session>(dir / "collection.anki2", dir / "collection.media", clock, random);
}

NotesEnv::~NotesEnv() {
  session.reset();
  fs::remove_all(dir.parent_path());
}

std::string NotesEnv::call(const std::string& action, const std::string& params_json) {
  std::lock_guard lock(mutex);
  for (auto table : {notes_actions(), cards_actions(), tags_actions(), media_actions()})
    for (const auto& a : table) {
      if (a.name != action) continue;
      try {
        // Parsed as the request pipeline does (Python's superset: lone surrogate escapes, big ints).
        pyjson::LoadResult params = pyjson::loads(params_json, session->py_flavour());
        if (!params.ok) return "bad params: " + params.error;
        return pyjson::dumps(a.handler(*session, params.value.as_object()));
      } catch (const ActionError& e) {
        return std::string("ERR: ") + e.what();
      }
    }
  return "no such action: " + action;
}

std::string NotesEnv::sql(const std::string& q) {
  session->close();
  sqlite3* db = nullptr;
  sqlite3_open_v2((dir / "collection.anki2").c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  storage::register_unicase(db);
  std::string out;
  char* err = nullptr;
  sqlite3_exec(db, q.c_str(), [](void* o, int n, char** v, char**) {
    auto* s = static_cast<std::string*>(o);
    if (!s->empty()) s->push_back('\n');
    for (int i = 0; i < n; ++i) *s += (i ? "|" : "") + std::string(v[i] ? v[i] : "NULL");
    return 0;
  }, &out, &err);
  if (err) {
    out = std::string("SQL ERROR: ") + err;
    sqlite3_free(err);
  }
  sqlite3_close(db);
  return out;
}

std::string NotesEnv::check() {
  session->close();
  std::string out;
  for (const auto& v : check_collection_file(dir / "collection.anki2"))
    if (v.error) out += v.line() + "\n";
  return out;
}

}  // namespace ankc::native::testing
