// Latency figures for the read actions clients call most (deckNames, modelNames, findModelsByName):
// a brand-new collection and a copy of the largest .anki2 fixture, each action run in a loop through
// its service handler and pyjson::dumps (what compat adds on top is not included). Prints one line
// per (collection, action): mean, p50, p99 and max in microseconds. Not a test: run it by hand.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "backends/native/decks/service.h"
#include "backends/native/decks/test_support.h"
#include "backends/native/notetypes/service.h"

namespace fs = std::filesystem;
using ankc::native::ServiceAction;
using ankc::native::testing::TestCollection;

namespace {

constexpr int kWarmup = 50;
constexpr int kRuns = 2000;

void bench(TestCollection& c, const std::string& label, std::span<const ServiceAction> table,
           const std::string& action, const std::string& params) {
  std::size_t bytes = 0;
  for (int i = 0; i < kWarmup; ++i) bytes = c.call(table, action, params).size();
  std::vector<double> us;
  us.reserve(kRuns);
  for (int i = 0; i < kRuns; ++i) {
    auto start = std::chrono::steady_clock::now();
    c.call(table, action, params);
    us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
  }
  double mean = 0;
  for (double v : us) mean += v;
  mean /= us.size();
  std::sort(us.begin(), us.end());
  std::printf("%-28s %-18s %6zu B  mean %8.1f us  p50 %8.1f us  p99 %8.1f us  max %8.1f us\n", label.c_str(),
              action.c_str(), bytes, mean, us[us.size() / 2], us[us.size() * 99 / 100], us.back());
}

void run(TestCollection& c, const std::string& label) {
  bench(c, label, ankc::native::decks_actions(), "deckNames", "{}");
  bench(c, label, ankc::native::notetypes_actions(), "modelNames", "{}");
  bench(c, label, ankc::native::notetypes_actions(), "findModelsByName", R"({"modelNames": ["Basic"]})");
  bench(c, label, ankc::native::notetypes_actions(), "findModelsByName",
        R"j({"modelNames": ["Basic", "Basic (and reversed card)", "Cloze"]})j");
}

// The largest *.anki2 under the fixtures directory.
fs::path largest_fixture() {
  fs::path best;
  std::uintmax_t best_size = 0;
  for (const auto& e : fs::directory_iterator(ANKC_FIXTURES))
    if (e.path().extension() == ".anki2" && e.file_size() > best_size) {
      best = e.path();
      best_size = e.file_size();
    }
  return best;
}

}  // namespace

int main() {
  std::printf("%d runs per action after %d warm-up runs\n", kRuns, kWarmup);
  {
    TestCollection fresh;
    run(fresh, "new collection");
  }
  fs::path fixture = largest_fixture();
  TestCollection copy(fixture.string());
  run(copy, fixture.filename().string());
  return 0;
}
