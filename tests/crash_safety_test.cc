// Crash safety: the real binary killed with SIGKILL at random moments while clients add notes. After
// each kill, no acknowledged write may be lost, `ankiconnectd check` must recover the -wal file the kill
// left and find the collection clean, and SQLite's integrity_check must pass. 20 rounds by default;
// ANKC_CRASH_ROUNDS sets more (scripts/crash-safety.sh), ANKC_CRASH_SEED replays a run's kill timings.
#include <catch2/catch.hpp>

#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "backends/native/storage/db.h"
#include "tests/harness.h"

namespace fs = std::filesystem;
using ankc::test::Daemon;

namespace {

int env_int(const char* name, int fallback) {
  const char* value = std::getenv(name);
  return value && *value ? std::atoi(value) : fallback;
}

// The note id of a complete `{"result": <id>, "error": null}` reply, or 0.
int64_t acknowledged_id(const ankc::test::RawResponse& r) {
  if (r.status() != 200) return 0;
  auto length = r.header("Content-Length");
  if (!length || std::to_string(r.body.size()) != *length) return 0;
  const std::string prefix = "{\"result\": ", suffix = ", \"error\": null}";
  if (r.body.size() <= prefix.size() + suffix.size() || r.body.compare(0, prefix.size(), prefix) != 0 ||
      r.body.compare(r.body.size() - suffix.size(), suffix.size(), suffix) != 0)
    return 0;
  return std::stoll(r.body.substr(prefix.size(), r.body.size() - prefix.size() - suffix.size()));
}

// Adds notes with unique fronts until the server stops answering; records the acknowledged ids.
void write_load(const Daemon& daemon, const std::string& tag, std::mutex& mutex, std::vector<int64_t>& acked) {
  for (int i = 0;; ++i) {
    std::string body = R"({"action": "addNote", "version": 6, "params": {"note": {"deckName": "Default", )"
                       R"("modelName": "Basic", "fields": {"Front": ")" +
                       tag + "-" + std::to_string(i) + R"(", "Back": "back"}, "tags": ["crash"]}}})";
    ankc::test::RawResponse r;
    try {
      r = daemon.post(body);
    } catch (const std::exception&) {
      return;  // refused: the server is gone
    }
    int64_t id = acknowledged_id(r);
    if (id == 0) return;  // cut off by the kill (or refused): not acknowledged
    std::lock_guard lock(mutex);
    acked.push_back(id);
  }
}

}  // namespace

TEST_CASE("SIGKILL under a write load loses no acknowledged write and leaves a clean collection") {
  const int rounds = env_int("ANKC_CRASH_ROUNDS", 20);
  const unsigned seed = static_cast<unsigned>(env_int("ANKC_CRASH_SEED", static_cast<int>(std::random_device{}() >> 1)));
  INFO("ANKC_CRASH_SEED=" << seed);
  std::mt19937 rng(seed);

  ankc::test::TempDir profile;
  const fs::path collection = profile.path() / "collection.anki2";
  const std::string config = "profiles:\n  User 1: " + profile.path().string() + "\nlogLevel: warn\n";
  std::vector<int64_t> acked;
  int recovered = 0;

  for (int round = 0; round < rounds; ++round) {
    INFO("round " << round);
    {
      Daemon daemon({.config = config});
      std::mutex mutex;
      std::vector<std::thread> writers;
      for (int w = 0; w < 2; ++w)
        writers.emplace_back(write_load, std::cref(daemon), "r" + std::to_string(round) + "w" + std::to_string(w),
                             std::ref(mutex), std::ref(acked));
      std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 400)(rng)));
      CHECK(daemon.stop(SIGKILL) == 128 + SIGKILL);
      for (auto& t : writers) t.join();
    }

    if (!fs::exists(collection)) {
      // Killed before the first write created the collection (a slow start, e.g. under a sanitizer):
      // then nothing can have been acknowledged (the writers have stopped).
      REQUIRE(acked.empty());
      continue;
    }
    bool wal_left = fs::exists(collection.string() + "-wal");
    ankc::test::RunResult check = ankc::test::run_binary({"check", collection.string()}, {}, 120000);
    INFO("check: " << check.out << check.err);
    REQUIRE(check.exit_code == 0);
    CHECK(check.out.find("ok\n") != std::string::npos);
    if (wal_left) {
      CHECK(check.out.find("recovered the -wal file") != std::string::npos);
      ++recovered;
    }
    CHECK_FALSE(fs::exists(collection.string() + "-wal"));

    auto db = ankc::native::storage::Db::open(collection, false);
    {
      auto integrity = db->query_uncached("PRAGMA integrity_check");
      REQUIRE(integrity.next());
      CHECK(integrity.col_text(0) == "ok");
      size_t lost = 0;
      for (int64_t id : acked) {
        auto q = db->query_uncached("SELECT count(*) FROM notes WHERE id = ?");
        q.int64(1, id);
        REQUIRE(q.next());
        if (q.col_int64(0) != 1) ++lost;
      }
      INFO(acked.size() << " acknowledged notes so far");
      CHECK(lost == 0);
    }
    db->close();
  }
  INFO("acknowledged notes: " << acked.size() << ", rounds whose kill left a -wal file: " << recovered);
  CHECK(acked.size() > 0);
  WARN("crash safety: " << rounds << " rounds, " << acked.size() << " acknowledged notes, " << recovered
                        << " -wal files recovered by check");
}

TEST_CASE("check recovers the -wal file a killed server leaves, instead of failing") {
  ankc::test::TempDir profile;
  const fs::path collection = profile.path() / "collection.anki2";
  {
    Daemon daemon({.config = "profiles:\n  User 1: " + profile.path().string() + "\n"});
    auto r = daemon.post(R"({"action": "createDeck", "version": 6, "params": {"deck": "Kept"}})");
    REQUIRE(acknowledged_id(r) != 0);
    CHECK(daemon.stop(SIGKILL) == 128 + SIGKILL);
  }
  REQUIRE(fs::exists(collection.string() + "-wal"));

  ankc::test::RunResult check = ankc::test::run_binary({"check", collection.string()});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  CHECK(check.out ==
        "recovered the -wal file left next to the collection (its writes are now in the file)\nok\n");
  CHECK_FALSE(fs::exists(collection.string() + "-wal"));

  auto db = ankc::native::storage::Db::open(collection, false);
  {
    auto q = db->query_uncached("SELECT count(*) FROM decks WHERE name = 'Kept'");
    REQUIRE(q.next());
    CHECK(q.col_int64(0) == 1);
  }
  db->close();
}
