// bench/native_open: prints how long opening (and upgrading) each real fixture collection takes.
// Usage: native_open_bench [FIXTURES_DIR]. Each file is copied to a temp dir first.
#include <chrono>
#include <filesystem>
#include <iostream>

#include "backends/native/collection/collection.h"

namespace fs = std::filesystem;
using namespace ankc::native;

int main(int argc, char** argv) {
  fs::path fixtures = argc > 1 ? fs::path(argv[1]) : fs::path(ANKC_FIXTURES_DIR);
  fs::path tmp = fs::temp_directory_path() / "ankc_native_open_bench";
  SystemClock clock;
  SeededRandom random(1);
  for (const auto& entry : fs::directory_iterator(fixtures)) {
    if (entry.path().extension() != ".anki2") continue;
    fs::remove_all(tmp);
    fs::create_directories(tmp);
    fs::path file = tmp / entry.path().filename();
    fs::copy_file(entry.path(), file);
    fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
    auto start = std::chrono::steady_clock::now();
    std::string outcome = "ok";
    try {
      auto col = Collection::open_existing(file, clock, random);
      col->close();
    } catch (const std::exception& e) {
      outcome = std::string("refused: ") + e.what();
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::cout << entry.path().filename().string() << "\t" << ms << " ms\t" << outcome << "\n";
  }
  auto start = std::chrono::steady_clock::now();
  { auto col = Collection::open(tmp / "new.anki2", clock, random); }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  std::cout << "(create new collection)\t" << ms << " ms\n";
  fs::remove_all(tmp);
  return 0;
}
