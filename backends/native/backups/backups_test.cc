// Backups on real files: Anki's retention rule over a 40-day walk of a fixed clock (the expected sets
// are worked out by hand from the rule, in the comments), the interval between backups, a backup
// writer killed at random moments, restore (same rows back, a safety backup, refusal of a bad package).
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <set>

#include "backends/action_error.h"
#include "backends/native/backups/backup.h"
#include "backends/native/notes/test_support.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/dbcheck/invariant_sql.h"

namespace fs = std::filesystem;
namespace bk = ankc::native::backups;
using ankc::native::TimestampMillis;
using ankc::native::testing::NotesEnv;

namespace {

constexpr int64_t k2025_01_01 = 1735689600;  // 2025-01-01 00:00:00 UTC, a Wednesday

std::set<std::string> backups_in(const fs::path& folder) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(folder)) out.insert(e.path().filename().string());
  return out;
}

void add_note(NotesEnv& env, int n) {
  std::string r = env.call("addNote", R"({"note": {"deckName": "Default", "modelName": "Basic",
      "fields": {"Front": "q)" + std::to_string(n) + R"(", "Back": "a"}}})");
  REQUIRE(r.rfind("ERR", 0) != 0);
}

std::string name_at(const std::string& date, const std::string& time) { return "backup-" + date + "-" + time + ".colpkg"; }

}  // namespace

TEST_CASE("backup names: local time, strict parsing") {
  bk::LocalTime t = bk::local_time(k2025_01_01 + 3600 * 10 + 62, 0);
  CHECK(bk::backup_file_name(t) == "backup-2025-01-01-10.01.02.colpkg");
  CHECK(bk::backup_file_name(bk::local_time(k2025_01_01, 240)) == "backup-2024-12-31-20.00.00.colpkg");  // UTC-4
  CHECK(bk::backup_file_name(bk::local_time(k2025_01_01, -60)) == "backup-2025-01-01-01.00.00.colpkg");  // UTC+1
  CHECK(bk::parse_backup_file_name("backup-2025-01-01-10.01.02.colpkg") == t);
  CHECK_FALSE(bk::parse_backup_file_name(".backup-2025-01-01-10.01.02.colpkg.Ab12Cd"));
  CHECK_FALSE(bk::parse_backup_file_name("backup-2025-02-30-10.01.02.colpkg"));
  CHECK_FALSE(bk::parse_backup_file_name("backup-2025-01-01-10.01.02.apkg"));
  CHECK(bk::serial_day(bk::LocalTime{1, 1, 1}) == 1);
  CHECK(bk::serial_day(bk::LocalTime{1970, 1, 1}) == 719163);
}

TEST_CASE("retention: 40 days of changes on a fixed clock keep exactly Anki's set (12 daily, 10 weekly, 9 monthly)") {
  NotesEnv env;
  fs::path folder = bk::backups_folder(env.session->collection_file());
  bk::BackupLimits limits;  // the defaults
  int n = 0, made = 0;
  // Each day of 2025-01-01 .. 2025-02-09: changes at 10:00, 10:10, 10:20, 10:30 and 22:00; after each,
  // a backup unless one is under 30 minutes old, as the server's job does.
  for (int day = 0; day < 40; ++day) {
    for (int minute : {600, 610, 620, 630, 1320}) {
      env.clock.set(TimestampMillis{(k2025_01_01 + day * 86400 + minute * 60) * 1000});
      add_note(env, ++n);
      if (bk::has_recent_backup(folder, bk::local_now(*env.session), 30)) continue;
      bk::backup_now(*env.session, limits);
      ++made;
    }
  }
  CHECK(made == 120);  // 10:00, 10:30 (30 min after the last one) and 22:00 each day
  // Today is Sunday 2025-02-09. By the rule:
  //  - today and yesterday: every backup (6);
  //  - daily: the newest of each of the 12 days before (02-07 back to 01-27, a Monday);
  //  - weekly: the newest of each older Monday-based week: Sun 01-26, 01-19, 01-12 and 01-05 (the
  //    week of 12-30..01-05 holds the walk's first days; 01-01..01-04 are in that week, so they go).
  //  - 4 weeklies of 10 used: the monthly stage is never reached.
  std::set<std::string> expected;
  for (const char* d : {"2025-02-09", "2025-02-08"})
    for (const char* t : {"10.00.00", "10.30.00", "22.00.00"}) expected.insert(name_at(d, t));
  for (const char* d : {"2025-02-07", "2025-02-06", "2025-02-05", "2025-02-04", "2025-02-03", "2025-02-02",
                        "2025-02-01", "2025-01-31", "2025-01-30", "2025-01-29", "2025-01-28", "2025-01-27"})
    expected.insert(name_at(d, "22.00.00"));
  for (const char* d : {"2025-01-26", "2025-01-19", "2025-01-12", "2025-01-05"}) expected.insert(name_at(d, "22.00.00"));
  CHECK(backups_in(folder) == expected);

  // Every kept file is a complete package whose collection holds the notes of its time.
  fs::path out = env.dir.parent_path() / "check.anki2";
  bk::extract_checked_collection(folder / name_at("2025-01-05", "22.00.00"), out, 0);
  auto db = ankc::native::storage::Db::open(out, false);
  auto q = db->query_uncached("SELECT count(*) FROM notes");
  REQUIRE(q.next());
  CHECK(q.col_int64(0) == 5 * 5);  // 01-01 .. 01-05, five notes a day
}

TEST_CASE("retention: the weekly and monthly stages with small limits") {
  // One backup at noon every day from 2024-11-01 to 2025-02-09; today 2025-02-09; limits 3/2/2.
  std::vector<std::string> names;
  for (int64_t t = 1730462400; t <= 1739102400; t += 86400) names.push_back(bk::backup_file_name(bk::local_time(t, 0)));
  REQUIRE(names.front() == "backup-2024-11-01-12.00.00.colpkg");
  REQUIRE(names.back() == "backup-2025-02-09-12.00.00.colpkg");
  auto obsolete = bk::obsolete_backups(bk::LocalTime{2025, 2, 9, 13}, bk::BackupLimits{3, 2, 2}, names);
  std::set<std::string> kept(names.begin(), names.end());
  for (const auto& o : obsolete) kept.erase(o);
  // Grace: 02-09, 02-08. Daily: 02-07, 02-06, 02-05 (the week of Mon 02-03). Weekly: Sun 02-02, Sun
  // 01-26. Monthly (months before January): 12-31, then 11-30.
  std::set<std::string> expected;
  for (const char* d : {"2025-02-09", "2025-02-08", "2025-02-07", "2025-02-06", "2025-02-05", "2025-02-02", "2025-01-26",
                        "2024-12-31", "2024-11-30"})
    expected.insert(name_at(d, "12.00.00"));
  CHECK(kept == expected);
  CHECK(obsolete.size() == names.size() - expected.size());
  // Names that are not backups are never listed.
  CHECK(bk::obsolete_backups(bk::LocalTime{2025, 2, 9}, bk::BackupLimits{0, 0, 0}, {"notes.txt", ".backup-x.colpkg.1"}).empty());
}

TEST_CASE("a backup writer killed at any moment leaves no partial backup and an intact collection") {
  NotesEnv env;
  for (int i = 0; i < 3000; ++i) add_note(env, i);
  fs::path folder = bk::backups_folder(env.session->collection_file());
  fs::path col = env.session->collection_file();
  env.session->close();
  int killed_mid = 0;
  for (int round = 0; round < 8; ++round) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      // The child: its own session on the files, backups one second apart, until killed.
      ankc::native::FixedClock clock{TimestampMillis{(k2025_01_01 + round * 1000) * 1000}, 0};
      ankc::native::SeededRandom random{1};
      ankc::native::Session s(col, env.dir / "collection.media", clock, random);
      for (int i = 0; i < 200; ++i) {
        bk::backup_now(s, bk::BackupLimits{1000, 0, 0});
        clock.advance_ms(1000);
      }
      _exit(0);
    }
    usleep(20000 + round * 15000);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) ++killed_mid;
  }
  CHECK(killed_mid == 8);
  // Every file under a backup name is a whole, valid package.
  int complete = 0, leftovers = 0;
  for (const auto& name : backups_in(folder)) {
    if (bk::parse_backup_file_name(name)) {
      fs::path out = env.dir.parent_path() / "k.anki2";
      fs::remove(out);
      CHECK_NOTHROW(bk::extract_checked_collection(folder / name, out, 0));
      ++complete;
    } else {
      ++leftovers;  // hidden work folders / temporary files of the killed writers
    }
  }
  CHECK(complete > 0);
  bk::sweep_partial_backups(folder);
  for (const auto& name : backups_in(folder)) CHECK(bk::parse_backup_file_name(name));
  CHECK(leftovers > 0);  // (else the kills never landed mid-write: the test proves nothing)
  CHECK(env.sql("SELECT count(*) FROM notes") == "3000");
  CHECK(env.sql("PRAGMA integrity_check") == "ok");
}

TEST_CASE("restore gives back the same rows, keeps a backup of the replaced collection, refuses a bad package") {
  NotesEnv env;
  for (int i = 0; i < 20; ++i) add_note(env, i);
  REQUIRE(env.call("answerCards", R"({"answers": []})").rfind("ERR", 0) != 0);
  const std::string rows_sql = "SELECT * FROM notes ORDER BY id; SELECT * FROM cards ORDER BY id; "
                               "SELECT * FROM revlog ORDER BY id; SELECT id, name FROM decks ORDER BY id";
  std::string before = env.sql(rows_sql);
  env.clock.set(TimestampMillis{k2025_01_01 * 1000});
  fs::path backup = bk::backup_now(*env.session, bk::BackupLimits{});
  CHECK(backup.filename() == "backup-2025-01-01-00.00.00.colpkg");

  env.clock.advance_ms(3600 * 1000);
  for (int i = 100; i < 110; ++i) add_note(env, i);
  REQUIRE(env.call("deleteNotes", R"({"notes": []})").rfind("ERR", 0) != 0);
  std::string changed = env.sql(rows_sql);
  REQUIRE(changed != before);

  SECTION("a good backup") {
    env.clock.advance_ms(3600 * 1000);
    bk::Replaced r = bk::replace_collection(*env.session, backup, bk::BackupLimits{});
    CHECK(r.safety_backup.filename() == "backup-2025-01-01-02.00.00.colpkg");
    CHECK(env.sql(rows_sql) == before);
    // As Anki's import of a collection package: the schema is marked modified (the next sync is full).
    CHECK(env.sql("SELECT scm FROM col") == std::to_string(env.clock.now().v));
    CHECK(env.check().empty());
    // The safety backup holds the replaced collection.
    bk::Replaced back = bk::replace_collection(*env.session, r.safety_backup, bk::BackupLimits{});
    CHECK(env.sql(rows_sql) == changed);
  }
  SECTION("two backups within one second keep both") {
    fs::path again = bk::backup_now(*env.session, bk::BackupLimits{});
    CHECK(again.filename() == "backup-2025-01-01-01.00.00.colpkg");
    fs::path third = bk::backup_now(*env.session, bk::BackupLimits{});
    CHECK(third.filename() == "backup-2025-01-01-01.00.01.colpkg");
    CHECK(fs::exists(again));
    CHECK(fs::exists(backup));
  }
  SECTION("a bad package changes nothing") {
    fs::path bad = env.dir.parent_path() / "bad.colpkg";
    std::string bytes;
    {
      std::ifstream in(backup, std::ios::binary);
      bytes.assign((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    }
    std::ofstream(bad, std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    size_t n_backups = backups_in(bk::backups_folder(env.session->collection_file())).size();
    CHECK_THROWS_WITH(bk::replace_collection(*env.session, bad, bk::BackupLimits{}),
                      Catch::Contains("is not a usable collection package"));
    CHECK(env.sql(rows_sql) == changed);
    CHECK(backups_in(bk::backups_folder(env.session->collection_file())).size() == n_backups);
  }
}
