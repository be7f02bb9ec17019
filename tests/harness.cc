#include "tests/harness.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

#ifndef ANKICONNECTD_BINARY
#error "ANKICONNECTD_BINARY must name the ankiconnectd binary under test"
#endif

namespace ankc::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int connect_loopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(uint16_t(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The environment for a child: ours without ANKICONNECT_* variables, plus `extra`.
std::vector<std::string> child_environment(const std::map<std::string, std::string>& extra) {
  std::vector<std::string> out;
  for (char** e = environ; *e; ++e) {
    std::string_view entry(*e);
    if (entry.rfind("ANKICONNECT_", 0) == 0 || entry.rfind("SYNC_", 0) == 0) continue;
    std::string name(entry.substr(0, entry.find('=')));
    if (extra.count(name)) continue;
    out.emplace_back(entry);
  }
  for (const auto& [name, value] : extra) out.push_back(name + "=" + value);
  return out;
}

// fork+exec of the binary with stdout/stderr sent to the given files (-1 = inherit).
pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env, int out_fd,
            int err_fd, int in_fd = -1) {
  std::vector<std::string> argv_strings{binary_path()};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings = child_environment(env);
  std::vector<char*> argv, envp;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    ::dup2(in_fd >= 0 ? in_fd : ::open("/dev/null", O_RDONLY), 0);
    if (out_fd >= 0) ::dup2(out_fd, 1);
    if (err_fd >= 0) ::dup2(err_fd, 2);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  return pid;
}

// Waits up to timeout_ms for `pid`; returns its exit code, 128+signal, or nullopt on timeout.
std::optional<int> wait_for(pid_t pid, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (true) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return -1;
    }
    if (r < 0) return -1;
    if (Clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

int RawResponse::status() const {
  size_t sp = status_line.find(' ');
  if (sp == std::string::npos) return 0;
  return std::atoi(status_line.c_str() + sp + 1);
}

std::optional<std::string> RawResponse::header(std::string_view name) const {
  for (const auto& [n, v] : headers)
    if (lower(n) == lower(name)) return v;
  return std::nullopt;
}

std::vector<std::string> RawResponse::header_names() const {
  std::vector<std::string> out;
  for (const auto& h : headers) out.push_back(h.first);
  return out;
}

RawResponse parse_response(std::string raw) {
  RawResponse r;
  r.raw = std::move(raw);
  size_t end = r.raw.find("\r\n\r\n");
  std::string_view head(r.raw);
  if (end != std::string::npos) {
    head = head.substr(0, end);
    r.body = r.raw.substr(end + 4);
  }
  size_t line_end = head.find("\r\n");
  r.status_line = std::string(head.substr(0, line_end));
  while (line_end != std::string_view::npos) {
    size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    std::string_view line = head.substr(start, line_end == std::string_view::npos ? std::string_view::npos : line_end - start);
    size_t colon = line.find(": ");
    if (colon == std::string_view::npos) r.headers.emplace_back(std::string(line), "");
    else r.headers.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
  }
  return r;
}

RawResponse exchange(int port, std::string_view bytes, int timeout_ms) {
  int fd = connect_loopback(port);
  if (fd < 0) throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer (413) and stop reading early
    sent += size_t(n);
  }
  std::string raw;
  bool closed = false;
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  char buffer[65536];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, int(left)) <= 0) break;
    ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      closed = true;  // EOF, or a reset after the answer
      break;
    }
    raw.append(buffer, size_t(n));
  }
  ::close(fd);
  RawResponse r = parse_response(std::move(raw));
  r.closed = closed;
  return r;
}

std::string request_bytes(std::string_view body, const std::vector<std::pair<std::string, std::string>>& headers,
                          std::string_view method) {
  std::string out = std::string(method) + " / HTTP/1.1\r\nHost: localhost\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  out += body;
  return out;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string binary_path() { return ANKICONNECTD_BINARY; }

RunResult run_binary(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                     int timeout_ms, const std::string& stdin_data) {
  TempDir dir;
  auto out_path = dir.path() / "stdout", err_path = dir.path() / "stderr", in_path = dir.path() / "stdin";
  std::ofstream(in_path, std::ios::binary) << stdin_data;
  int out_fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int err_fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int in_fd = ::open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
  pid_t pid = spawn(args, env, out_fd, err_fd, in_fd);
  ::close(out_fd);
  ::close(err_fd);
  ::close(in_fd);
  RunResult result;
  auto code = wait_for(pid, timeout_ms);
  if (!code) {
    ::kill(pid, SIGKILL);
    wait_for(pid, 5000);
    code = -1;
  }
  result.exit_code = *code;
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

Background::Background(const std::vector<std::string>& args, const std::map<std::string, std::string>& env)
    : dir_(std::make_unique<TempDir>()) {
  int out_fd = ::open((dir_->path() / "stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int err_fd = ::open((dir_->path() / "stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  pid_ = spawn(args, env, out_fd, err_fd);
  ::close(out_fd);
  ::close(err_fd);
}

Background::~Background() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    wait_for(pid_, 5000);
  }
}

RunResult Background::finish(int signal, int timeout_ms) {
  RunResult result;
  if (pid_ > 0) {
    if (signal) ::kill(pid_, signal);
    auto code = wait_for(pid_, timeout_ms);
    if (!code) {
      ::kill(pid_, SIGKILL);
      wait_for(pid_, 5000);
      code = -1;
    }
    result.exit_code = *code;
    pid_ = -1;
  }
  result.out = read_file(dir_->path() / "stdout");
  result.err = read_file(dir_->path() / "stderr");
  return result;
}

std::string Background::err() const { return read_file(dir_->path() / "stderr"); }

TempDir::TempDir() {
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto candidate = std::filesystem::temp_directory_path() /
                     ("ankc-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd() % 1000000000));
    if (std::filesystem::create_directory(candidate)) {
      path_ = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

Daemon::Daemon() : Daemon(Options{}) {}

Daemon::Daemon(Options options) {
  // The port may be taken between free_port() and the bind: retry a few times.
  for (int attempt = 0;; ++attempt) {
    try {
      start(options);
      return;
    } catch (const std::runtime_error&) {
      if (attempt >= 3 || log().find("cannot listen") == std::string::npos) throw;
    }
  }
}

void Daemon::start(const Options& options) {
  port_ = free_port();
  std::string config = "webBindPort: " + std::to_string(port_) + "\ndataDir: " + data_dir().string() + "\n";
  if (options.config.find("logLevel:") == std::string::npos) config += "logLevel: debug\n";
  config += options.config;
  std::ofstream(dir() / "config.yaml") << config;
  options_ = options;
  launch();
}

void Daemon::restart() {
  if (pid_ > 0) throw std::runtime_error("restart: the daemon is still running");
  launch();
}

void Daemon::launch() {
  const Options& options = options_;
  int err_fd = ::open((dir() / "stderr.log").c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  pid_ = spawn({"serve", "--config", (dir() / "config.yaml").string()}, options.env, err_fd, err_fd);
  ::close(err_fd);
  if (!options.wait_until_ready) return;
  auto deadline = Clock::now() + std::chrono::seconds(10);
  while (true) {
    if (auto code = wait_for(pid_, 0)) {
      pid_ = -1;
      throw std::runtime_error("ankiconnectd exited with code " + std::to_string(*code) + ": " + log());
    }
    int fd = connect_loopback(port_);
    if (fd >= 0) {
      ::close(fd);
      return;
    }
    if (Clock::now() > deadline) {
      stop(SIGKILL);
      throw std::runtime_error("ankiconnectd did not listen within 10 s: " + log());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

Daemon::~Daemon() {
  if (pid_ > 0) stop(SIGTERM);
}

RawResponse Daemon::send(std::string_view bytes, int timeout_ms) const { return exchange(port_, bytes, timeout_ms); }

RawResponse Daemon::post(std::string_view body, const std::vector<std::pair<std::string, std::string>>& headers) const {
  return send(request_bytes(body, headers));
}

int Daemon::stop(int signal, int timeout_ms) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  auto code = wait_for(pid_, timeout_ms);
  if (!code) {
    ::kill(pid_, SIGKILL);
    wait_for(pid_, 5000);
    code = -1;
  }
  pid_ = -1;
  return *code;
}

bool Daemon::running() {
  if (pid_ <= 0) return false;
  if (auto code = wait_for(pid_, 0)) {
    pid_ = -1;
    return false;
  }
  return true;
}

std::string Daemon::log() const { return read_file(dir() / "stderr.log"); }

std::string ok_response(std::string_view body, std::string_view cors_origin) {
  std::string out = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nAccess-Control-Allow-Origin: ";
  out += cors_origin;
  out += "\r\nAccess-Control-Allow-Headers: *\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n\r\n";
  out += body;
  return out;
}

}  // namespace ankc::test
