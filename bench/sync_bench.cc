// sync_bench: how long ankiconnectd's sync client takes against the loopback sync server. Prints
// figures (median, min–max over rounds); not a test.
//
//   sync_bench --big FILE [--rounds N] [--counts 1,100,10000] [--work DIR] [--only normal|full|phases]
//
// FILE is a 100k-note collection (bench/sync_bench.sh builds one with search_bench, as bench/run.sh
// does). Everything runs on this machine over loopback HTTP:
//   - the sync server is the project's own SyncService (backends/native/sync/server), served in this
//     process by a copy of sync_server.cc's Pistache handler that also times each request (so the
//     server's share is measured without touching the server's code);
//   - the client is the real ankiconnectd binary (tests/harness.h starts it), one daemon per scenario,
//     its profile folder pointing at a copy of the collection; automatic sync is off
//     (syncAfterChangesSeconds 0, syncIntervalMinutes 0, syncOnStart false) so only the timed request
//     syncs.
// 1. Normal sync: the daemon's collection (the 100k file, then `fullSync upload` so client and server
//    agree) gets N notes through `addNotes` (not timed), then `sync` is timed end to end (the HTTP
//    request to ankiconnectd until its answer) together with the server's time inside SyncService
//    (sum over the sync's requests) and the client's own figure from its log line.
// 2. Full sync, each round on a fresh server and fresh daemons: `fullSync upload` of a copy of the
//    collection, then `fullSync download` into a daemon with an empty profile; beside them, in the same
//    round, `cp FILE` and `zstd -3 FILE` (the client's level, protocol/wire.cc), and `zstd -d` of that.
//    The ratio full sync / (cp + zstd -3) is taken per round, so every ratio compares timings taken
//    under the same machine load.
#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/net.h>
#include <sqlite3.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <sstream>
#include <thread>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/dbcheck/invariant_sql.h"
#include "backends/native/storage/sync/sync.h"
#include "backends/native/sync/protocol/wire.h"
#include "backends/native/sync/server/service.h"
#include "tests/harness.h"

namespace fs = std::filesystem;
using ankc::native::sync::SyncReply;
using ankc::native::sync::SyncService;
using ankc::native::sync::SyncUser;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kHostKey = "b2619aa1529dfdc4248e6edbf3c1b2a2b014cf6d";  // user:pass

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// ---- the loopback server, timed ------------------------------------------------------------------

struct ServerStats {
  std::mutex mu;
  double ms = 0;                      // inside SyncService::handle, summed
  std::map<std::string, double> by;   // per path
  size_t requests = 0, bytes_in = 0, bytes_out = 0;
  void reset() {
    std::lock_guard lock(mu);
    ms = 0, by.clear(), requests = bytes_in = bytes_out = 0;
  }
};

// As in sync_server.cc: Pistache 0.0.5 writes typed headers only.
class OriginalSize : public Pistache::Http::Header::Header {
 public:
  NAME("anki-original-size")
  OriginalSize() = default;
  explicit OriginalSize(size_t size) : size_(size) {}
  void parse(const std::string& data) override { size_ = std::stoull(data); }
  void write(std::ostream& os) const override { os << size_; }

 private:
  size_t size_ = 0;
};

class TimedHandler : public Pistache::Http::Handler {
 public:
  HTTP_PROTOTYPE(TimedHandler)
  TimedHandler(std::shared_ptr<SyncService> service, std::shared_ptr<ServerStats> stats)
      : service_(std::move(service)), stats_(std::move(stats)) {}

  void onRequest(const Pistache::Http::Request& request, Pistache::Http::ResponseWriter response) override {
    std::optional<std::string> header;
    if (auto raw = request.headers().tryGetRaw("anki-sync")) header = raw->value();
    std::string method = Pistache::Http::methodString(request.method());
    auto t0 = Clock::now();
    SyncReply reply = service_->handle(method, request.resource(), header, request.body());
    double ms = ms_since(t0);
    {
      std::lock_guard lock(stats_->mu);
      stats_->ms += ms;
      stats_->by[request.resource()] += ms;
      ++stats_->requests;
      stats_->bytes_in += request.body().size();
      stats_->bytes_out += reply.body.size();
    }
    if (reply.original_size) response.headers().add<OriginalSize>(*reply.original_size);
    auto mime = reply.status < 300 ? MIME(Application, OctetStream) : MIME(Text, Plain);
    response.send(static_cast<Pistache::Http::Code>(reply.status), reply.body, mime);
  }

 private:
  std::shared_ptr<SyncService> service_;
  std::shared_ptr<ServerStats> stats_;
};

// SyncServer's setup (sync_server.cc) with the timed handler: 2 threads, 100 MiB payloads.
class BenchServer {
 public:
  explicit BenchServer(const fs::path& base) {
    size_t max_bytes = size_t{100} << 20;
    service_ = std::make_shared<SyncService>(base, std::vector<SyncUser>{{"user", "pass"}}, max_bytes, clock_,
                                             random_);
    endpoint_ = std::make_unique<Pistache::Http::Endpoint>(Pistache::Address("127.0.0.1", Pistache::Port(0)));
    endpoint_->init(Pistache::Http::Endpoint::options()
                        .threads(2)
                        .flags(Pistache::Tcp::Options::ReuseAddr)
                        .maxRequestSize(max_bytes + (1u << 20))
                        .maxResponseSize(3 * max_bytes + (1u << 20)));
    endpoint_->setHandler(Pistache::Http::make_handler<TimedHandler>(service_, stats));
    endpoint_->serveThreaded();
    port_ = static_cast<uint16_t>(endpoint_->getPort());
  }
  ~BenchServer() {
    endpoint_->shutdown();
    endpoint_.reset();
    service_.reset();
  }
  uint16_t port() const { return port_; }
  std::shared_ptr<ServerStats> stats = std::make_shared<ServerStats>();

 private:
  ankc::native::SystemClock clock_;
  ankc::native::SeededRandom random_ = ankc::native::SeededRandom::make_system();
  std::shared_ptr<SyncService> service_;
  std::unique_ptr<Pistache::Http::Endpoint> endpoint_;
  uint16_t port_ = 0;
};

// ---- the client ----------------------------------------------------------------------------------

std::string daemon_config(const fs::path& profile, uint16_t server_port) {
  return "logLevel: info\nthreads: 2\nprofiles:\n  bench: " + profile.string() +
         "\nsyncEndpoint: http://127.0.0.1:" + std::to_string(server_port) + "/\nsyncKey: " + kHostKey +
         "\nsyncUser: user\nsyncAfterChangesSeconds: 0\nsyncIntervalMinutes: 0\nsyncOnStart: false\n"
         "syncTimeoutSeconds: 600\n";
}

ankc::test::Daemon::Options daemon_options(const fs::path& profile, uint16_t server_port) {
  ankc::test::Daemon::Options o;
  o.config = daemon_config(profile, server_port);
  return o;
}

struct Answer {
  double ms;
  std::string body;
};

Answer call(const ankc::test::Daemon& daemon, const std::string& body) {
  auto t0 = Clock::now();
  auto r = daemon.send(ankc::test::request_bytes(body), 15 * 60 * 1000);
  double ms = ms_since(t0);
  if (r.status() != 200) {
    std::string log = daemon.log();
    throw std::runtime_error("HTTP '" + r.status_line + "' for " + body.substr(0, 80) + "; the daemon " +
                             (const_cast<ankc::test::Daemon&>(daemon).running() ? "runs" : "is gone") +
                             ", its log ends: " + log.substr(log.size() > 1500 ? log.size() - 1500 : 0));
  }
  return {ms, r.body};
}

void expect_null_result(const Answer& a, const std::string& what) {
  if (a.body.find("\"error\": null") == std::string::npos)
    throw std::runtime_error(what + " failed: " + a.body.substr(0, 400));
}

// The client's own figures from its last "sync (...)" log line: the ms at the end and the counts.
std::string last_sync_line(const ankc::test::Daemon& daemon) {
  std::string log = daemon.log(), line;
  std::istringstream in(log);
  for (std::string l; std::getline(in, l);)
    if (l.find("sync (") != std::string::npos) line = l;
  return line;
}
double line_ms(const std::string& line) {
  std::smatch m;
  static const std::regex re(", ([0-9]+) ms");
  return std::regex_search(line, m, re) ? std::stod(m[1]) : -1;
}

std::string add_notes_body(int n, int round, int base) {
  std::string body = R"({"action": "addNotes", "version": 6, "params": {"notes": [)";
  for (int i = 0; i < n; ++i) {
    if (i) body += ',';
    std::string tag = std::to_string(base) + "-" + std::to_string(round) + "-" + std::to_string(i);
    body += R"({"deckName": "Default", "modelName": "Basic", "fields": {"Front": "sync bench )" + tag +
            R"(", "Back": "back of )" + tag + R"( with a few more words"}, "tags": ["syncbench"]})";
  }
  body += "]}}";
  return body;
}

// ---- figures -------------------------------------------------------------------------------------

std::string fmt(double v, int prec = 1) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", prec, v);
  return buf;
}

// "median (min–max)"
std::string summary(std::vector<double> v, int prec = 1) {
  if (v.empty()) return "-";
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  double med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  return fmt(med, prec) + " (" + fmt(v.front(), prec) + "–" + fmt(v.back(), prec) + ")";
}

double timed_command(const std::string& cmd) {
  auto t0 = Clock::now();
  int rc = std::system(cmd.c_str());
  double ms = ms_since(t0);
  if (rc != 0) throw std::runtime_error("failed: " + cmd);
  return ms;
}

void copy_collection(const fs::path& from, const fs::path& folder) {
  fs::remove_all(folder);
  fs::create_directories(folder);
  fs::copy_file(from, folder / "collection.anki2");
}

// search_bench's collection was never modified (col.mod = scm = 0, which a server with an empty
// collection takes as "no changes"): a copy with mod and scm set to now, like a collection in use.
fs::path prepare_base(const fs::path& big, const fs::path& work) {
  fs::path base = work / "base.anki2";
  fs::remove(base);
  fs::copy_file(big, base);
  sqlite3* db = nullptr;
  if (sqlite3_open(base.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + base.string());
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  std::string sql = "UPDATE col SET mod = " + std::to_string(now) + ", scm = " + std::to_string(now);
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string why = err ? err : "?";
    sqlite3_free(err);
    sqlite3_close(db);
    throw std::runtime_error("cannot prepare " + base.string() + ": " + why);
  }
  sqlite3_close(db);
  return base;
}

// ---- scenarios -----------------------------------------------------------------------------------

void normal_sync(const fs::path& big, const fs::path& work, int rounds, const std::vector<int>& counts) {
  fs::path base = work / "normal-server", profile = work / "normal-client";
  fs::remove_all(base);
  copy_collection(big, profile);
  BenchServer server(base);
  ankc::test::Daemon daemon(daemon_options(profile, server.port()));
  auto up = call(daemon, R"({"action": "fullSync", "version": 6, "params": {"mode": "upload"}})");
  expect_null_result(up, "fullSync upload");
  std::printf("normal sync: base collection uploaded in %.0f ms; %d rounds per count\n", up.ms, rounds);
  std::printf("| changed notes | `sync` end to end, ms | client's own (log), ms | server inside SyncService, ms | "
              "requests | objects sent |\n|---|---|---|---|---|---|\n");
  for (int n : counts) {
    std::vector<double> total, client, server_ms;
    std::string requests, sent;
    for (int r = 0; r < rounds; ++r) {
      auto added = call(daemon, add_notes_body(n, r, n));
      if (added.body.find("null") != std::string::npos && added.body.find("\"error\": null") == std::string::npos)
        throw std::runtime_error("addNotes failed: " + added.body.substr(0, 300));
      server.stats->reset();
      auto s = call(daemon, R"({"action": "sync", "version": 6})");
      expect_null_result(s, "sync");
      total.push_back(s.ms);
      std::string line = last_sync_line(daemon);
      client.push_back(line_ms(line));
      {
        std::lock_guard lock(server.stats->mu);
        server_ms.push_back(server.stats->ms);
        requests = std::to_string(server.stats->requests);
      }
      std::smatch m;
      if (std::regex_search(line, m, std::regex("sent ([0-9]+) objects"))) sent = m[1];
      if (r == 0 && std::getenv("SYNC_BENCH_VERBOSE")) {
        std::lock_guard lock(server.stats->mu);
        std::fprintf(stderr, "%s\n", line.c_str());
        for (auto& [path, ms] : server.stats->by) std::fprintf(stderr, "  server %s %.1f ms\n", path.c_str(), ms);
      }
    }
    std::printf("| %d | %s | %s | %s | %s | %s |\n", n, summary(total).c_str(), summary(client).c_str(),
                summary(server_ms).c_str(), requests.c_str(), sent.c_str());
    std::fflush(stdout);
  }
}

void full_sync(const fs::path& big, const fs::path& work, int rounds) {
  std::printf("full sync of %s (%.1f MB), %d rounds, each on a fresh server and fresh daemons\n", big.c_str(),
              fs::file_size(big) / 1e6, rounds);
  std::vector<double> up, up_client, up_server, down, down_client, down_server, cp, z3, zd, up_ratio, down_ratio;
  std::string up_line, down_line;
  size_t zsize = 0;
  for (int r = 0; r < rounds; ++r) {
    fs::path base = work / "full-server", a = work / "full-a", b = work / "full-b";
    fs::remove_all(base);
    fs::remove_all(b);
    fs::create_directories(b);
    copy_collection(big, a);
    // The floors first, on the same file, in the same round.
    fs::path copy = work / "cp.anki2", z = work / "cp.anki2.zst", unz = work / "unz.anki2";
    fs::remove(copy);
    double t_cp = timed_command("cp '" + big.string() + "' '" + copy.string() + "'");
    double t_z3 = timed_command("zstd -q -f -3 '" + big.string() + "' -o '" + z.string() + "'");
    double t_zd = timed_command("zstd -q -f -d '" + z.string() + "' -o '" + unz.string() + "'");
    zsize = fs::file_size(z);
    fs::remove(copy), fs::remove(z), fs::remove(unz);
    cp.push_back(t_cp), z3.push_back(t_z3), zd.push_back(t_zd);

    BenchServer server(base);
    {
      ankc::test::Daemon da(daemon_options(a, server.port()));
      server.stats->reset();
      auto u = call(da, R"({"action": "fullSync", "version": 6, "params": {"mode": "upload"}})");
      expect_null_result(u, "fullSync upload");
      up.push_back(u.ms);
      up_line = last_sync_line(da);
      up_client.push_back(line_ms(up_line));
      std::lock_guard lock(server.stats->mu);
      up_server.push_back(server.stats->ms);
    }
    {
      ankc::test::Daemon db(daemon_options(b, server.port()));
      server.stats->reset();
      auto d = call(db, R"({"action": "fullSync", "version": 6, "params": {"mode": "download"}})");
      expect_null_result(d, "fullSync download");
      down.push_back(d.ms);
      down_line = last_sync_line(db);
      down_client.push_back(line_ms(down_line));
      {
        std::lock_guard lock(server.stats->mu);
        down_server.push_back(server.stats->ms);
      }
      // The downloaded collection answers like the uploaded one.
      auto found = call(db, R"({"action": "findNotes", "version": 6, "params": {"query": "deck:*"}})");
      auto close = found.body.find(']');
      size_t ids = close == std::string::npos ? 0 : std::count(found.body.begin(), found.body.begin() + close, ',') + 1;
      if (ids != 100000) throw std::runtime_error("downloaded collection has " + std::to_string(ids) + " notes");
    }
    up_ratio.push_back(up.back() / (t_cp + t_z3));
    down_ratio.push_back(down.back() / (t_cp + t_z3));
    std::fprintf(stderr, "round %d: upload %.0f ms, download %.0f ms, cp %.0f ms, zstd -3 %.0f ms, zstd -d %.0f ms\n",
                 r + 1, up.back(), down.back(), t_cp, t_z3, t_zd);
  }
  std::printf("zstd -3 output %.1f MB; last upload: %s\nlast download: %s\n", zsize / 1e6, up_line.c_str(),
              down_line.c_str());
  std::printf("| what | ms, median (min–max) | ratio to cp + zstd -3, median (min–max) |\n|---|---|---|\n");
  std::printf("| `fullSync upload` end to end | %s | %s |\n", summary(up).c_str(), summary(up_ratio, 2).c_str());
  std::printf("| … client's own (log) | %s | |\n", summary(up_client).c_str());
  std::printf("| … server inside SyncService | %s | |\n", summary(up_server).c_str());
  std::printf("| `fullSync download` end to end | %s | %s |\n", summary(down).c_str(),
              summary(down_ratio, 2).c_str());
  std::printf("| … client's own (log) | %s | |\n", summary(down_client).c_str());
  std::printf("| … server inside SyncService | %s | |\n", summary(down_server).c_str());
  std::printf("| `cp` | %s | |\n| `zstd -3` | %s | |\n| `zstd -d` | %s | |\n", summary(cp).c_str(),
              summary(z3).c_str(), summary(zd).c_str());
}

// The steps of a full sync one by one, with the project's own functions where it has them and the
// same file operations as full_sync.cc and account.cc otherwise (re-stated here: they are private
// there), to see where the time of a full upload/download goes. Same machine, same load, same file.
void phases(const fs::path& big, const fs::path& work, int rounds) {
  namespace storage = ankc::native::storage;
  namespace wire = ankc::native::sync;
  std::vector<std::pair<std::string, std::vector<double>>> rows;
  auto add = [&](const std::string& name, double ms) {
    for (auto& [n, v] : rows)
      if (n == name) return v.push_back(ms);
    rows.push_back({name, {ms}});
  };
  auto timed = [&](const std::string& name, const std::function<void()>& f) {
    auto t0 = Clock::now();
    f();
    add(name, ms_since(t0));
  };
  auto read_istreambuf = [](const fs::path& p) {  // full_sync.cc read_file, account.cc download
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  for (int r = 0; r < rounds; ++r) {
    fs::path live = work / "phase-live.anki2", copy = work / "phase-upload.anki2", down = work / "phase-down.anki2";
    for (const fs::path& p : {live, copy, down}) fs::remove(p);
    fs::copy_file(big, live);
    std::string bytes, z;
    {
      auto db = storage::Db::open(live, false);
      timed("client upload: VACUUM INTO", [&] { db->exec("VACUUM INTO '" + copy.string() + "'"); });
      db->close();
    }
    {
      auto db = storage::Db::open(copy, false);
      timed("client upload: prepare_full_upload (one transaction)", [&] {
        db->exec("BEGIN");
        storage::prepare_full_upload(*db, 1765000000000);
        db->exec("COMMIT");
      });
      timed("client upload: ANALYZE", [&] { db->exec("ANALYZE"); });
      db->close();
    }
    timed("read the file, istreambuf_iterator (client upload before 245adcb; server download)", [&] { bytes = read_istreambuf(copy); });
    timed("read the file, one read into a sized string (client upload since 245adcb)", [&] {
      std::ifstream in(copy, std::ios::binary);
      std::string b(fs::file_size(copy), '\0');
      in.read(b.data(), static_cast<std::streamsize>(b.size()));
    });
    timed("client upload: zstd level 3 (transport)", [&] { z = wire::zstd_compress(bytes, 3); });
    timed("server upload: zstd decompress", [&] { bytes = wire::zstd_decompress(z, size_t{300} << 20); });
    timed("client download: write + fsync", [&] {
      std::ofstream out(down, std::ios::binary | std::ios::trunc);
      out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
      out.close();
      int fd = ::open(down.c_str(), O_WRONLY);
      ::fsync(fd);
      ::close(fd);
    });
    {
      auto db = storage::Db::open(down, false);
      timed("integrity_check (client download; server upload too)", [&] { storage::integrity_problems(*db); });
      db->close();
    }
    timed("server download: read the file, istreambuf_iterator (account.cc)", [&] { bytes = read_istreambuf(down); });
    for (const fs::path& p : {live, copy, down}) fs::remove(p);
  }
  std::printf("full sync steps, %d rounds (ms, median (min–max)):\n| step | ms |\n|---|---|\n", rounds);
  for (auto& [name, v] : rows) std::printf("| %s | %s |\n", name.c_str(), summary(v).c_str());
}

// The ms of the daemon's n-th "media sync (" log line (1-based), waiting for it up to 10 minutes.
double media_line_ms(const ankc::test::Daemon& daemon, size_t n) {
  auto deadline = Clock::now() + std::chrono::minutes(10);
  while (Clock::now() < deadline) {
    std::string log = daemon.log();
    size_t count = 0, at = std::string::npos;
    for (size_t i = log.find("media sync ("); i != std::string::npos; i = log.find("media sync (", i + 1)) ++count, at = i;
    if (count >= n) {
      std::string line = log.substr(at, log.find('\n', at) - at);
      if (line.find(" failed after ") != std::string::npos) throw std::runtime_error("media sync failed: " + line);
      return line_ms(line);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  throw std::runtime_error("no media sync line within 10 minutes");
}

// Media: 1,000 files of 50 KB written into A's media folder, synced up (scan, hash, upload) and down to
// B (download), against `cp -r` of the same folder.
void media_sync_bench(const fs::path& big, const fs::path& work, int rounds) {
  constexpr int kFiles = 1000;
  constexpr size_t kBytes = 50 * 1024;
  std::printf("media sync of %d files of %zu KB, %d rounds, each on a fresh server and fresh daemons\n", kFiles,
              kBytes / 1024, rounds);
  std::vector<double> up, down, cp;
  for (int r = 0; r < rounds; ++r) {
    fs::path base = work / "media-server", a = work / "media-a", b = work / "media-b";
    for (const auto& p : {base, a, b}) fs::remove_all(p);
    fs::create_directories(a / "collection.media");
    fs::create_directories(b / "collection.media");
    BenchServer server(base);
    ankc::test::Daemon da(daemon_options(a, server.port()));
    ankc::test::Daemon db(daemon_options(b, server.port()));
    expect_null_result(call(da, R"({"action": "sync", "version": 6})"), "sync A");
    media_line_ms(da, 1);
    expect_null_result(call(db, R"({"action": "sync", "version": 6})"), "sync B");
    media_line_ms(db, 1);
    std::string data(kBytes, '\0');
    for (int i = 0; i < kFiles; ++i) {
      for (size_t k = 0; k < data.size(); ++k) data[k] = static_cast<char>((k * 131 + i * 7919 + r) >> 3);
      std::ofstream(a / "collection.media" / ("file" + std::to_string(i) + ".bin"), std::ios::binary) << data;
    }
    expect_null_result(call(da, R"({"action": "sync", "version": 6})"), "sync A");
    up.push_back(media_line_ms(da, 2));
    expect_null_result(call(db, R"({"action": "sync", "version": 6})"), "sync B");
    down.push_back(media_line_ms(db, 2));
    fs::remove_all(work / "media-copy");
    cp.push_back(timed_command("cp -r '" + (a / "collection.media").string() + "' '" + (work / "media-copy").string() + "'"));
    fs::remove_all(work / "media-copy");
  }
  std::printf("| what | ms, median (min-max) | files/s (median) |\n|---|---|---|\n");
  auto rate = [&](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return fmt(kFiles / (v[v.size() / 2] / 1000.0), 0);
  };
  std::printf("| media sync up (scan + hash + upload) | %s | %s |\n", summary(up).c_str(), rate(up).c_str());
  std::printf("| media sync down (download) | %s | %s |\n", summary(down).c_str(), rate(down).c_str());
  std::printf("| cp -r of the folder | %s | %s |\n", summary(cp).c_str(), rate(cp).c_str());
  std::fflush(stdout);
  for (const char* p : {"media-server", "media-a", "media-b"}) fs::remove_all(work / p);
}

std::vector<int> parse_counts(const std::string& text) {
  std::vector<int> out;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) out.push_back(std::stoi(part));
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path big, work;
  int rounds = 5;
  std::vector<int> counts{1, 100, 10000};
  std::string only;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--big") big = next();
    else if (a == "--rounds") rounds = std::stoi(next());
    else if (a == "--counts") counts = parse_counts(next());
    else if (a == "--work") work = next();
    else if (a == "--only") only = next();
    else {
      std::fprintf(stderr, "usage: sync_bench --big FILE [--rounds N] [--counts 1,100,10000] [--work DIR] "
                           "[--only normal|full|phases|media]\n");
      return 2;
    }
  }
  try {
    if (big.empty() || !fs::exists(big)) throw std::runtime_error("--big FILE: a 100k-note collection is needed");
    big = fs::absolute(big);
    bool own_work = work.empty();
    if (own_work) work = fs::absolute(big.parent_path() / "sync-bench-work");
    fs::create_directories(work);
    big = prepare_base(big, work);
    if (only.empty() || only == "normal") normal_sync(big, work, rounds, counts);
    if (only.empty() || only == "full") full_sync(big, work, rounds);
    if (only.empty() || only == "phases") phases(big, work, rounds);
    if (only.empty() || only == "media") media_sync_bench(big, work, rounds);
    if (own_work) fs::remove_all(work);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sync_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
