// End-to-end test harness: runs the real ankiconnectd binary on a free loopback port with a temporary
// config file and data folder, and talks to it with a raw-socket HTTP client so tests compare bytes.
//
//   ankc::test::Daemon daemon({.config = "apiKey: abc\n"});
//   auto r = daemon.post(R"({"action": "version", "version": 6, "key": "abc"})");
//   CHECK(r.raw == "HTTP/1.1 200 OK\r\n...");
//
// The binary's path comes from the ANKICONNECTD_BINARY compile definition (tests/CMakeLists.txt).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ankc::test {

// One HTTP response as received, split but not interpreted.
struct RawResponse {
  std::string raw;          // every byte received until the server closed (or the timeout)
  std::string status_line;  // "HTTP/1.1 200 OK"
  std::vector<std::pair<std::string, std::string>> headers;  // in order, as sent
  std::string body;         // bytes after the blank line
  bool closed = false;      // the server closed the connection (false: the read timed out)

  // The status code from the status line, or 0.
  int status() const;
  // The first header named `name` (case-insensitive), or nullopt.
  std::optional<std::string> header(std::string_view name) const;
  // The header names in order, e.g. {"Content-Type", "Access-Control-Allow-Origin", ...}.
  std::vector<std::string> header_names() const;
};

// Splits raw response bytes at the first blank line.
RawResponse parse_response(std::string raw);

// Connects to 127.0.0.1:port, sends `bytes`, reads until the server closes or `timeout_ms` passes.
RawResponse exchange(int port, std::string_view bytes, int timeout_ms = 10000);

// The bytes of a request: "<method> / HTTP/1.1\r\nHost: localhost\r\n<extra headers>Content-Length:
// <n>\r\n\r\n<body>". Each extra header is written "Name: value\r\n" in the given order.
std::string request_bytes(std::string_view body,
                          const std::vector<std::pair<std::string, std::string>>& headers = {},
                          std::string_view method = "POST");

// A loopback TCP port that was free a moment ago.
int free_port();

// The ankiconnectd binary under test.
std::string binary_path();

// A process run to completion.
struct RunResult {
  int exit_code = -1;  // exit status, or 128+signal
  std::string out;     // stdout
  std::string err;     // stderr
};

// Runs ankiconnectd with `args` and extra environment variables (ANKICONNECT_* variables of the test's
// own environment are not passed on), waits up to `timeout_ms`, kills it after that. Its standard input
// holds `stdin_data` (empty: nothing to read).
RunResult run_binary(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
                     int timeout_ms = 20000, const std::string& stdin_data = "");

class TempDir;

// ankiconnectd run in the background with `args` (e.g. `playback`), stdout and stderr collected.
class Background {
 public:
  explicit Background(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});
  ~Background();  // kills it if still running
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  // Sends `signal` (0: none), waits up to `timeout_ms` for the exit (then kills it: exit code -1), and
  // returns the exit code and everything it wrote.
  RunResult finish(int signal = 0, int timeout_ms = 10000);
  // What it wrote to stderr so far.
  std::string err() const;

 private:
  std::unique_ptr<TempDir> dir_;
  pid_t pid_ = -1;
};

// A temporary folder removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A running ankiconnectd. Its config file sets webBindPort (a free port) and dataDir (inside the temp
// folder) followed by `config`; logLevel defaults to debug unless `config` sets it.
class Daemon {
 public:
  struct Options {
    std::string config;                       // extra YAML lines (must not set webBindPort or dataDir)
    std::map<std::string, std::string> env;   // extra environment variables
    bool wait_until_ready = true;             // wait until the port accepts connections
  };

  // Starts the binary; throws std::runtime_error (with its stderr) if it exits or is not ready in 10 s.
  explicit Daemon(Options options);
  // Starts it with the defaults.
  Daemon();
  // Stops it with SIGTERM if still running.
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // The temp folder holding config.yaml, data/ and stderr.log.
  const std::filesystem::path& dir() const { return dir_.path(); }
  std::filesystem::path data_dir() const { return dir_.path() / "data"; }

  // Sends raw bytes and returns the raw response.
  RawResponse send(std::string_view bytes, int timeout_ms = 10000) const;
  // POSTs `body` with optional extra headers (see request_bytes).
  RawResponse post(std::string_view body, const std::vector<std::pair<std::string, std::string>>& headers = {}) const;

  // Sends `signal` and waits up to `timeout_ms` for the exit; returns the exit code (128+signal if it
  // died of a signal, -1 on timeout, after which it is killed).
  int stop(int signal = 15, int timeout_ms = 10000);
  // Starts the binary again after stop(): same port, folder, config and environment (a desktop that
  // comes back). Throws std::runtime_error like the constructor.
  void restart();
  // Whether the process is still running.
  bool running();
  // Everything it wrote to stderr so far.
  std::string log() const;

 private:
  void start(const Options& options);
  void launch();
  TempDir dir_;
  Options options_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// The bytes AnkiConnect sends for an answered request (spec ankiconnect-api.md §1.6), with the
// `Connection: close` ankiconnectd adds.
std::string ok_response(std::string_view body, std::string_view cors_origin = "http://localhost");

}  // namespace ankc::test
