// notes_bench: prints figures (not a test).
//   addNotes of 10,000 Basic notes in batches of 100 and of 1,000, against raw SQL inserts of the same
//   note and card rows (one transaction per batch, prepared statements) — the ratio is the overhead of
//   AnkiConnect semantics (lookups, duplicate checks, tags, card generation);
//   notesInfo / cardsInfo for 1,000 ids; storeMediaFile with a 10 MB base64 payload.
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "backends/native/media/base64.h"
#include "backends/native/notes/note_text.h"
#include "backends/native/notes/test_support.h"

using ankc::native::testing::NotesEnv;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::string batch_json(int start, int count) {
  std::string s = "{\"notes\": [";
  for (int i = 0; i < count; ++i) {
    if (i) s += ", ";
    s += R"({"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front )" + std::to_string(start + i) +
         R"(", "Back": "back <b>)" + std::to_string(start + i) + R"(</b>"}, "tags": ["bench", "batch"]})";
  }
  return s + "]}";
}

double add_notes(int batch) {
  NotesEnv env;
  env.call("getTags");  // open the collection outside the timing
  auto t = Clock::now();
  for (int start = 0; start < 10000; start += batch) {
    std::string r = env.call("addNotes", batch_json(start, batch));
    if (r.rfind("ERR", 0) == 0) std::fprintf(stderr, "addNotes failed: %s\n", r.c_str());
    env.clock.advance_ms(1);
  }
  return ms_since(t);
}

double raw_sql(int batch) {
  NotesEnv env;
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

}  // namespace

int main() {
  for (int batch : {100, 1000}) {
    double api = add_notes(batch);
    double raw = raw_sql(batch);
    std::printf("addNotes 10k Basic notes, batches of %4d: %8.1f ms (%6.0f notes/s); raw SQL %7.1f ms; ratio %.1fx\n",
                batch, api, 10000 / (api / 1000), raw, api / raw);
  }
  {
    NotesEnv env;
    env.call("addNotes", batch_json(0, 1000));
    std::string ids = "[";
    for (int i = 0; i < 1000; ++i) ids += (i ? ", " : "") + std::to_string(1767323045678 + i);
    ids += "]";
    env.call("notesInfo", "{\"notes\": [1]}");
    auto t = Clock::now();
    std::string r = env.call("notesInfo", "{\"notes\": " + ids + "}");
    double notes_ms = ms_since(t);
    t = Clock::now();
    std::string c = env.call("cardsInfo", "{\"cards\": " + ids + "}");
    double cards_ms = ms_since(t);
    std::printf("notesInfo 1,000 ids: %.1f ms (%zu bytes); cardsInfo 1,000 ids: %.1f ms (%zu bytes)\n", notes_ms,
                r.size(), cards_ms, c.size());
  }
  {
    NotesEnv env;
    std::string payload(10 * 1024 * 1024, '\0');
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>((i * 2654435761u) >> 13);
    std::string b64 = ankc::native::media::b64encode(payload);
    std::string params = R"({"filename": "big.bin", "data": ")" + b64 + "\"}";
    auto t = Clock::now();
    std::string r = env.call("storeMediaFile", params);
    std::printf("storeMediaFile 10 MB (%.1f MB base64): %.1f ms -> %s\n", b64.size() / 1048576.0, ms_since(t),
                r.c_str());
  }
}
