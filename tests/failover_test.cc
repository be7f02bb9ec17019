// Failover that loses nothing (issue 12), end to end with real processes: a "desktop" (a second
// ankiconnectd, native, on its own collection, syncing with the loopback sync server) and in front of
// it ankiconnectd in proxy mode with proxyFailover, whose native profile syncs with the same account.
// The desktop is killed (SIGKILL) under load and brought back; every acknowledged write must end up in
// the desktop's collection, and both collections must agree once the reconciliation ran.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <chrono>
#include <cstring>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/harness.h"
#include "tests/sync_support.h"

namespace json = boost::json;
using ankc::test::call;
using ankc::test::Daemon;
using ankc::test::request_bytes;
using ankc::test::SyncPeer;
using ankc::test::collection_rows;
using SteadyClock = std::chrono::steady_clock;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

std::string sync_keys(const SyncPeer& peer) {
  return "syncEndpoint: " + peer.url() + "\nsyncKey: " + ankc::test::kSyncKey +
         "\nsyncUser: user\nsyncIntervalMinutes: 0\nbackupIntervalMinutes: 0\nlogLevel: info\n";
}

// The desktop stand-in: syncs only when asked (as Anki does when AnkiConnect's `sync` runs).
std::string desktop_config(const SyncPeer& peer) {
  return sync_keys(peer) + "syncAfterChangesSeconds: 0\nsyncOnStart: false\nthreads: 4\n";
}

// ankiconnectd in front of the desktop; its native profile starts empty and takes the account's
// collection at start (syncOnStart).
std::string front_config(const SyncPeer& peer, const Daemon& desktop, const std::string& extra) {
  return sync_keys(peer) + "backend: proxy\nupstreamUrl: http://127.0.0.1:" + std::to_string(desktop.port()) +
         "\nproxyFailover: true\nupstreamProbeSeconds: 1\nupstreamConnectTimeoutMs: 1000\n"
         "syncOnStart: true\nthreads: 8\n" + extra;
}

json::object basic_note(const std::string& front) {
  return json::object{{"deckName", "Default"},
                      {"modelName", "Basic"},
                      {"fields", json::object{{"Front", front}, {"Back", "back of " + front}}},
                      {"tags", json::array{"failover"}}};
}

std::string add_note_body(const std::string& front) {
  return json::serialize(json::object{{"action", "addNote"}, {"version", 6}, {"params", {{"note", basic_note(front)}}}});
}

// A desktop with two notes, uploaded to the account as its first collection.
void seed_desktop(const Daemon& desktop) {
  call(desktop, "addNote", {{"note", basic_note("seed 1")}});
  call(desktop, "addNote", {{"note", basic_note("seed 2")}});
  json::object reply = ankc::test::request(desktop, "sync");
  if (!reply["error"].is_null()) REQUIRE(call(desktop, "fullSync", {{"mode", "upload"}}).is_null());
}

json::object failover_state(const Daemon& front) {
  json::object status = call(front, "syncStatus").as_object();
  REQUIRE(status.contains("failover"));
  return status["failover"].as_object();
}

bool wait_for_mode(const Daemon& front, const std::string& mode, int seconds) {
  auto deadline = SteadyClock::now() + std::chrono::seconds(seconds);
  while (SteadyClock::now() < deadline) {
    if (failover_state(front)["mode"] == mode.c_str()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// Rows of a query on a collection file (its server stopped), each row as text.
std::vector<std::string> rows(const std::filesystem::path& file, const std::string& sql) {
  return collection_rows(file, sql, [](sqlite3_stmt* stmt, int i) {
    const unsigned char* text = sqlite3_column_text(stmt, i);
    return std::string(text ? reinterpret_cast<const char*>(text) : "");
  });
}

// The Front field of every note of a collection.
std::set<std::string> fronts(const std::filesystem::path& collection) {
  std::set<std::string> out;
  for (const std::string& flds : rows(collection, "SELECT flds FROM notes")) out.insert(flds.substr(0, flds.find('\x1f')));
  return out;
}

// What two synced collections must share: notes and cards, as the sync moves them.
std::vector<std::string> notes_and_cards(const std::filesystem::path& collection) {
  auto notes = rows(collection, "SELECT id, guid, mid, mod, tags, flds FROM notes ORDER BY id");
  auto cards = rows(collection, "SELECT id, nid, did, ord, mod, type, queue, due FROM cards ORDER BY id");
  notes.push_back("--- cards");
  notes.insert(notes.end(), cards.begin(), cards.end());
  return notes;
}

// One client request and what came back.
struct Exchange {
  std::string body;
  bool write = false;
  std::string front;  // addNote: the note's Front
  SteadyClock::time_point start, end;
  int status = 0;
  std::string reply;
};

std::string log_of(const Daemon& d) { return d.log(); }

Daemon::Options options(std::string config) {
  Daemon::Options o;
  o.config = std::move(config);
  return o;
}

}  // namespace

TEST_CASE("failover: the desktop killed under 1,000 requests from 8 clients; nothing acknowledged is lost") {
  SyncPeer peer;
  Daemon desktop(options(desktop_config(peer)));
  seed_desktop(desktop);
  Daemon front(options(front_config(peer, desktop, "syncAfterChangesSeconds: 0\n")));
  REQUIRE(failover_state(front)["mode"] == "upstream");

  constexpr int kClients = 8, kPerClient = 125;
  std::vector<std::vector<Exchange>> done(kClients);
  std::atomic<int> completed{0};
  std::atomic<bool> ready_seen{false};
  SteadyClock::time_point killed_at, ready_at;
  std::int64_t killed_unix_ms = 0;

  // Kills the desktop once 300 requests were answered, then notes when the front has switched (the
  // catch-up sync done or failed: its log says so).
  std::thread killer([&] {
    while (completed.load() < 300) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    killed_at = SteadyClock::now();
    killed_unix_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    desktop.stop(SIGKILL);
    while (!contains(log_of(front), "failover: catch-up sync") && SteadyClock::now() - killed_at < std::chrono::seconds(30))
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ready_at = SteadyClock::now();
    ready_seen = true;
  });

  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < kPerClient; ++i) {
        Exchange x;
        switch (i % 5) {
          case 0:
          case 3:
            x.front = "client " + std::to_string(c) + " note " + std::to_string(i);
            x.body = add_note_body(x.front);
            x.write = true;
            break;
          case 1: x.body = R"({"action": "findNotes", "version": 6, "params": {"query": "tag:failover"}})"; break;
          case 2: x.body = R"({"action": "deckNames", "version": 6})"; break;
          default: x.body = R"({"action": "multi", "version": 6, "params": {"actions": [{"action": "version"}, {"action": "getTags"}]}})";
        }
        x.start = SteadyClock::now();
        auto r = ankc::test::exchange(front.port(), request_bytes(x.body), 30000);
        x.end = SteadyClock::now();
        x.status = r.status();
        x.reply = r.body;
        done[c].push_back(std::move(x));
        ++completed;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    });
  }
  for (auto& t : clients) t.join();
  killer.join();
  REQUIRE(ready_seen.load());

  std::set<std::string> acknowledged;
  int upstream_errors = 0, after_switch = 0;
  long long slowest_after_switch_us = 0;
  for (const auto& client : done) {
    for (const Exchange& x : client) {
      INFO(x.body << " -> " << x.status << " " << x.reply);
      // Every request is answered, as AnkiConnect answers.
      REQUIRE(x.status == 200);
      json::value reply = json::parse(x.reply);
      REQUIRE(reply.is_object());
      REQUIRE(reply.as_object().contains("error"));
      const json::value& error = reply.as_object().at("error");
      if (error.is_string() && contains(std::string(error.as_string()), "ankiconnectd proxy: upstream")) {
        // Only a write in flight when the desktop died: it may have been carried out, so not repeated.
        CHECK(x.write);
        CHECK(contains(std::string(error.as_string()), "not repeated"));
        ++upstream_errors;
      } else {
        CHECK(error.is_null());
        if (x.write && error.is_null()) acknowledged.insert(x.front);
        // Notes the native backend added once it stood in get ids a minute ahead of the switch, past
        // any the desktop made ahead of the clock and never synced (proxy_backend.cc).
        if (x.write && error.is_null() && x.start > ready_at)
          CHECK(reply.as_object().at("result").as_int64() >= killed_unix_ms + 60'000);
      }
      if (x.start > ready_at) {
        ++after_switch;
        slowest_after_switch_us =
            std::max<long long>(slowest_after_switch_us,
                                std::chrono::duration_cast<std::chrono::microseconds>(x.end - x.start).count());
      }
    }
  }
  WARN("after the switch: " << after_switch << " requests, slowest " << slowest_after_switch_us
                            << " us; upstream errors for in-flight writes: " << upstream_errors
                            << "; the switch took "
                            << std::chrono::duration_cast<std::chrono::milliseconds>(ready_at - killed_at).count()
                            << " ms after the kill");
  CHECK(upstream_errors <= kClients);
  CHECK(after_switch > 100);
  // No per-request timeout once switched: each answer within 50 ms (the issue's bound).
  CHECK(slowest_after_switch_us < 50000);
  CHECK(acknowledged.size() > 300);

  // The desktop comes back: the front pushes, makes the desktop sync, pulls, then forwards again.
  desktop.restart();
  REQUIRE(wait_for_mode(front, "upstream", 30));
  std::string log = front.log();
  CHECK(contains(log, "is down ("));
  CHECK(contains(log, "failover: forwarding to the upstream AnkiConnect at"));
  // Forwarding: a new note lands on the desktop directly.
  auto forwarded = ankc::test::exchange(front.port(), request_bytes(add_note_body("after the return")));
  CHECK(json::parse(forwarded.body).as_object().at("error").is_null());
  acknowledged.insert("after the return");
  CHECK(call(desktop, "findNotes", {{"query", "\"front:after the return\""}}).as_array().size() == 1);

  CHECK(front.stop() == 0);
  CHECK(desktop.stop() == 0);
  std::set<std::string> on_desktop = fronts(desktop.data_dir() / "collection.anki2");
  std::vector<std::string> missing;
  for (const auto& f : acknowledged)
    if (!on_desktop.count(f)) missing.push_back(f);
  INFO("acknowledged writes missing on the desktop: " << missing.size() << (missing.empty() ? "" : ", e.g. " + missing[0]));
  // On a failure, what both daemons said about switching and syncing.
  auto sync_lines = [](const std::string& log) {
    std::string out;
    size_t at = 0;
    while (at < log.size()) {
      size_t end = log.find('\n', at);
      if (end == std::string::npos) end = log.size();
      std::string_view line(log.data() + at, end - at);
      if (line.find("sync") != std::string_view::npos || line.find("failover") != std::string_view::npos)
        out.append(line).append("\n");
      at = end + 1;
    }
    return out.size() > 20000 ? out.substr(out.size() - 20000) : out;
  };
  INFO("front:\n" << sync_lines(front.log()) << "desktop:\n" << sync_lines(desktop.log()));
  CHECK(missing.empty());
  // Both collections hold the same notes and cards (but the last note, forwarded after the pull).
  auto desktop_rows = notes_and_cards(desktop.data_dir() / "collection.anki2");
  auto native_rows = notes_and_cards(front.data_dir() / "collection.anki2");
  auto without_last = [](std::vector<std::string> v) {
    std::erase_if(v, [](const std::string& row) { return contains(row, "after the return"); });
    return v;
  };
  desktop_rows = without_last(desktop_rows);
  CHECK(desktop_rows.size() == native_rows.size() + 1);  // the forwarded note's card
  std::vector<std::string> only_desktop, only_native;
  std::set<std::string> d(desktop_rows.begin(), desktop_rows.end()), n(native_rows.begin(), native_rows.end());
  std::set_difference(d.begin(), d.end(), n.begin(), n.end(), std::back_inserter(only_desktop));
  std::set_difference(n.begin(), n.end(), d.begin(), d.end(), std::back_inserter(only_native));
  CHECK(only_desktop.size() == 1);  // that card
  CHECK(only_native.empty());
}

TEST_CASE("failover: writes made while the desktop is down reach the account by the normal auto-sync") {
  SyncPeer peer;
  Daemon desktop(options(desktop_config(peer)));
  seed_desktop(desktop);
  Daemon front(options(front_config(peer, desktop, "syncAfterChangesSeconds: 1\n")));
  desktop.stop(SIGKILL);
  auto r = ankc::test::exchange(front.port(), request_bytes(add_note_body("written while down")));
  REQUIRE(json::parse(r.body).as_object().at("error").is_null());
  CHECK(failover_state(front)["mode"] == "native");
  // The automatic sync pushes it within a few seconds, the desktop still down ...
  bool synced = false;
  for (int i = 0; i < 100 && !synced; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    synced = contains(front.log(), "sync (auto, after changes)");
  }
  REQUIRE(synced);
  // ... so another device of the account (a new, empty profile that downloads at start) has it.
  Daemon other(options(sync_keys(peer) + "syncOnStart: true\nsyncAfterChangesSeconds: 0\n"));
  CHECK(call(other, "findNotes", {{"query", "\"front:written while down\""}}).as_array().size() == 1);
  desktop.restart();
  REQUIRE(wait_for_mode(front, "upstream", 30));
  CHECK(call(desktop, "findNotes", {{"query", "\"front:written while down\""}}).as_array().size() == 1);
}

TEST_CASE("failover: a desktop flapping down and up every second for 20 s loses no write and crashes nothing") {
  SyncPeer peer;
  Daemon desktop(options(desktop_config(peer)));
  seed_desktop(desktop);
  Daemon front(options(front_config(peer, desktop, "syncAfterChangesSeconds: 2\n")));

  std::atomic<bool> stop{false};
  std::mutex mutex;
  std::set<std::string> acknowledged;
  int answered = 0, upstream_errors = 0;
  std::vector<std::thread> writers;
  for (int c = 0; c < 4; ++c) {
    writers.emplace_back([&, c] {
      for (int i = 0; !stop.load(); ++i) {
        std::string f = "flap " + std::to_string(c) + "-" + std::to_string(i);
        auto r = ankc::test::exchange(front.port(), request_bytes(add_note_body(f)), 30000);
        std::lock_guard lock(mutex);
        REQUIRE(r.status() == 200);
        ++answered;
        json::value reply = json::parse(r.body);
        if (reply.as_object().at("error").is_null()) acknowledged.insert(f);
        else ++upstream_errors;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    });
  }
  auto until = SteadyClock::now() + std::chrono::seconds(20);
  while (SteadyClock::now() < until) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    desktop.stop(SIGKILL);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    desktop.restart();
  }
  stop = true;
  for (auto& t : writers) t.join();
  REQUIRE(front.running());
  bool back = wait_for_mode(front, "upstream", 60);
  if (!back) {
    std::string log = front.log();
    INFO("the front's log, last 6000 bytes:\n" << log.substr(log.size() > 6000 ? log.size() - 6000 : 0));
    INFO("the failover state: " << json::serialize(failover_state(front)));
    REQUIRE(back);
  }
  json::object state = failover_state(front);
  WARN("flapping: " << answered << " writes answered, " << acknowledged.size() << " acknowledged, "
                    << upstream_errors << " refused as possibly carried out; switches to native "
                    << state["switchesToNative"] << ", back " << state["switchesToUpstream"] << ", failed reconciliations "
                    << state["reconcileFailures"] << " (the last: " << state["lastReconcileError"] << ")");
  // The outages were seen: switches, or reconciliations cut short by the next kill (which of the two
  // depends on where the probes fall in the up/down rhythm).
  CHECK(state["switchesToNative"].as_int64() >= 1);
  CHECK(state["switchesToNative"].as_int64() + state["reconcileFailures"].as_int64() >= 5);
  CHECK(front.stop() == 0);
  CHECK(desktop.stop() == 0);
  std::set<std::string> on_desktop = fronts(desktop.data_dir() / "collection.anki2");
  std::vector<std::string> missing;
  for (const auto& f : acknowledged)
    if (!on_desktop.count(f)) missing.push_back(f);
  INFO("missing: " << missing.size() << (missing.empty() ? "" : ", e.g. " + missing[0]));
  CHECK(missing.empty());
}
