// How long a backup holds the collection (the snapshot, under the lock) against the whole backup (the
// snapshot plus compressing, writing, fsyncing and thinning, off the lock), on a collection of N notes.
// Prints figures; not a test. Usage: backup_bench [NOTES]
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

#include "backends/native/backups/backup.h"
#include "backends/native/notes/test_support.h"

namespace bk = ankc::native::backups;

int main(int argc, char** argv) {
  int notes = argc > 1 ? std::stoi(argv[1]) : 10000;
  ankc::native::testing::NotesEnv env;
  std::string params = R"({"notes": [)";
  for (int i = 0; i < notes; ++i)
    params += std::string(i ? "," : "") + R"({"deckName": "Default", "modelName": "Basic", "fields": {"Front": "question )" +
              std::to_string(i) + R"( with some text", "Back": "an answer that is a little longer than the question"}})";
  params += "]}";
  env.call("addNotes", params);
  env.session->close();
  auto col_bytes = std::filesystem::file_size(env.session->collection_file());
  for (int round = 0; round < 3; ++round) {
    env.clock.advance_ms(3600 * 1000);
    auto t0 = std::chrono::steady_clock::now();
    auto snapshot = bk::take_snapshot(*env.session);
    auto t1 = std::chrono::steady_clock::now();
    auto path = bk::write_backup(*snapshot, bk::local_now(*env.session), bk::BackupLimits{});
    auto t2 = std::chrono::steady_clock::now();
    auto ms = [](auto d) { return std::chrono::duration<double, std::milli>(d).count(); };
    std::printf("notes %d, collection %.1f MB: collection held %.1f ms (snapshot), written off the lock %.1f ms, "
                "backup %.1f MB\n",
                notes, col_bytes / 1e6, ms(t1 - t0), ms(t2 - t1), std::filesystem::file_size(path) / 1e6);
  }
}
