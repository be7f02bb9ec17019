// Support for the benchmark programs (load_bench, bigresult_bench): an ankiconnectd started from any
// binary path (so a figure can be re-taken on another build or branch), one-request-per-connection
// HTTP over raw sockets, latency summaries and the server's CPU time from /proc.
//
//   bench::Server server({.binary = "build/src/ankiconnectd", .collection = "big.anki2", .cpus = "0"});
//   bench::Reply r = bench::post(server.port(), R"({"action": "version", "version": 6})");
//
// Nothing here is a test: the programs print figures and never fail on them.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

using Clock = std::chrono::steady_clock;

inline double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// A temporary folder (under $TMPDIR or /tmp) removed with everything in it on destruction.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A running ankiconnectd with its own config and data folder (inside `dir`). `collection`, when set,
// is copied to <data>/collection.anki2 first; `cpus`, when set, runs it under `taskset -c <cpus>`.
class Server {
 public:
  struct Options {
    std::string binary;                // path of the ankiconnectd to run
    std::filesystem::path dir;         // where config.yaml, data/ and server.log go (must exist)
    std::string collection;            // a collection file to copy in ("" = none: an empty data dir)
    std::string cpus;                  // taskset -c list ("" = no pinning)
    std::vector<std::string> config;   // extra YAML lines (logLevel defaults to error)
  };
  explicit Server(Options options);
  // Stops it (SIGTERM, then SIGKILL after 10 s).
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::filesystem::path data_dir() const { return options_.dir / "data"; }
  // Sends `signal` and waits for the exit. SIGKILL simulates a crash.
  void stop(int signal);
  // Starts it again on the same data folder and port (after stop()).
  void restart();
  // CPU seconds (user + system) the server has used so far, from /proc/<pid>/stat (10 ms ticks).
  double cpu_seconds() const;
  // Nanoseconds the server's threads have run so far (sum of /proc/<pid>/task/*/schedstat): precise
  // enough for one request, unlike cpu_seconds(). Threads that ended are not counted.
  long long run_ns() const;

 private:
  void start();
  Options options_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// One answered request: the status, the body, and how long connect..close took.
struct Reply {
  bool ok = false;          // a complete HTTP response arrived (any status)
  int status = 0;
  std::string body;
  double ms = 0;
  std::string error;        // why !ok
};

// POSTs `body` to 127.0.0.1:port on a new connection and reads until the server closes.
Reply post(int port, std::string_view body, int timeout_ms = 60000);

// A loopback port that was free a moment ago.
int free_port();

// Nanoseconds of CPU the calling thread has used (CLOCK_THREAD_CPUTIME_ID).
long long thread_cpu_ns();

// Latency summary of a set of samples (ms).
struct Summary {
  size_t n = 0;
  double p50 = 0, p99 = 0, min = 0, max = 0, mean = 0;
};
Summary summarize(std::vector<double> samples);

// Median and range of a few rounds' figures, printed "median (min–max)".
std::string median_range(std::vector<double> values, int decimals = 1);
double median(std::vector<double> values);

// "2026-12-07T02:10:00Z, 2 cores, load average 1.23 0.98 0.75" — the conditions of a run.
std::string conditions();

}  // namespace bench
