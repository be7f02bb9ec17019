// Import and export of a latest-format deck package with media, against the floor of reading the same
// file with the standard tools (unzip, then zstd -d of every zstd member). Prints figures; not a test.
//
//   package_bench [NOTES] [MEDIA_FILES] [ROUNDS]      (defaults 10000 1000 5)
//
// The collection: NOTES Basic notes in Default, every NOTES/MEDIA_FILES-th one showing an image; the
// media: MEDIA_FILES files of 8-56 KiB of pseudo-random bytes (as incompressible as photos). Each round
// exports the deck with scheduling and media (export_latest_deck, what `ankiconnectd export --deck D
// --with-scheduling --with-media` runs), imports that package into a new empty profile
// (import_latest_package, what `ankiconnectd import` and importPackage run), and times `unzip -q` +
// `zstd -d -q` of the package into a scratch folder. Work folders live under $TMPDIR (default /tmp)
// and are removed at the end.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "backends/native/notes/test_support.h"
#include "backends/native/packages/modern_export.h"
#include "backends/native/packages/modern_import.h"

namespace fs = std::filesystem;
using ankc::native::testing::NotesEnv;

namespace {

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Stat {
  std::vector<double> v;
  double median() const {
    auto s = v;
    std::sort(s.begin(), s.end());
    return s.size() % 2 ? s[s.size() / 2] : (s[s.size() / 2 - 1] + s[s.size() / 2]) / 2;
  }
  double min() const { return *std::min_element(v.begin(), v.end()); }
  double max() const { return *std::max_element(v.begin(), v.end()); }
};

void row(const char* what, const Stat& secs, int notes, double mb) {
  std::printf("| %s | %.3f s (%.3f-%.3f) | %.0f (%.0f-%.0f) | %.1f (%.1f-%.1f) |\n", what, secs.median(), secs.min(),
              secs.max(), notes / secs.median(), notes / secs.max(), notes / secs.min(), mb / secs.median(),
              mb / secs.max(), mb / secs.min());
}

int run(const std::string& command) {
  int rc = std::system(command.c_str());
  if (rc != 0) std::fprintf(stderr, "failed (%d): %s\n", rc, command.c_str());
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  int notes = argc > 1 ? std::stoi(argv[1]) : 10000;
  int media = argc > 2 ? std::stoi(argv[2]) : 1000;
  int rounds = argc > 3 ? std::stoi(argv[3]) : 5;

  NotesEnv source;
  std::mt19937_64 bytes(42);
  int64_t media_bytes = 0;
  for (int i = 0; i < media; ++i) {
    size_t size = 8192 + bytes() % (48 * 1024);
    std::string data(size, '\0');
    for (size_t j = 0; j + 8 <= size; j += 8) {
      uint64_t r = bytes();
      std::copy_n(reinterpret_cast<const char*>(&r), 8, data.data() + j);
    }
    char name[32];
    std::snprintf(name, sizeof name, "img%05d.jpg", i);
    std::ofstream(source.dir / "collection.media" / name, std::ios::binary) << data;
    media_bytes += int64_t(size);
  }
  int every = std::max(1, notes / std::max(1, media));
  for (int start = 0; start < notes; start += 2000) {
    std::string params = R"({"notes": [)";
    for (int i = start; i < std::min(notes, start + 2000); ++i) {
      std::string back = "an answer that is a little longer than the question";
      if (i % every == 0 && i / every < media) {
        char name[32];
        std::snprintf(name, sizeof name, "img%05d.jpg", i / every);
        back += std::string(R"( <img src=\")") + name + R"(\">)";
      }
      params += std::string(i > start ? "," : "") + R"({"deckName": "Default", "modelName": "Basic", "fields": {"Front": "question )" +
                std::to_string(i) + R"( with some text", "Back": ")" + back + R"("}, "options": {"allowDuplicate": true}})";
    }
    params += "]}";
    std::string result = source.call("addNotes", params);
    if (result.rfind("ERR", 0) == 0 || result.find("null") != std::string::npos) {
      std::fprintf(stderr, "addNotes failed: %.200s\n", result.c_str());
      return 1;
    }
  }

  fs::path work = source.dir.parent_path() / "bench";
  fs::create_directories(work);
  fs::path package = work / "deck.apkg";
  Stat export_s, import_s, floor_s;
  double package_mb = 0;
  for (int round = 0; round < rounds; ++round) {
    fs::remove(package);
    auto t0 = std::chrono::steady_clock::now();
    if (!ankc::native::packages::export_latest_deck(*source.session, "Default", package, true, true)) return 1;
    export_s.v.push_back(seconds(std::chrono::steady_clock::now() - t0));
    package_mb = double(fs::file_size(package)) / 1e6;

    NotesEnv target;
    target.session->col();  // a new empty collection, created before the clock starts
    t0 = std::chrono::steady_clock::now();
    auto summary = ankc::native::packages::import_latest_package(*target.session, package, {});
    import_s.v.push_back(seconds(std::chrono::steady_clock::now() - t0));
    if (summary.notes_added != notes || summary.media_added != media) {
      std::fprintf(stderr, "import added %lld notes, %lld media files\n", (long long)summary.notes_added,
                   (long long)summary.media_added);
      return 1;
    }

    // The floor: the same file read by unzip, then every zstd member decompressed by zstd (named *.zst
    // first, since zstd wants the suffix; the renames are not timed).
    fs::path out = work / "unzipped";
    fs::remove_all(out);
    t0 = std::chrono::steady_clock::now();
    if (run("unzip -q -o '" + package.string() + "' -d '" + out.string() + "'")) return 1;
    auto unzipped = std::chrono::steady_clock::now() - t0;
    for (const auto& e : fs::directory_iterator(out)) {
      std::string name = e.path().filename().string();
      if (name != "meta" && name != "collection.anki2") fs::rename(e.path(), e.path().string() + ".zst");
    }
    t0 = std::chrono::steady_clock::now();
    if (run("cd '" + out.string() + "' && zstd -d -q --rm *.zst")) return 1;
    floor_s.v.push_back(seconds(unzipped + (std::chrono::steady_clock::now() - t0)));
    fs::remove_all(out);
  }
  fs::remove_all(work);

  std::printf("%d notes, %d media files (%.1f MB), package %.1f MB, %d rounds: median (min-max)\n\n", notes, media,
              media_bytes / 1e6, package_mb, rounds);
  std::printf("| step | time | notes/s | MB/s of package |\n|---|---|---|---|\n");
  row("export (deck, scheduling, media)", export_s, notes, package_mb);
  row("import into an empty profile", import_s, notes, package_mb);
  row("floor: unzip + zstd -d", floor_s, notes, package_mb);
  return 0;
}
