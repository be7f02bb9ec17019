// bigresult_bench: the big-result path (issue 11 part 4). Each figure is the real ankiconnectd (any
// binary) answering over HTTP against a floor run in this process on a copy of the same collection
// file (the server holds its copy exclusively), rounds interleaved, median and range, ratio per round:
//   findNotes / findCards (--notes-query / --cards-query, default deck:*: 100k notes, ~150k cards)
//     floor: the SQL the search module writes for the query (generated before the clock starts),
//     prepared and stepped with the SQLite C API, the ids written as the reply envelope with
//     pyjson's writer (compat/pyjson.h), element by element;
//   notesInfo of --info-ids (1,000) ids
//     floor: the rows notesInfo reads (notes by id, cards by nid ORDER BY ord, notetype name and field
//     names once per notetype), prepared once and stepped with the C API, written with pyjson's writer;
//   cardsInfo of --info-ids ids
//     floor: the native cardsInfo action called in this process (notes/test_support's NotesEnv on a
//     copy, same clock second) and json.dumps of its result: no HTTP, no request parsing. cardsInfo
//     renders each card's question and answer and computes nextReviews, which a bare SQL floor
//     would leave out, so this floor is the action itself.
// Wall time (what a client sees) and CPU time (the floor's thread against the sum of the server's
// threads, /proc/<pid>/task/*/schedstat: less disturbed by other load on a shared machine) are both
// reported. Every floor's bytes are compared with the server's reply body (findNotes, findCards, notesInfo must
// be equal; a difference is printed). The server process and this one share the machine's cores.
//
// Usage: bigresult_bench --binary <ankiconnectd> --collection <file.anki2> [--rounds 7]
//          [--notes-query Q] [--cards-query Q] [--info-ids 1000] [--cpus LIST] [--only name,name]
//          [--config 'yaml line']...
// Both sides run SQLite in multi-thread mode (storage::use_multithread_mode, as src/main.cc): no
// mutex around each sqlite3_step/sqlite3_column_* call.
// The last lines are `RESULT name=... floor_ms=... http_ms=... ratio=...` for scripts.
#include <malloc.h>
#include <sqlite3.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <signal.h>
#include <string>
#include <vector>

#include "backends/native/notes/test_support.h"
#include "backends/native/search/context.h"
#include "backends/native/search/search.h"
#include "backends/native/search/sql_functions.h"
#include "backends/native/storage/db.h"
#include "bench/bench_support.h"
#include "compat/pyjson.h"

namespace json = boost::json;
namespace search = ankc::native::search;
using bench::Clock;

namespace {

struct Options {
  std::string binary, collection, cpus, notes_query = "deck:*", cards_query = "deck:*";
  std::vector<std::string> config;
  std::set<std::string> only;
  int rounds = 7, info_ids = 1000;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "bigresult_bench: %s\n(see the header of bench/bigresult_bench.cc)\n", why);
  std::exit(2);
}

void die_sqlite(sqlite3* db, const char* what) {
  std::fprintf(stderr, "bigresult_bench: %s: %s\n", what, sqlite3_errmsg(db));
  std::exit(1);
}

sqlite3* open_floor(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) die_sqlite(db, "open");
  search::register_unicase_collation(db);
  search::register_search_functions(db);
  // The server's settings (storage/db.cc): exclusive lock, 40 MiB page cache, WAL.
  if (sqlite3_exec(db, "PRAGMA locking_mode = exclusive; PRAGMA cache_size = -40960; PRAGMA journal_mode = WAL;",
                   nullptr, nullptr, nullptr) != SQLITE_OK)
    die_sqlite(db, "pragmas");
  return db;
}

void write_int(std::string& out, int64_t v) { ankc::pyjson::dump_to(out, json::value(v)); }

// The floor of findNotes/findCards: the prepared SQL's ids in the reply envelope.
std::string floor_ids(sqlite3* db, const search::SqlQuery& q) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, q.sql.c_str(), static_cast<int>(q.sql.size()), &st, nullptr) != SQLITE_OK)
    die_sqlite(db, "prepare");
  for (size_t i = 0; i < q.args.size(); ++i)
    sqlite3_bind_text(st, static_cast<int>(i + 1), q.args[i].data(), static_cast<int>(q.args[i].size()),
                      SQLITE_STATIC);
  std::string out = "{\"result\": [";
  bool first = true;
  while (sqlite3_step(st) == SQLITE_ROW) {
    if (!first) out += ", ";
    first = false;
    write_int(out, sqlite3_column_int64(st, 0));
  }
  sqlite3_finalize(st);
  out += "], \"error\": null}";
  return out;
}

std::string_view text_of(sqlite3_stmt* st, int col) {
  const char* p = reinterpret_cast<const char*>(sqlite3_column_text(st, col));
  return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(st, col))) : std::string_view();
}

// The floor of notesInfo: the rows it reads, written as its reply.
std::string floor_notes_info(sqlite3* db, const std::vector<int64_t>& ids, const std::string& profile) {
  sqlite3_stmt *note = nullptr, *cards = nullptr, *nt = nullptr, *fields = nullptr;
  sqlite3_prepare_v2(db, "SELECT mid, mod, tags, flds FROM notes WHERE id = ?", -1, &note, nullptr);
  sqlite3_prepare_v2(db, "SELECT id FROM cards WHERE nid = ? ORDER BY ord", -1, &cards, nullptr);
  sqlite3_prepare_v2(db, "SELECT name FROM notetypes WHERE id = ?", -1, &nt, nullptr);
  sqlite3_prepare_v2(db, "SELECT name FROM fields WHERE ntid = ? ORDER BY ord", -1, &fields, nullptr);
  struct Type {
    std::string name;
    std::vector<std::string> fields;
  };
  std::map<int64_t, Type> types;
  std::string out = "{\"result\": [";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ", ";
    sqlite3_bind_int64(note, 1, ids[i]);
    if (sqlite3_step(note) != SQLITE_ROW) {
      out += "{}";
      sqlite3_reset(note);
      continue;
    }
    int64_t mid = sqlite3_column_int64(note, 0);
    auto it = types.find(mid);
    if (it == types.end()) {
      Type t;
      sqlite3_bind_int64(nt, 1, mid);
      if (sqlite3_step(nt) == SQLITE_ROW) t.name = text_of(nt, 0);
      sqlite3_reset(nt);
      sqlite3_bind_int64(fields, 1, mid);
      while (sqlite3_step(fields) == SQLITE_ROW) t.fields.emplace_back(text_of(fields, 0));
      sqlite3_reset(fields);
      it = types.emplace(mid, std::move(t)).first;
    }
    out += "{\"noteId\": ";
    write_int(out, ids[i]);
    out += ", \"profile\": ";
    ankc::pyjson::dump_string_to(out, profile);
    out += ", \"tags\": [";
    std::string_view tags = text_of(note, 2);
    bool first = true;
    for (size_t p = 0; p < tags.size();) {
      size_t e = tags.find(' ', p);
      if (e == std::string_view::npos) e = tags.size();
      if (e > p) {
        if (!first) out += ", ";
        first = false;
        ankc::pyjson::dump_string_to(out, tags.substr(p, e - p));
      }
      p = e + 1;
    }
    out += "], \"fields\": {";
    std::string_view flds = text_of(note, 3);
    size_t p = 0;
    for (size_t f = 0; f < it->second.fields.size(); ++f) {
      if (f) out += ", ";
      std::string_view value;
      if (p <= flds.size()) {
        size_t e = flds.find('\x1f', p);
        if (e == std::string_view::npos) e = flds.size();
        value = flds.substr(p, e - p);
        p = e + 1;
      }
      ankc::pyjson::dump_string_to(out, it->second.fields[f]);
      out += ": {\"value\": ";
      ankc::pyjson::dump_string_to(out, value);
      out += ", \"order\": ";
      write_int(out, static_cast<int64_t>(f));
      out += "}";
    }
    out += "}, \"modelName\": ";
    ankc::pyjson::dump_string_to(out, it->second.name);
    out += ", \"mod\": ";
    write_int(out, sqlite3_column_int64(note, 1));
    out += ", \"cards\": [";
    sqlite3_reset(note);
    sqlite3_bind_int64(cards, 1, ids[i]);
    first = true;
    while (sqlite3_step(cards) == SQLITE_ROW) {
      if (!first) out += ", ";
      first = false;
      write_int(out, sqlite3_column_int64(cards, 0));
    }
    sqlite3_reset(cards);
    out += "]}";
  }
  out += "], \"error\": null}";
  for (sqlite3_stmt* st : {note, cards, nt, fields}) sqlite3_finalize(st);
  return out;
}

std::string ids_json(const std::vector<int64_t>& ids) {
  std::string s = "[";
  for (size_t i = 0; i < ids.size(); ++i) s += (i ? ", " : "") + std::to_string(i < ids.size() ? ids[i] : 0);
  return s + "]";
}

// Every n-th id of a list so that `count` are taken, spread over the whole collection.
std::vector<int64_t> spread(const std::vector<int64_t>& all, int count) {
  std::vector<int64_t> out;
  if (all.empty()) return out;
  size_t step = std::max<size_t>(1, all.size() / static_cast<size_t>(count));
  for (size_t i = 0; i < all.size() && out.size() < static_cast<size_t>(count); i += step) out.push_back(all[i]);
  return out;
}

std::vector<int64_t> ids_in(const std::string& reply_body) {
  std::vector<int64_t> out;
  json::value v = json::parse(reply_body);
  for (auto& e : v.at("result").as_array()) out.push_back(e.as_int64());
  return out;
}

struct Case {
  Case(std::string n, std::function<std::string()> f, std::string req, bool match = true)
      : name(std::move(n)), floor(std::move(f)), request(std::move(req)), must_match(match) {}
  std::string name;
  std::function<std::string()> floor;  // the floor's bytes
  std::string request;                 // the HTTP request body
  bool must_match = true;
  std::vector<double> floor_ms, http_ms, ratios, floor_cpu_ms, server_cpu_ms, cpu_ratios;
  size_t bytes = 0;
  bool mismatch_reported = false;
};

void first_difference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  size_t from = i > 40 ? i - 40 : 0;
  std::printf("    floor %zu bytes, server %zu bytes; first difference at byte %zu:\n      floor:  %s\n      server: %s\n",
              a.size(), b.size(), i, a.substr(from, 100).c_str(), b.substr(from, 100).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  // The floor allocates as the server does (src/main.cc): blocks below 8 MiB stay in the heap, so
  // neither side pays for fresh zeroed pages on each round.
  mallopt(M_MMAP_THRESHOLD, 8 << 20);
  mallopt(M_TRIM_THRESHOLD, 16 << 20);
  ankc::native::storage::use_multithread_mode();  // as the server's main: the floor's connections too
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + a).c_str());
      return argv[++i];
    };
    if (a == "--binary") o.binary = next();
    else if (a == "--collection") o.collection = next();
    else if (a == "--rounds") o.rounds = std::stoi(next());
    else if (a == "--notes-query") o.notes_query = next();
    else if (a == "--cards-query") o.cards_query = next();
    else if (a == "--info-ids") o.info_ids = std::stoi(next());
    else if (a == "--cpus") o.cpus = next();
    else if (a == "--config") o.config.push_back(next());
    else if (a == "--only") {
      std::string s = next();
      for (size_t p = 0; p <= s.size();) {
        size_t c = s.find(',', p);
        if (c == std::string::npos) c = s.size();
        o.only.insert(s.substr(p, c - p));
        p = c + 1;
      }
    } else usage(("unknown option " + a).c_str());
  }
  if (o.binary.empty() || o.collection.empty()) usage("--binary and --collection are required");
  ::signal(SIGPIPE, SIG_IGN);
  try {
    bench::ScratchDir dir("ankc-bigresult-bench");
    std::filesystem::create_directories(dir.path() / "server");
    bench::Server server({.binary = o.binary, .dir = dir.path() / "server", .collection = o.collection,
                          .cpus = o.cpus, .config = o.config});
    std::string floor_path = (dir.path() / "floor.anki2").string();
    std::filesystem::copy_file(o.collection, floor_path);
    sqlite3* db = open_floor(floor_path);
    std::printf("bigresult_bench: %s; binary %s; %d rounds, interleaved\n", bench::conditions().c_str(),
                o.binary.c_str(), o.rounds);

    search::SqliteSearchContext ctx(db, search::Clock{});
    search::SqlQuery notes_sql = search::build_search_sql(o.notes_query, search::ReturnItem::Notes, ctx);
    search::SqlQuery cards_sql = search::build_search_sql(o.cards_query, search::ReturnItem::Cards, ctx);
    auto request = [](const std::string& action, const std::string& params) {
      return "{\"action\": \"" + action + "\", \"version\": 6, \"params\": " + params + "}";
    };
    auto query_params = [](const std::string& q) {
      std::string s;
      ankc::pyjson::dump_string_to(s, q);
      return "{\"query\": " + s + "}";
    };

    // The ids notesInfo/cardsInfo ask for: spread over the whole collection.
    std::vector<int64_t> all_notes = ids_in(floor_ids(db, notes_sql));
    std::vector<int64_t> all_cards = ids_in(floor_ids(db, cards_sql));
    std::vector<int64_t> info_notes = spread(all_notes, o.info_ids), info_cards = spread(all_cards, o.info_ids);
    std::string notes_info_req = request("notesInfo", "{\"notes\": " + ids_json(info_notes) + "}");
    std::string cards_info_req = request("cardsInfo", "{\"cards\": " + ids_json(info_cards) + "}");
    json::value probe = json::parse(bench::post(server.port(), request("notesInfo", "{\"notes\": [" +
                                                                      std::to_string(all_notes.at(0)) + "]}")).body);
    std::string profile(probe.at("result").at(0).at("profile").as_string());

    // cardsInfo's floor: the action in this process on another copy.
    ankc::native::testing::NotesEnv env{ankc::native::testing::NotesEnv::CopyOf{o.collection}};
    auto sync_clock = [&env] {
      env.clock.set(ankc::native::TimestampMillis{
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
              .count()});
    };

    std::vector<Case> cases;
    cases.emplace_back(Case{"findNotes", [&] { return floor_ids(db, notes_sql); },
                     request("findNotes", query_params(o.notes_query))});
    cases.emplace_back(Case{"findCards", [&] { return floor_ids(db, cards_sql); },
                     request("findCards", query_params(o.cards_query))});
    cases.emplace_back(Case{"notesInfo", [&] { return floor_notes_info(db, info_notes, profile); }, notes_info_req});
    cases.emplace_back(Case{"cardsInfo",
                     [&] {
                       sync_clock();
                       return "{\"result\": " + env.call("cardsInfo", "{\"cards\": " + ids_json(info_cards) + "}") +
                              ", \"error\": null}";
                     },
                     cards_info_req, false});
    if (!o.only.empty())
      std::erase_if(cases, [&](const Case& c) { return !o.only.count(c.name); });

    // A warm-up round (page cache, the server's first open), then the timed rounds.
    for (auto& c : cases) {
      c.floor();
      bench::post(server.port(), c.request);
    }
    for (int r = 0; r < o.rounds; ++r) {
      for (auto& c : cases) {
        long long cpu0 = bench::thread_cpu_ns();
        auto t0 = Clock::now();
        std::string floor = c.floor();
        double floor_ms = bench::ms_between(t0, Clock::now());
        double floor_cpu = static_cast<double>(bench::thread_cpu_ns() - cpu0) / 1e6;
        long long run0 = server.run_ns();
        bench::Reply reply = bench::post(server.port(), c.request);
        double server_cpu = static_cast<double>(server.run_ns() - run0) / 1e6;
        if (!reply.ok || reply.status != 200) {
          std::fprintf(stderr, "bigresult_bench: %s: %s (HTTP %d)\n", c.name.c_str(), reply.error.c_str(), reply.status);
          return 1;
        }
        c.floor_ms.push_back(floor_ms);
        c.http_ms.push_back(reply.ms);
        c.ratios.push_back(reply.ms / floor_ms);
        c.floor_cpu_ms.push_back(floor_cpu);
        c.server_cpu_ms.push_back(server_cpu);
        c.cpu_ratios.push_back(server_cpu / floor_cpu);
        c.bytes = reply.body.size();
        if (floor != reply.body && !c.mismatch_reported) {
          c.mismatch_reported = true;
          std::printf("  %s: the floor's bytes differ from the server's%s\n", c.name.c_str(),
                      c.must_match ? " (they should not)" : " (the in-process clock or profile may differ)");
          first_difference(floor, reply.body);
        }
      }
    }
    std::printf("  %-10s %12s %24s %24s %20s\n", "action", "reply bytes", "floor ms", "HTTP ms", "ratio HTTP/floor");
    for (auto& c : cases)
      std::printf("  %-10s %12zu %24s %24s %20s\n", c.name.c_str(), c.bytes, bench::median_range(c.floor_ms, 2).c_str(),
                  bench::median_range(c.http_ms, 2).c_str(), bench::median_range(c.ratios, 2).c_str());
    std::printf("  CPU time (less disturbed by other load): the floor's thread vs the server's threads\n");
    std::printf("  %-10s %12s %24s %24s %20s\n", "action", "", "floor CPU ms", "server CPU ms", "ratio server/floor");
    for (auto& c : cases)
      std::printf("  %-10s %12s %24s %24s %20s\n", c.name.c_str(), "", bench::median_range(c.floor_cpu_ms, 2).c_str(),
                  bench::median_range(c.server_cpu_ms, 2).c_str(), bench::median_range(c.cpu_ratios, 2).c_str());
    for (auto& c : cases)
      std::printf("RESULT name=%s floor_ms=%.2f http_ms=%.2f ratio=%.3f floor_cpu_ms=%.2f server_cpu_ms=%.2f "
                  "cpu_ratio=%.3f bytes=%zu\n",
                  c.name.c_str(), bench::median(c.floor_ms), bench::median(c.http_ms), bench::median(c.ratios),
                  bench::median(c.floor_cpu_ms), bench::median(c.server_cpu_ms), bench::median(c.cpu_ratios), c.bytes);
    sqlite3_close(db);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bigresult_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
