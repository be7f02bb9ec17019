// Every collection a real Anki wrote (shared/fixtures/real) is reported clean by the checker, or
// its findings are explained here. Schema-18 files are checked as they are; modern packages'
// collection.anki21b is unpacked first (zip + zstd); older schemas are checked after our upgrade.
#include <zip.h>
#include <zstd.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "backends/native/collection/collection.h"
#include "backends/native/dbcheck/check.h"
#include "backends/native/dbcheck/test_collection.h"

using namespace ankc::native;
using namespace ankc::native::dbcheck::testing;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = ANKC_FIXTURES_DIR;

std::vector<std::string> lines_of(const fs::path& file, int64_t now_ms) {
  auto db = storage::Db::open(file, false);
  std::vector<std::string> out;
  for (const auto& v : check_collection(*db, TimestampMillis{now_ms})) out.push_back(v.line());
  db->close();
  return out;
}

// Writes the zstd-compressed collection.anki21b of a modern package to `to`.
void unpack_anki21b(const fs::path& package, const fs::path& to) {
  int err = 0;
  zip_t* z = zip_open(package.c_str(), ZIP_RDONLY, &err);
  REQUIRE(z != nullptr);
  zip_stat_t st;
  REQUIRE(zip_stat(z, "collection.anki21b", 0, &st) == 0);
  std::string packed(st.size, '\0');
  zip_file_t* f = zip_fopen(z, "collection.anki21b", 0);
  REQUIRE(zip_fread(f, packed.data(), st.size) == static_cast<zip_int64_t>(st.size));
  zip_fclose(f);
  zip_close(z);
  unsigned long long size = ZSTD_getFrameContentSize(packed.data(), packed.size());
  std::string raw;
  if (size != ZSTD_CONTENTSIZE_UNKNOWN && size != ZSTD_CONTENTSIZE_ERROR) {
    raw.resize(size);
    REQUIRE(ZSTD_decompress(raw.data(), raw.size(), packed.data(), packed.size()) == size);
  } else {
    ZSTD_DStream* ds = ZSTD_createDStream();
    ZSTD_inBuffer in{packed.data(), packed.size(), 0};
    std::string chunk(1 << 16, '\0');
    while (in.pos < in.size) {
      ZSTD_outBuffer out{chunk.data(), chunk.size(), 0};
      REQUIRE_FALSE(ZSTD_isError(ZSTD_decompressStream(ds, &out, &in)));
      raw.append(chunk.data(), out.pos);
    }
    ZSTD_freeDStream(ds);
  }
  std::ofstream(to, std::ios::binary).write(raw.data(), static_cast<std::streamsize>(raw.size()));
}

}  // namespace

using Lines = std::vector<std::string>;

TEST_CASE("schema-18 collections written by Anki are clean") {
  for (const char* name : {"yanki-connect__yanki-tests.anki2", "headless-anki__User_1.anki2"}) {
    INFO(name);
    TestCollection col(kFixtures / name);
    CHECK(lines_of(col.file, kNowMs + 86400000LL * 365) == Lines{});
  }
  // Anki 23.10 file whose notetypes came from 2019: Anki recomputes reqs only when a notetype is
  // saved, and the legacy Python code wrote none for Cloze and ignored {{type:Back}} (the Rust
  // rule counts it), so these stale reqs are what Anki itself left in the file.
  TestCollection apy(kFixtures / "apy__test_base.anki2");
  CHECK(lines_of(apy.file, kNowMs + 86400000LL * 365) ==
        Lines{"11 warning: reqs of 1561726345909 \"Cloze\" are [], expected [0 any [0]]",
              "11 warning: reqs of 1561726345910 \"Basic (type in the answer)\" are [0 all [0]], expected [0 any [0,1]]"});
}

// Lines every exported package shows, because an export is an import source, not a collection in
// use: Anki's exporter leaves the tags table empty (the importer registers tags), copies config
// (curModel may name a notetype that was not exported, nextPos is not maintained) and keeps the
// source's usns (the importer resets them).
bool package_artefact(const std::string& line) {
  return (line.rfind("16 warning: note ", 0) == 0 && line.find("\" has no row in tags") != std::string::npos) ||
         line == "16 warning: (more like the above: 16 unregistered)" ||
         line.rfind("23 warning: curModel names no notetype: ", 0) == 0 ||
         line.rfind("23 warning: nextPos not above every new card's due: ", 0) == 0 ||
         line.rfind("24 warning: usn above col.usn in ", 0) == 0;
}

TEST_CASE("collections inside modern packages written by Anki are clean but for export artefacts") {
  for (const char* name : {"ankimcp__MCP_Reviewer_Demo.apkg", "clintafk__Newly_learned_words.apkg",
                           "hckrtst__All_Decks-1-23-23.apkg", "yanki-connect__backup-2026-03-30-17.22.20.colpkg"}) {
    INFO(name);
    TestCollection col(false);
    fs::path file = col.dir / "package.anki21b";
    unpack_anki21b(kFixtures / name, file);
    Lines rest;
    for (const std::string& line : lines_of(file, kNowMs + 86400000LL * 365))
      if (!package_artefact(line)) rest.push_back(line);
    CHECK(rest == Lines{});
  }
}

TEST_CASE("older collections after our upgrade to schema 18: only what the originals lack") {
  FixedClock clock(TimestampMillis{kNowMs}, 0);
  SeededRandom random(3);
  // The AnkiPandas files carry no indexes at all; the upgrade adds every missing one of the 16, so
  // no error is left and the checker reaches the warnings both files really have: stale reqs, tags
  // written without the surrounding spaces, the v1-era config, and a grave for a note they still hold.
  const Lines upgraded = {
      "11 warning: reqs of 1555579331143 \"Cloze\" are [], expected [0 any [0]]",
      "11 warning: reqs of 1555579331144 \"Basic (type in the answer)\" are [0 all [0]], expected [0 any [0,1]]",
      "16 warning: note 1555579337683 tags not in \" t1 t2 \" form: \"other_test_tag\"",
      "16 warning: note 1555579352896 tags not in \" t1 t2 \" form: \"some_test_tag\"",
      "16 warning: note 1557223191575 tags not in \" t1 t2 \" form: \"adjective english german noun\"",
      "16 warning: note 1557223232204 tags not in \" t1 t2 \" form: \"english german noun\"",
      "16 warning: note 1557223241471 tags not in \" t1 t2 \" form: \"adjective color english german\"",
      "16 warning: note 1557223253254 tags not in \" t1 t2 \" form: \"adjective color english german\"",
      "23 warning: config key missing: schedVer",
      "23 warning: config key missing: sched2021",
      "23 warning: config key missing: creationOffset",
      "25 warning: grave for an existing note: 1555579352896"};
  for (const char* name : {"ankipandas__few_basic_cards.anki2", "ankipandas__few_basic_cards_v1.anki2"}) {
    INFO(name);
    TestCollection col(kFixtures / name);
    Collection::open(col.file, clock, random)->close();
    CHECK(lines_of(col.file, kNowMs + 86400000LL * 365) == upgraded);
  }
  // Anki's own media-check fixture (2020, v1 scheduler): stale reqs as above, a field kept in NFD on
  // purpose (the media check test needs it), and the v1-era config (schedVer 1, no sched2021 or
  // creationOffset: Anki adds them when the scheduler is upgraded).
  TestCollection media(kFixtures / "anki__rslib_mediacheck.anki2");
  Collection::open(media.file, clock, random)->close();
  CHECK(lines_of(media.file, kNowMs + 86400000LL * 365) ==
        Lines{"11 warning: reqs of 1581236385344 \"Basic (type in the answer)\" are [0 any [0]], expected [0 any [0,1]]",
              "13 warning: note 1581236461568 has a field not in NFC", "23 warning: config key missing: sched2021",
              "23 warning: config key missing: creationOffset", "23 warning: schedVer is not 2: 1"});
}
