// notes_bench: prints figures (not a test). Every figure is taken --samples times (default 5), each on
// a fresh copy of the same collection file, and printed as median (min–max):
//   addNotes of 10,000 Basic notes in batches of 100 and of 1,000, against raw SQL inserts of the same
//   note and card rows (one transaction per batch, prepared statements), the two interleaved sample by
//   sample — the ratio (median of the per-sample ratios) is the overhead of AnkiConnect semantics
//   (lookups, duplicate checks, tags, card generation);
//   notesInfo / cardsInfo for 1,000 ids of a collection holding those 1,000 notes;
//   storeMediaFile with a 10 MB base64 payload.
// Usage: notes_bench [--samples N]
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "backends/native/media/base64.h"
#include "backends/native/notes/note_text.h"
#include "backends/native/notes/test_support.h"

using ankc::native::testing::NotesEnv;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::string figure(std::vector<double> v, int decimals = 1) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  char buf[96];
  std::snprintf(buf, sizeof buf, "%.*f (%.*f–%.*f)", decimals, median, decimals, v.front(), decimals, v.back());
  return buf;
}

double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// A closed collection file kept for the run: every sample starts from a copy of it.
struct BaseFile {
  std::filesystem::path dir = std::filesystem::temp_directory_path() /
                              ("ankc_notes_bench_" + std::to_string(::getpid()));
  std::filesystem::path empty = dir / "empty.anki2";        // a new collection (stock notetypes)
  std::filesystem::path thousand = dir / "thousand.anki2";  // the same with 1,000 Basic notes
  BaseFile();
  ~BaseFile() { std::filesystem::remove_all(dir); }
};

std::string batch_json(int start, int count) {
  std::string s = "{\"notes\": [";
  for (int i = 0; i < count; ++i) {
    if (i) s += ", ";
    s += R"({"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front )" + std::to_string(start + i) +
         R"(", "Back": "back <b>)" + std::to_string(start + i) + R"(</b>"}, "tags": ["bench", "batch"]})";
  }
  return s + "]}";
}

double add_notes(const std::filesystem::path& base, int batch) {
  NotesEnv env{NotesEnv::CopyOf{base}};
  env.call("getTags");  // open the collection outside the timing
  auto t = Clock::now();
  for (int start = 0; start < 10000; start += batch) {
    std::string r = env.call("addNotes", batch_json(start, batch));
    if (r.rfind("ERR", 0) == 0) std::fprintf(stderr, "addNotes failed: %s\n", r.c_str());
    env.clock.advance_ms(1);
  }
  return ms_since(t);
}

double raw_sql(const std::filesystem::path& base, int batch) {
  NotesEnv env{NotesEnv::CopyOf{base}};
  env.call("getTags");
  env.session->close();
  sqlite3* db = nullptr;
  sqlite3_open((env.dir / "collection.anki2").c_str(), &db);
  sqlite3_exec(db, "pragma journal_mode = wal; pragma locking_mode = exclusive", nullptr, nullptr, nullptr);
  sqlite3_int64 mid = 0;
  {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "select id from notetypes where name = 'Basic'", -1, &st, nullptr);
    if (sqlite3_step(st) == SQLITE_ROW) mid = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
  }
  sqlite3_stmt* note = nullptr;
  sqlite3_stmt* card = nullptr;
  sqlite3_prepare_v2(db, "insert into notes values (?,?,?,?,-1,?,?,?,?,0,'')", -1, &note, nullptr);
  sqlite3_prepare_v2(db, "insert into cards values (?,?,1,0,?,-1,0,0,?,0,0,0,0,0,0,0,0,'{}')", -1, &card, nullptr);
  auto t = Clock::now();
  int64_t id = 1767323045678;
  for (int start = 0; start < 10000; start += batch) {
    sqlite3_exec(db, "begin", nullptr, nullptr, nullptr);
    for (int i = start; i < start + batch; ++i, ++id) {
      std::string front = "front " + std::to_string(i);
      std::string flds = front + "\x1f" "back <b>" + std::to_string(i) + "</b>";
      std::string guid = "g" + std::to_string(i);
      std::string sfld = ankc::native::strip_html_preserving_media_filenames(front);
      sqlite3_bind_int64(note, 1, id);
      sqlite3_bind_text(note, 2, guid.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(note, 3, mid);
      sqlite3_bind_int64(note, 4, id / 1000);
      sqlite3_bind_text(note, 5, " batch bench ", -1, SQLITE_STATIC);
      sqlite3_bind_text(note, 6, flds.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(note, 7, sfld.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64(note, 8, ankc::native::field_checksum(front));
      sqlite3_step(note);
      sqlite3_reset(note);
      sqlite3_bind_int64(card, 1, id);
      sqlite3_bind_int64(card, 2, id);
      sqlite3_bind_int64(card, 3, id / 1000);
      sqlite3_bind_int64(card, 4, i + 1);
      sqlite3_step(card);
      sqlite3_reset(card);
    }
    sqlite3_exec(db, "commit", nullptr, nullptr, nullptr);
  }
  double ms = ms_since(t);
  sqlite3_finalize(note);
  sqlite3_finalize(card);
  sqlite3_close(db);
  return ms;
}

BaseFile::BaseFile() {
  std::filesystem::create_directories(dir);
  NotesEnv env;
  env.call("getTags");  // creates the collection
  env.session->close();
  std::filesystem::copy_file(env.dir / "collection.anki2", empty);
  env.call("addNotes", batch_json(0, 1000));
  env.session->close();
  std::filesystem::copy_file(env.dir / "collection.anki2", thousand);
}

}  // namespace

int main(int argc, char** argv) {
  int samples = 5;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--samples") samples = std::max(1, std::atoi(argv[++i]));
  BaseFile base;
  std::printf("notes_bench: %d samples per figure, each on a fresh copy of the same file; median (min–max)\n",
              samples);
  for (int batch : {100, 1000}) {
    std::vector<double> api, raw, ratio;
    for (int i = 0; i < samples; ++i) {
      api.push_back(add_notes(base.empty, batch));
      raw.push_back(raw_sql(base.empty, batch));
      ratio.push_back(api.back() / raw.back());
    }
    std::printf("addNotes 10k Basic notes, batches of %4d: %s ms (%.0f notes/s); raw SQL %s ms; ratio %sx\n", batch,
                figure(api).c_str(), 10000 / (median_of(api) / 1000), figure(raw).c_str(), figure(ratio, 2).c_str());
  }
  {
    std::string ids = "[";
    for (int i = 0; i < 1000; ++i) ids += (i ? ", " : "") + std::to_string(1767323045678 + i);
    ids += "]";
    std::vector<double> notes_ms, cards_ms;
    size_t notes_bytes = 0, cards_bytes = 0;
    for (int i = 0; i < samples; ++i) {
      NotesEnv env{NotesEnv::CopyOf{base.thousand}};
      env.call("notesInfo", "{\"notes\": [1]}");  // opens the collection outside the timing
      auto t = Clock::now();
      std::string r = env.call("notesInfo", "{\"notes\": " + ids + "}");
      notes_ms.push_back(ms_since(t));
      t = Clock::now();
      std::string c = env.call("cardsInfo", "{\"cards\": " + ids + "}");
      cards_ms.push_back(ms_since(t));
      notes_bytes = r.size();
      cards_bytes = c.size();
      if (r.rfind("ERR", 0) == 0 || c.rfind("ERR", 0) == 0)
        std::fprintf(stderr, "notesInfo/cardsInfo failed: %s %s\n", r.substr(0, 80).c_str(), c.substr(0, 80).c_str());
    }
    std::printf("notesInfo 1,000 ids: %s ms (%zu bytes); cardsInfo 1,000 ids: %s ms (%zu bytes)\n",
                figure(notes_ms).c_str(), notes_bytes, figure(cards_ms).c_str(), cards_bytes);
  }
  {
    std::string payload(10 * 1024 * 1024, '\0');
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>((i * 2654435761u) >> 13);
    std::string b64 = ankc::native::media::b64encode(payload);
    std::string params = R"({"filename": "big.bin", "data": ")" + b64 + "\"}";
    std::vector<double> ms;
    std::string r;
    for (int i = 0; i < samples; ++i) {
      NotesEnv env{NotesEnv::CopyOf{base.empty}};
      auto t = Clock::now();
      r = env.call("storeMediaFile", params);
      ms.push_back(ms_since(t));
    }
    std::printf("storeMediaFile 10 MB (%.1f MB base64): %s ms -> %s\n", b64.size() / 1048576.0, figure(ms).c_str(),
                r.c_str());
  }
}
