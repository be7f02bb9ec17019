// Fuzzes importPackage's reader: the zip container, the legacy collection inside it, the media map and
// the merge into an open collection. The first byte picks the input's shape:
//   even: the rest is the package file itself (the zip reader sees the bytes as they are);
//   odd:  the next byte is n, then n bytes of media map JSON, then the bytes of the packaged collection,
//         zipped here as collection.anki21 (bit 1 of the first byte) or collection.anki2, so mutations
//         reach the SQLite reader and the merge instead of failing the zip's checksums.
// Each input is imported into a fresh copy of one empty collection in a scratch folder.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "backends/action_error.h"
#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"
#include "backends/native/packages/legacy_import.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/session.h"

namespace fs = std::filesystem;
using namespace ankc::native;

namespace {

struct Scratch {
  fs::path dir;
  std::string empty_collection;  // the bytes of a new, closed collection

  Scratch() {
    fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    dir = base / ("ankc-package-fuzz-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    FixedClock clock(TimestampMillis{1767323045678}, 0);
    SeededRandom random(42);
    {
      Session session(dir / "empty.anki2", dir / "empty.media", clock, random);
      session.col();
    }
    std::ifstream in(dir / "empty.anki2", std::ios::binary);
    empty_collection.assign(std::istreambuf_iterator<char>(in), {});
    // The importer's own temporary folders go inside the scratch folder, removed with it.
    ::setenv("TMPDIR", dir.c_str(), 1);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

void write_file(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Scratch scratch;
  if (size == 0) return 0;
  uint8_t mode = data[0];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

  fs::path package = scratch.dir / "input.apkg";
  fs::remove(package);
  if (mode & 1) {
    if (rest.empty()) return 0;
    size_t n = std::min<size_t>(static_cast<uint8_t>(rest[0]), rest.size() - 1);
    std::string media(rest.substr(1, n));
    std::string collection(rest.substr(1 + n));
    packages::ZipWriter zip(package);
    zip.add(mode & 2 ? "collection.anki21" : "collection.anki2", std::move(collection), false);
    zip.add("media", std::move(media), false);
    zip.add("0", "media file", false);
    zip.close();
  } else {
    write_file(package, rest);
  }

  fs::path col = scratch.dir / "collection.anki2";
  fs::path media = scratch.dir / "collection.media";
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(col.string() + suffix);
  fs::remove_all(media);
  fs::create_directories(media);
  write_file(col, scratch.empty_collection);

  FixedClock clock(TimestampMillis{1767323045678}, 0);
  SeededRandom random(42);
  Session session(col, media, clock, random);
  try {
    import_legacy_package(session, package);
  } catch (const ankc::ActionError& e) {
    // AnkiConnect's texts for a bad package: the expected answer to bad input.
    if (std::getenv("ANKC_FUZZ_VERBOSE")) std::fprintf(stderr, "import refused: %s\n", e.what());
  }
  return 0;
}
