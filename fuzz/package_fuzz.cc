// Fuzzes the package reader: what importPackage, importAnkiPackage and importCollectionPackage do with
// a package's bytes before any SQLite file is opened. The input is the package file itself: the zip
// container (members, sizes, CRCs, the packageMaxBytes budget), the version from `meta`, then the
// version's media index (the legacy JSON map with its path checks, or the modern protobuf index, zstd
// compressed), the media members it names and the collection member, zstd-decoded for the latest
// format, each with its size limits counted while decompressing.
// The import into a collection (the SQLite reader, upgrades and the merge) is package_import's work:
// it costs a collection per input, so it runs far fewer inputs per second than this reader.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "backends/action_error.h"
#include "backends/native/packages/import_media.h"
#include "backends/native/packages/package_format.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/packages/zstd_frames.h"

using namespace ankc::native::packages;

namespace {

// Small enough that a fuzzed size field cannot make an input slow; large enough for every seed.
constexpr int64_t kMaxTotal = 8 << 20;
constexpr int64_t kMaxMember = 4 << 20;

void read_package(const ZipReader& zip) {
  for (const std::string& name : zip.names()) (void)zip.has(name);
  PackageVersion version = package_version(zip);
  std::string member = collection_member(version);
  if (version == PackageVersion::Latest) {
    int read = 0;
    for (const PackageMediaEntry& entry : read_latest_media(zip)) {
      std::string bytes;
      if (read++ < 8) (void)read_zstd_member(zip, entry.member, kMaxMember, bytes);
    }
    std::string collection;
    (void)read_zstd_member(zip, member, kMaxMember, collection);
  } else {
    // The map's names are checked against a media folder that is never touched (no file is written).
    int read = 0;
    for (const auto& [name, entry] : read_media_map(zip, "/nonexistent/ankc-fuzz/collection.media"))
      if (read++ < 8) (void)read_media_member(zip, entry);
    (void)zip.read(member, kMaxMember);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try {
    auto zip = ZipReader::from_bytes(std::string(reinterpret_cast<const char*>(data), size), kMaxTotal);
    read_package(*zip);
  } catch (const ankc::ActionError& e) {
    // The texts Anki and AnkiConnect give for a bad package: the expected answer to bad input.
    if (std::getenv("ANKC_FUZZ_VERBOSE")) std::fprintf(stderr, "refused: %s\n", e.what());
  }
  return 0;
}
