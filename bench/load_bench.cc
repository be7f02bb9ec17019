// load_bench: many clients at once against the real ankiconnectd (any binary), one request per
// connection as AnkiConnect clients do. Prints figures; it is not a test and never fails on them.
//
// Modes:
//   mixed               --clients (64) threads each send, for --seconds (30), requests drawn from --mix
//                       (default addNote:1,findNotes:1,notesInfo:1,updateNoteFields:1) while one more
//                       thread sends `version` every --probe-ms (5) ms. Prints ops/s, p50/p99 per action,
//                       the server's CPU use (from /proc/<pid>/stat), errors, and the probe's p50/p99.
//                       Then, if anything was written, kills the server with SIGKILL, starts it again on
//                       the same files and checks that every acknowledged addNote is there with the
//                       fields of its last acknowledged updateNoteFields.
//   version-under-find  the `version` probe alone for --idle-seconds (5), then the probe while
//                       --clients (16) threads send findNotes(--find-query) for --seconds; prints the
//                       probe's p99 idle, under load, and their ratio (same run).
//
// findNotes asks --find-query: by default `added:1` in mixed mode (the notes the run itself added: reads
// see the writes; on the 100k collection it still joins cards to notes) and `deck:*` (every note: the
// 100k-id answer of issue 11 part 4) in version-under-find mode.
// Every client owns the notes it adds and only ever updates those, so the last acknowledged value of
// each note is known. notesInfo asks for --info-ids (10) random ids of the notes that matched
// --pool-query (deck:*) at the start.
//
// Usage: load_bench --binary <ankiconnectd> --collection <file.anki2> [--mode mixed|version-under-find]
//          [--clients N] [--seconds S] [--idle-seconds S] [--mix a:w,b:w] [--find-query Q]
//          [--pool-query Q] [--info-ids N] [--cpus LIST (taskset -c, the server only)]
//          [--config 'yaml line']... [--probe-ms N] [--no-verify] [--label TEXT] [--client-nice N]
//          [--probe-short-slice] [--probe-fifo]
// --client-nice runs the load clients' threads at that nice value (the `version` probe stays at the
// process's): on a machine where the clients share the cores with the server, it separates the
// server's scheduling from the clients' own CPU contention. Say so when quoting such a figure.
// --probe-short-slice: the `version` probe's thread asks Linux (6.12+, EEVDF) for a 0.1 ms time slice,
// as a latency-sensitive client would, so that it runs as soon as its reply arrives instead of at the
// next tick when the clients and the server keep every core busy. Say so when quoting such a figure.
// --probe-fifo: the `version` probe's thread runs at SCHED_FIFO priority 1 (needs root or CAP_SYS_NICE),
// so it takes a core the moment its reply arrives: the probe then times the server and the loopback,
// not the probe's own wait for a core that the load's clients keep busy. This stands in for a client on
// another machine (the case the server is for); quote it beside the ordinary figure, never alone.
// The server runs with `webBacklog: 511` unless a --config line sets webBacklog, and with the binary's
// default `threads` unless one sets threads. Requests time out after 10 s (counted as errors).
// The last line is `RESULT key=value ...` for scripts (bench/load.sh) to aggregate rounds.
#include <boost/json.hpp>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.h"

namespace json = boost::json;
using bench::Clock;

namespace {

constexpr int kTimeoutMs = 10000;

struct Options {
  std::string binary, collection, mode = "mixed", cpus, label, find_query, pool_query = "deck:*";
  std::vector<std::string> config;
  std::vector<std::pair<std::string, int>> mix = {{"addNote", 1}, {"findNotes", 1}, {"notesInfo", 1},
                                                  {"updateNoteFields", 1}};
  int clients = -1;
  double seconds = 30, idle_seconds = 5;
  int info_ids = 10, probe_ms = 5;
  int client_nice = 0;  // nice of the load clients' threads (the probe keeps the process's)
  bool probe_short_slice = false;
  bool probe_fifo = false;
  bool verify = true;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "load_bench: %s\n(see the header of bench/load_bench.cc for the options)\n", why);
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + a).c_str());
      return argv[++i];
    };
    if (a == "--binary") o.binary = next();
    else if (a == "--collection") o.collection = next();
    else if (a == "--mode") o.mode = next();
    else if (a == "--clients") o.clients = std::stoi(next());
    else if (a == "--seconds") o.seconds = std::stod(next());
    else if (a == "--idle-seconds") o.idle_seconds = std::stod(next());
    else if (a == "--find-query") o.find_query = next();
    else if (a == "--pool-query") o.pool_query = next();
    else if (a == "--info-ids") o.info_ids = std::stoi(next());
    else if (a == "--cpus") o.cpus = next();
    else if (a == "--config") o.config.push_back(next());
    else if (a == "--probe-ms") o.probe_ms = std::stoi(next());
    else if (a == "--no-verify") o.verify = false;
    else if (a == "--label") o.label = next();
    else if (a == "--client-nice") o.client_nice = std::stoi(next());
    else if (a == "--probe-short-slice") o.probe_short_slice = true;
    else if (a == "--probe-fifo") o.probe_fifo = true;
    else if (a == "--mix") {
      o.mix.clear();
      std::string m = next();
      size_t pos = 0;
      while (pos <= m.size()) {
        size_t comma = m.find(',', pos);
        std::string item = m.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        size_t colon = item.find(':');
        int w = colon == std::string::npos ? 1 : std::stoi(item.substr(colon + 1));
        o.mix.emplace_back(item.substr(0, colon), w);
        if (comma == std::string::npos) break;
        pos = comma + 1;
      }
    } else usage(("unknown option " + a).c_str());
  }
  if (o.binary.empty() || o.collection.empty()) usage("--binary and --collection are required");
  if (o.clients < 0) o.clients = o.mode == "mixed" ? 64 : 16;
  if (o.find_query.empty()) o.find_query = o.mode == "mixed" ? "added:1" : "deck:*";
  // AnkiConnect's webBacklog 5 drops SYNs at 64 clients (1 s, 3 s, 7 s... retransmits): measure the
  // server, not the backlog, unless the caller sets it.
  bool has_backlog = false;
  for (const auto& line : o.config) has_backlog |= line.rfind("webBacklog:", 0) == 0;
  if (!has_backlog) o.config.push_back("webBacklog: 511");
  for (auto& [name, w] : o.mix)
    if (name != "addNote" && name != "findNotes" && name != "notesInfo" && name != "updateNoteFields")
      usage(("unknown action in --mix: " + name).c_str());
  return o;
}

std::string request(const std::string& action, const json::object& params) {
  json::object r{{"action", action}, {"version", 6}, {"params", params}};
  return json::serialize(r);
}

// The reply's result, or an error text in `error`.
json::value result_of(const bench::Reply& r, std::string& error) {
  if (!r.ok) {
    error = r.error;
    return nullptr;
  }
  if (r.status != 200) {
    error = "HTTP " + std::to_string(r.status);
    return nullptr;
  }
  boost::system::error_code ec;
  json::value v = json::parse(r.body, ec);
  if (ec || !v.is_object()) {
    error = "unparsable reply: " + r.body.substr(0, 80);
    return nullptr;
  }
  const json::value* e = v.as_object().if_contains("error");
  if (!e || !e->is_null()) {
    error = e && e->is_string() ? std::string(e->get_string()) : "reply without error field";
    return nullptr;
  }
  return v.as_object()["result"];
}

struct Added {
  int64_t id;
  std::string front, back;
  bool uncertain = false;  // an update of it failed: its value may be either
};

struct ClientStats {
  std::map<std::string, std::vector<double>> latencies;
  std::map<std::string, int> errors;
  std::vector<std::string> error_samples;
  std::vector<Added> added;
};

struct Probe {
  std::vector<double> latencies;
  int errors = 0;
};

// sched_setattr(2) with a 0.1 ms slice for the calling thread (see --probe-short-slice).
void ask_short_slice() {
  struct SchedAttr {
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
  } attr{};
  attr.size = sizeof attr;
  attr.runtime = 100'000;
  if (::syscall(SYS_sched_setattr, 0, &attr, 0) != 0)
    std::fprintf(stderr, "load_bench: sched_setattr: %s (the probe keeps its slice)\n", std::strerror(errno));
}

// SCHED_FIFO priority 1 for the calling thread (see --probe-fifo).
void ask_fifo() {
  sched_param param{};
  param.sched_priority = 1;
  if (int rc = ::pthread_setschedparam(::pthread_self(), SCHED_FIFO, &param); rc != 0) {
    std::fprintf(stderr, "load_bench: --probe-fifo: pthread_setschedparam: %s\n", std::strerror(rc));
    std::exit(2);
  }
}

void run_probe(int port, int interval_ms, const Options& o, const std::atomic<bool>& stop, Probe& out) {
  if (o.probe_short_slice) ask_short_slice();
  if (o.probe_fifo) ask_fifo();
  while (!stop.load()) {
    bench::Reply r = bench::post(port, R"({"action": "version", "version": 6})");
    if (r.ok && r.status == 200 && r.body == R"({"result": 6, "error": null})") out.latencies.push_back(r.ms);
    else ++out.errors;
    std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
  }
}

void run_client(int k, const Options& o, int port, const std::vector<int64_t>& pool, const std::atomic<bool>& stop,
                ClientStats& st) {
  if (o.client_nice != 0) ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), o.client_nice);
  std::mt19937_64 rng(0x5eed + static_cast<uint64_t>(k));
  int total_weight = 0;
  for (auto& [n, w] : o.mix) total_weight += w;
  int seq = 0;
  auto fail = [&](const std::string& action, const std::string& err) {
    ++st.errors[action];
    if (st.error_samples.size() < 3) st.error_samples.push_back(action + ": " + err);
  };
  while (!stop.load()) {
    int pick = static_cast<int>(rng() % static_cast<uint64_t>(total_weight));
    std::string action;
    for (auto& [n, w] : o.mix) {
      if (pick < w) {
        action = n;
        break;
      }
      pick -= w;
    }
    if (action == "updateNoteFields" && st.added.empty()) action = "addNote";
    ++seq;
    std::string err;
    if (action == "addNote") {
      Added a{0, "load c" + std::to_string(k) + " n" + std::to_string(seq), "back " + std::to_string(rng() % 100000)};
      json::object note{{"deckName", "Default"},
                        {"modelName", "Basic"},
                        {"fields", json::object{{"Front", a.front}, {"Back", a.back}}},
                        {"tags", json::array{"load_bench"}}};
      bench::Reply r = bench::post(port, request("addNote", {{"note", note}}), kTimeoutMs);
      json::value v = result_of(r, err);
      if (!err.empty() || !v.is_int64()) {
        fail(action, err.empty() ? "no id" : err);
        continue;
      }
      a.id = v.get_int64();
      st.added.push_back(a);
      st.latencies[action].push_back(r.ms);
    } else if (action == "findNotes") {
      bench::Reply r = bench::post(port, request("findNotes", {{"query", o.find_query}}), kTimeoutMs);
      json::value v = result_of(r, err);
      if (!err.empty() || !v.is_array()) {
        fail(action, err.empty() ? "not a list" : err);
        continue;
      }
      st.latencies[action].push_back(r.ms);
    } else if (action == "notesInfo") {
      json::array ids;
      for (int i = 0; i < o.info_ids && !pool.empty(); ++i) ids.push_back(pool[rng() % pool.size()]);
      bench::Reply r = bench::post(port, request("notesInfo", {{"notes", ids}}), kTimeoutMs);
      json::value v = result_of(r, err);
      if (!err.empty() || !v.is_array() || v.as_array().size() != ids.size()) {
        fail(action, err.empty() ? "wrong length" : err);
        continue;
      }
      st.latencies[action].push_back(r.ms);
    } else {  // updateNoteFields of a note this client added
      Added& a = st.added[rng() % st.added.size()];
      std::string front = "upd c" + std::to_string(k) + " s" + std::to_string(seq);
      json::object note{{"id", a.id}, {"fields", json::object{{"Front", front}}}};
      bench::Reply r = bench::post(port, request("updateNoteFields", {{"note", note}}), kTimeoutMs);
      result_of(r, err);
      if (!err.empty()) {
        a.uncertain = true;
        fail(action, err);
        continue;
      }
      a.front = front;
      st.latencies[action].push_back(r.ms);
    }
  }
}

std::vector<int64_t> note_pool(int port, const std::string& query) {
  std::string err;
  json::value v = result_of(bench::post(port, request("findNotes", {{"query", query}})), err);
  std::vector<int64_t> out;
  if (!err.empty() || !v.is_array()) {
    std::fprintf(stderr, "load_bench: pool query failed: %s\n", err.c_str());
    return out;
  }
  for (auto& e : v.as_array())
    if (e.is_int64()) out.push_back(e.get_int64());
  return out;
}

// Every acknowledged addNote present with its last acknowledged fields. Returns the problems found.
int verify(int port, const std::vector<Added>& added, int& checked) {
  int problems = 0;
  checked = 0;
  for (size_t start = 0; start < added.size(); start += 500) {
    size_t end = std::min(added.size(), start + 500);
    json::array ids;
    for (size_t i = start; i < end; ++i) ids.push_back(added[i].id);
    std::string err;
    json::value v = result_of(bench::post(port, request("notesInfo", {{"notes", ids}})), err);
    if (!err.empty() || !v.is_array() || v.as_array().size() != end - start) {
      std::fprintf(stderr, "verify: notesInfo failed: %s\n", err.c_str());
      problems += static_cast<int>(end - start);
      continue;
    }
    for (size_t i = start; i < end; ++i) {
      ++checked;
      const json::value& n = v.as_array()[i - start];
      const Added& a = added[i];
      const json::object* o = n.if_object();
      const json::value* id = o ? o->if_contains("noteId") : nullptr;
      if (!id || !id->is_int64() || id->get_int64() != a.id) {
        if (problems < 5) std::fprintf(stderr, "verify: note %lld is missing\n", static_cast<long long>(a.id));
        ++problems;
        continue;
      }
      const json::value& fields = o->at("fields");
      std::string front(fields.at("Front").at("value").as_string());
      std::string back(fields.at("Back").at("value").as_string());
      if (back != a.back || (front != a.front && !a.uncertain)) {
        if (problems < 5)
          std::fprintf(stderr, "verify: note %lld has Front '%s' (want '%s'), Back '%s' (want '%s')\n",
                       static_cast<long long>(a.id), front.c_str(), a.front.c_str(), back.c_str(), a.back.c_str());
        ++problems;
      }
    }
  }
  return problems;
}

void print_probe(const char* label, const Probe& p, double seconds) {
  bench::Summary s = bench::summarize(p.latencies);
  std::printf("  %-22s %6zu requests (%.0f/s)  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms  errors %d\n", label, s.n,
              static_cast<double>(s.n) / seconds, s.p50, s.p99, s.max, p.errors);
}

int mixed(const Options& o, bench::Server& server) {
  std::vector<int64_t> pool = note_pool(server.port(), o.pool_query);
  std::printf("load_bench mixed: %d clients, %.0f s, mix", o.clients, o.seconds);
  for (auto& [n, w] : o.mix) std::printf(" %s:%d", n.c_str(), w);
  std::printf(", findNotes '%s', notesInfo of %d ids from %zu notes, server cpus '%s'\n", o.find_query.c_str(),
              o.info_ids, pool.size(), o.cpus.empty() ? "all" : o.cpus.c_str());
  std::atomic<bool> stop{false};
  std::vector<ClientStats> stats(static_cast<size_t>(o.clients));
  Probe probe;
  double cpu0 = server.cpu_seconds();
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int k = 0; k < o.clients; ++k)
    threads.emplace_back(run_client, k, std::cref(o), server.port(), std::cref(pool), std::cref(stop),
                         std::ref(stats[static_cast<size_t>(k)]));
  std::thread probe_thread(run_probe, server.port(), o.probe_ms, std::cref(o), std::cref(stop), std::ref(probe));
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  stop = true;
  for (auto& t : threads) t.join();
  probe_thread.join();
  double wall = bench::ms_between(t0, Clock::now()) / 1000;
  double cpu = server.cpu_seconds() - cpu0;

  std::map<std::string, std::vector<double>> lat;
  std::map<std::string, int> errors;
  std::vector<Added> added;
  std::vector<std::string> samples;
  for (auto& s : stats) {
    for (auto& [a, v] : s.latencies) lat[a].insert(lat[a].end(), v.begin(), v.end());
    for (auto& [a, n] : s.errors) errors[a] += n;
    added.insert(added.end(), s.added.begin(), s.added.end());
    for (auto& e : s.error_samples)
      if (samples.size() < 5) samples.push_back(e);
  }
  size_t ops = 0;
  int total_errors = 0;
  for (auto& [a, v] : lat) ops += v.size();
  for (auto& [a, n] : errors) total_errors += n;
  std::printf("  %-22s %8s %9s %10s %10s %7s\n", "action", "ok", "ops/s", "p50 ms", "p99 ms", "errors");
  std::string result = "RESULT mode=mixed";
  for (auto& [a, w] : o.mix) {
    bench::Summary s = bench::summarize(lat[a]);
    std::printf("  %-22s %8zu %9.1f %10.2f %10.2f %7d\n", a.c_str(), s.n, static_cast<double>(s.n) / wall, s.p50,
                s.p99, errors[a]);
    char buf[256];
    std::snprintf(buf, sizeof buf, " %s_ops=%.1f %s_p50=%.2f %s_p99=%.2f", a.c_str(), static_cast<double>(s.n) / wall,
                  a.c_str(), s.p50, a.c_str(), s.p99);
    result += buf;
  }
  std::printf("  total: %zu ops in %.1f s = %.1f ops/s, errors %d; server CPU %.1f s = %.2f cores\n", ops, wall,
              static_cast<double>(ops) / wall, total_errors, cpu, cpu / wall);
  for (auto& e : samples) std::printf("  error: %s\n", e.c_str());
  print_probe("version during load", probe, wall);
  bench::Summary ps = bench::summarize(probe.latencies);
  char buf[512];
  std::snprintf(buf, sizeof buf, " ops=%.1f errors=%d cores=%.2f version_p50=%.2f version_p99=%.2f version_errors=%d",
                static_cast<double>(ops) / wall, total_errors, cpu / wall, ps.p50, ps.p99, probe.errors);
  result += buf;

  if (o.verify && !added.empty()) {
    server.stop(SIGKILL);
    server.restart();
    int checked = 0;
    int problems = verify(server.port(), added, checked);
    std::printf("  after SIGKILL and restart: %d acknowledged notes checked, %d missing or wrong\n", checked, problems);
    result += " verified=" + std::to_string(checked) + " lost=" + std::to_string(problems);
  }
  if (!o.label.empty()) result += " label=" + o.label;
  std::printf("%s\n", result.c_str());
  return 0;
}

int version_under_find(const Options& o, bench::Server& server) {
  std::printf("load_bench version-under-find: probe every %d ms; idle %.0f s, then %d clients findNotes('%s') for %.0f s\n",
              o.probe_ms, o.idle_seconds, o.clients, o.find_query.c_str(), o.seconds);
  std::atomic<bool> stop{false};
  Probe idle;
  std::thread t(run_probe, server.port(), o.probe_ms, std::cref(o), std::cref(stop), std::ref(idle));
  std::this_thread::sleep_for(std::chrono::duration<double>(o.idle_seconds));
  stop = true;
  t.join();

  Options find_only = o;
  find_only.mix = {{"findNotes", 1}};
  std::vector<int64_t> pool;
  std::vector<ClientStats> stats(static_cast<size_t>(o.clients));
  stop = false;
  Probe loaded;
  double cpu0 = server.cpu_seconds();
  auto t0 = Clock::now();
  std::vector<std::thread> threads;
  for (int k = 0; k < o.clients; ++k)
    threads.emplace_back(run_client, k, std::cref(find_only), server.port(), std::cref(pool), std::cref(stop),
                         std::ref(stats[static_cast<size_t>(k)]));
  // Let every client have a request in flight before probing.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::thread probe_thread(run_probe, server.port(), o.probe_ms, std::cref(o), std::cref(stop), std::ref(loaded));
  std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));
  stop = true;
  for (auto& th : threads) th.join();
  probe_thread.join();
  double wall = bench::ms_between(t0, Clock::now()) / 1000;
  double cpu = server.cpu_seconds() - cpu0;
  std::vector<double> find_lat;
  int find_errors = 0;
  for (auto& s : stats) {
    find_lat.insert(find_lat.end(), s.latencies["findNotes"].begin(), s.latencies["findNotes"].end());
    find_errors += s.errors["findNotes"];
  }
  bench::Summary fs = bench::summarize(find_lat);
  print_probe("version idle", idle, o.idle_seconds);
  print_probe("version under load", loaded, wall);
  std::printf("  findNotes: %zu ok (%.1f/s), p50 %.2f ms, p99 %.2f ms, errors %d; server CPU %.2f cores\n", fs.n,
              static_cast<double>(fs.n) / wall, fs.p50, fs.p99, find_errors, cpu / wall);
  bench::Summary is = bench::summarize(idle.latencies), ls = bench::summarize(loaded.latencies);
  double ratio = is.p99 > 0 ? ls.p99 / is.p99 : 0;
  std::printf("  version p99 under load / idle: %.2fx\n", ratio);
  std::printf("RESULT mode=version-under-find idle_p50=%.2f idle_p99=%.2f load_p50=%.2f load_p99=%.2f ratio_p99=%.2f "
              "find_ops=%.1f find_p99=%.2f errors=%d%s\n",
              is.p50, is.p99, ls.p50, ls.p99, ratio, static_cast<double>(fs.n) / wall, fs.p99,
              find_errors + idle.errors + loaded.errors, o.label.empty() ? "" : (" label=" + o.label).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_args(argc, argv);
  ::signal(SIGPIPE, SIG_IGN);
  try {
    bench::ScratchDir dir("ankc-load-bench");
    bench::Server server({.binary = o.binary, .dir = dir.path(), .collection = o.collection, .cpus = o.cpus,
                          .config = o.config});
    std::printf("load_bench: %s; binary %s; config:", bench::conditions().c_str(), o.binary.c_str());
    for (const auto& line : o.config) std::printf(" '%s'", line.c_str());
    std::printf("\n");
    if (o.mode == "mixed") return mixed(o, server);
    if (o.mode == "version-under-find") return version_under_find(o, server);
    usage("unknown --mode");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "load_bench: %s\n", e.what());
    return 1;
  }
}
