// Test helpers shared by the deck and notetype service tests: a Session on a fresh or copied real
// collection in a temp dir, calling actions by name, and independent reads through plain sqlite3.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"
#include "backends/native/service.h"
#include "backends/native/session.h"

namespace ankc::native::testing {

// A collection in its own temp dir; fixture = a file under shared/fixtures/real to copy, or "" for
// a brand-new collection. Clock fixed at 2026-01-02 03:04:05.678 UTC, random seeded.
struct TestCollection {
  explicit TestCollection(const std::string& fixture = "");
  ~TestCollection();
  std::filesystem::path dir;
  FixedClock clock{TimestampMillis{1767323045678}, 0};
  SeededRandom random{42};
  std::unique_ptr<Session> session;

  // Runs action from table with params (JSON text) and returns pyjson::dumps of the result.
  std::string call(std::span<const ServiceAction> table, const std::string& action,
                   const std::string& params_json = "{}");
  // Closes the session, runs `sql` with the plain sqlite3 library (no unicase), returns rows as
  // "a|b" lines joined by "\n"; the session reopens on the next call().
  std::string sql(const std::string& sql);
  // Closes the session and returns the validator's errors plus PRAGMA integrity_check ("ok").
  std::string check();
};

}  // namespace ankc::native::testing
