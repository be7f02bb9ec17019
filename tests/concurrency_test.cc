// Many clients at once against the real binary (issue 11): reads run beside writes on their own
// connections, every acknowledged write is there afterwards and visible to the next read, counts seen
// by a reader never go backwards, and requests that need no collection are answered while collection
// work queues. Orderings only, never timings (speed is in bench/).
#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <boost/json.hpp>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/harness.h"

using ankc::test::Daemon;

namespace {

// Generous timeouts: under a sanitizer, the big batches below queue for many seconds.
boost::json::value call(const Daemon& d, const std::string& body) {
  auto r = d.send(ankc::test::request_bytes(body), 120000);
  if (r.status() != 200) throw std::runtime_error("HTTP " + std::to_string(r.status()) + ": " + r.raw);
  return boost::json::parse(r.body);
}

std::string add_note_body(const std::string& deck, const std::string& front) {
  boost::json::object note{{"deckName", deck}, {"modelName", "Basic"},
                           {"fields", boost::json::object{{"Front", front}, {"Back", "back of " + front}}}};
  boost::json::object body{{"action", "addNote"}, {"version", 6}, {"params", boost::json::object{{"note", note}}}};
  return boost::json::serialize(body);
}

std::string find_notes_body(const std::string& query) {
  boost::json::object body{{"action", "findNotes"}, {"version", 6},
                           {"params", boost::json::object{{"query", query}}}};
  return boost::json::serialize(body);
}

}  // namespace

TEST_CASE("readers and writers at once: acknowledged writes are there, reads see them, counts never go back") {
  Daemon d({.config = "logLevel: warn\n"});
  REQUIRE(call(d, R"({"action": "createDeck", "version": 6, "params": {"deck": "Load"}})").at("error").is_null());

  constexpr int kWriters = 6, kNotesEach = 25, kReaders = 6;
  std::mutex mutex;
  std::set<int64_t> acknowledged;
  std::vector<std::string> failures;
  std::atomic<bool> writing{true};
  auto fail = [&](std::string what) {
    std::lock_guard lock(mutex);
    failures.push_back(std::move(what));
  };

  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      try {
        for (int i = 0; i < kNotesEach; ++i) {
          std::string front = "w" + std::to_string(w) + "n" + std::to_string(i);
          auto added = call(d, add_note_body("Load", front));
          if (!added.at("error").is_null()) {
            fail("addNote " + front + ": " + boost::json::serialize(added));
            continue;
          }
          int64_t id = added.at("result").as_int64();
          {
            std::lock_guard lock(mutex);
            acknowledged.insert(id);
          }
          // Read-your-write: the next read (on any read connection) sees the acknowledged note.
          auto found = call(d, find_notes_body("deck:Load front:" + front));
          const auto& ids = found.at("result").as_array();
          if (ids.size() != 1 || ids[0].as_int64() != id)
            fail("findNotes after addNote " + front + ": " + boost::json::serialize(found));
          if (i % 7 == 3) {
            // A write that fails (an empty first field) among the others: it alone is refused.
            auto refused = call(d, add_note_body("Load", ""));
            if (refused.at("error") != "cannot create note because it is empty")
              fail("addNote with an empty field: " + boost::json::serialize(refused));
          }
          if (i % 5 == 0) {
            boost::json::object body{{"action", "updateNoteFields"}, {"version", 6},
                                     {"params", boost::json::object{{"note", boost::json::object{
                                                    {"id", id}, {"fields", boost::json::object{{"Back", "updated " + front}}}}}}}};
            auto updated = call(d, boost::json::serialize(body));
            if (!updated.at("error").is_null()) fail("updateNoteFields: " + boost::json::serialize(updated));
            boost::json::object info{{"action", "notesInfo"}, {"version", 6},
                                     {"params", boost::json::object{{"notes", boost::json::array{id}}}}};
            auto read = call(d, boost::json::serialize(info));
            std::string back(read.at("result").as_array().at(0).at("fields").at("Back").at("value").as_string());
            if (back != "updated " + front) fail("notesInfo after updateNoteFields saw '" + back + "'");
          }
        }
      } catch (const std::exception& e) {
        fail(std::string("writer: ") + e.what());
      }
    });
  }
  for (int r = 0; r < kReaders; ++r) {
    threads.emplace_back([&, r] {
      try {
        size_t last = 0;
        int rounds = 0;
        while (writing || rounds < 2) {
          ++rounds;
          // A snapshot is whole: the notes and their cards agree within one request.
          auto notes = call(d, find_notes_body("deck:Load"));
          if (!notes.at("error").is_null()) {
            fail("findNotes: " + boost::json::serialize(notes));
            continue;
          }
          size_t count = notes.at("result").as_array().size();
          if (count < last) fail("reader " + std::to_string(r) + ": count went back from " + std::to_string(last) +
                                 " to " + std::to_string(count));
          last = count;
          if (r % 2 == 0) {
            auto decks = call(d, R"({"action": "deckNames", "version": 6})");
            if (!decks.at("error").is_null()) fail("deckNames: " + boost::json::serialize(decks));
          }
          if (!writing) break;
        }
      } catch (const std::exception& e) {
        fail(std::string("reader: ") + e.what());
      }
    });
  }
  for (int w = 0; w < kWriters; ++w) threads[size_t(w)].join();
  writing = false;
  for (size_t t = kWriters; t < threads.size(); ++t) threads[t].join();

  for (const auto& f : failures) UNSCOPED_INFO(f);
  CHECK(failures.empty());
  REQUIRE(acknowledged.size() == size_t(kWriters * kNotesEach));
  auto all = call(d, find_notes_body("deck:Load"));
  std::set<int64_t> present;
  for (const auto& id : all.at("result").as_array()) present.insert(id.as_int64());
  CHECK(present == acknowledged);

  // And after a restart, from the file.
  REQUIRE(d.stop() == 0);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2((d.data_dir() / "collection.anki2").c_str(), &db, SQLITE_OPEN_READONLY,
                          nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT id FROM notes", -1, &st, nullptr) == SQLITE_OK);
  std::set<int64_t> on_disk;
  while (sqlite3_step(st) == SQLITE_ROW) on_disk.insert(sqlite3_column_int64(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(db);
  CHECK(on_disk == acknowledged);
}

TEST_CASE("requests that need no collection, and reads, are answered while writes queue for it") {
  Daemon d({.config = "logLevel: warn\n"});
  REQUIRE(call(d, R"({"action": "createDeck", "version": 6, "params": {"deck": "Bulk"}})").at("error").is_null());

  // Eight big addNotes requests: they take the collection one after another, so the last ones wait.
  constexpr int kBatches = 8, kNotesPerBatch = 3000;
  std::atomic<int> writes_done{0};
  std::vector<std::thread> writers;
  std::vector<std::string> errors(kBatches);
  for (int b = 0; b < kBatches; ++b) {
    writers.emplace_back([&, b] {
      boost::json::array notes;
      for (int i = 0; i < kNotesPerBatch; ++i)
        notes.push_back(boost::json::object{
            {"deckName", "Bulk"}, {"modelName", "Basic"},
            {"fields", boost::json::object{{"Front", "b" + std::to_string(b) + "-" + std::to_string(i)}, {"Back", "x"}}}});
      boost::json::object body{{"action", "addNotes"}, {"version", 6}, {"params", boost::json::object{{"notes", notes}}}};
      try {
        auto r = call(d, boost::json::serialize(body));
        if (!r.at("error").is_null()) errors[size_t(b)] = boost::json::serialize(r);
      } catch (const std::exception& e) {
        errors[size_t(b)] = e.what();
      }
      ++writes_done;
    });
  }
  // Meanwhile: version, getProfiles and a read, each answered before the writes have all finished.
  int version_before = 0, profiles_before = 0, reads_before = 0, done_at_first_version = -1;
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // let the batches be sent first
  for (int i = 0; i < 20 && writes_done < kBatches; ++i) {
    auto v = call(d, R"({"action": "version", "version": 6})");
    CHECK(v.at("result").as_int64() == 6);
    if (done_at_first_version < 0) done_at_first_version = writes_done;
    if (writes_done < kBatches) ++version_before;
    auto p = call(d, R"({"action": "getProfiles", "version": 6})");
    CHECK(p.at("result").as_array().size() == 1);
    if (writes_done < kBatches) ++profiles_before;
    auto n = call(d, R"({"action": "deckNames", "version": 6})");
    CHECK(n.at("error").is_null());
    if (writes_done < kBatches) ++reads_before;
  }
  for (auto& t : writers) t.join();
  for (const auto& e : errors) CHECK(e.empty());
  // Each batch takes far longer than a cheap request. Had `version` waited for a thread busy with the
  // collection (as when every request was answered on its connection thread), it would have been
  // answered only as the batches drained; it is answered while most are still queued.
  CHECK(done_at_first_version < kBatches / 2);
  CHECK(version_before > 0);
  CHECK(profiles_before > 0);
  CHECK(reads_before > 0);
  auto all = call(d, find_notes_body("deck:Bulk"));
  REQUIRE(all.at("result").as_array().size() == size_t(kBatches * kNotesPerBatch));

  // Long reads (notesInfo of all 24,000 notes, four at once): `version` is answered while they run.
  boost::json::object info{{"action", "notesInfo"}, {"version", 6},
                           {"params", boost::json::object{{"notes", all.at("result")}}}};
  std::string info_body = boost::json::serialize(info);
  std::atomic<int> reads_done{0};
  std::vector<std::thread> readers;
  std::vector<int> read_ok(4, 0);  // checked after the join (Catch's macros are not thread-safe)
  for (int r = 0; r < 4; ++r)
    readers.emplace_back([&, r] {
      // A generous timeout: under a sanitizer these reads take many seconds.
      auto res = d.send(ankc::test::request_bytes(info_body), 120000);
      read_ok[size_t(r)] = res.status() == 200 && res.body.find("\"error\": null") != std::string::npos;
      ++reads_done;
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto v = call(d, R"({"action": "version", "version": 6})");
  int done_at_version = reads_done;
  for (auto& t : readers) t.join();
  CHECK(read_ok == std::vector<int>(4, 1));
  CHECK(v.at("result").as_int64() == 6);
  CHECK(done_at_version < 4);
}
