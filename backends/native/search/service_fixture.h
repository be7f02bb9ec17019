// Test support for the search and gui service tests: fixture F of search.md §11.1 as a collection
// file, opened through a real Session (storage Db, exclusive lock) on a fixed clock. Not part of any
// library.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"
#include "backends/native/service.h"
#include "backends/native/session.h"

namespace ankc::native::search::testing {

// Writes fixture F to `file` (a new SQLite file, closed on return).
void write_fixture_f(const std::filesystem::path& file);

// A Session on a fresh copy of fixture F in a temp folder (removed on destruction), on a FixedClock
// at kFixtureNow with UTC offset 0.
class FixtureSession {
 public:
  FixtureSession();
  ~FixtureSession();
  Session& session() { return *session_; }
  FixedClock& clock() { return clock_; }
  const std::filesystem::path& file() const { return file_; }
  // Replaces the session by one on `clock` (which must outlive this object).
  void use_clock(Clock& clock);

  // Runs the action `name` of `table` with `params` and returns json.dumps of its result, or
  // "error: <text>" when it throws ActionError.
  std::string call(std::span<const ServiceAction> table, std::string_view name,
                   const boost::json::object& params);

 private:
  std::filesystem::path dir_, file_;
  FixedClock clock_;
  SeededRandom random_{7};
  std::unique_ptr<Session> session_;
};

}  // namespace ankc::native::search::testing
