// Test helpers for the notes, cards and tags tests: a profile folder in a temp dir holding a brand-new
// collection or a copy of a real fixture, calls of any notes/cards/tags/media action by name (result
// bytes as json.dumps, or "ERR: <text>"), plain-sqlite3 reads and the collection checker.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"
#include "backends/native/session.h"

namespace ankc::native::testing {

struct NotesEnv {
  // fixture = file name under shared/fixtures/real ("" = a new collection).
  explicit NotesEnv(const std::string& fixture = "");
  // A copy of any collection file (benchmarks: bench/bigresult_bench).
  struct CopyOf {
    std::filesystem::path file;
  };
  explicit NotesEnv(CopyOf source);
  ~NotesEnv();
  std::filesystem::path dir;  // the profile folder ("User 1")
  FixedClock clock{TimestampMillis{1767323045678}, 0};
  SeededRandom random{7};
  std::unique_ptr<Session> session;
  std::mutex mutex;  // serialises call() as the backend does

  // Runs the action with params (JSON text); json.dumps of the result or "ERR: <text>".
  std::string call(const std::string& action, const std::string& params_json = "{}");
  // Closes the session and runs sql with plain sqlite3 (rows "a|b" joined by "\n").
  std::string sql(const std::string& sql);
  // Closes the session and returns the checker's error lines (empty = clean).
  std::string check();
};

}  // namespace ankc::native::testing
