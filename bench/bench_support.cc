#include "bench/bench_support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace bench {
namespace fs = std::filesystem;

ScratchDir::ScratchDir(const std::string& prefix) {
  const char* tmp = std::getenv("TMPDIR");
  std::string templ = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + prefix + ".XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (!::mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed for " + templ);
  path_ = buf.data();
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

Reply post(int port, std::string_view body, int timeout_ms) {
  Reply r;
  auto t0 = Clock::now();
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    r.error = "socket failed";
    return r;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    r.error = "connect failed";
    ::close(fd);
    r.ms = ms_between(t0, Clock::now());
    return r;
  }
  std::string req = "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n";
  req.append(body);
  size_t sent = 0;
  while (sent < req.size()) {
    ssize_t n = ::send(fd, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      r.error = "send failed";
      ::close(fd);
      r.ms = ms_between(t0, Clock::now());
      return r;
    }
    sent += static_cast<size_t>(n);
  }
  std::string raw;
  char buf[65536];
  auto deadline = t0 + std::chrono::milliseconds(timeout_ms);
  bool closed = false;
  size_t header_end = std::string::npos;
  size_t content_length = std::string::npos;
  while (true) {
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, left) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      closed = n == 0;
      break;
    }
    raw.append(buf, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = raw.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string head = raw.substr(0, header_end);
        std::string lower = head;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        size_t cl = lower.find("\r\ncontent-length:");
        if (cl != std::string::npos) content_length = std::strtoul(head.c_str() + cl + 17, nullptr, 10);
      }
    }
    // A kept-alive connection would not close: stop at Content-Length.
    if (header_end != std::string::npos && content_length != std::string::npos &&
        raw.size() >= header_end + 4 + content_length) {
      closed = true;
      break;
    }
  }
  ::close(fd);
  r.ms = ms_between(t0, Clock::now());
  if (header_end == std::string::npos) {
    r.error = raw.empty() ? (closed ? "closed without a reply" : "timed out") : "incomplete reply";
    return r;
  }
  if (!closed) {
    r.error = "timed out in the body";
    return r;
  }
  if (raw.size() > 12) r.status = std::atoi(raw.c_str() + 9);
  r.body = raw.substr(header_end + 4);
  r.ok = true;
  return r;
}

Server::Server(Options options) : options_(std::move(options)) {
  fs::create_directories(options_.dir / "data");
  if (!options_.collection.empty())
    fs::copy_file(options_.collection, options_.dir / "data" / "collection.anki2",
                  fs::copy_options::overwrite_existing);
  port_ = free_port();
  std::ofstream cfg(options_.dir / "config.yaml");
  cfg << "webBindPort: " << port_ << "\n";
  cfg << "dataDir: " << (options_.dir / "data").string() << "\n";
  bool has_level = false;
  for (const auto& line : options_.config) has_level |= line.rfind("logLevel:", 0) == 0;
  if (!has_level) cfg << "logLevel: error\n";
  for (const auto& line : options_.config) cfg << line << "\n";
  cfg.close();
  start();
}

Server::~Server() {
  if (pid_ > 0) stop(SIGTERM);
}

void Server::start() {
  std::string config = (options_.dir / "config.yaml").string();
  std::string log = (options_.dir / "server.log").string();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
    }
    if (options_.cpus.empty()) {
      ::execl(options_.binary.c_str(), options_.binary.c_str(), "--config", config.c_str(), nullptr);
    } else {
      // taskset execs the binary in its own process: the pid stays the server's.
      ::execlp("taskset", "taskset", "-c", options_.cpus.c_str(), options_.binary.c_str(), "--config",
               config.c_str(), nullptr);
    }
    std::perror("exec");
    ::_exit(127);
  }
  pid_ = pid;
  for (int i = 0; i < 400; ++i) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      std::ifstream in(log);
      std::stringstream ss;
      ss << in.rdbuf();
      throw std::runtime_error("ankiconnectd exited at start-up: " + ss.str());
    }
    Reply r = post(port_, R"({"action": "version", "version": 6})", 1000);
    if (r.ok && r.status == 200) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  throw std::runtime_error("ankiconnectd did not answer within 10 s");
}

void Server::stop(int signal) {
  if (pid_ <= 0) return;
  ::kill(pid_, signal);
  for (int i = 0; i < 1000; ++i) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

void Server::restart() {
  if (pid_ > 0) stop(SIGTERM);
  start();
}

double Server::cpu_seconds() const {
  std::ifstream in("/proc/" + std::to_string(pid_) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start after the last ')'.
  size_t close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(stat.substr(close + 2));
  std::string f;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> f; ++i) {  // field 3 is the state
    if (i == 14) utime = std::stoull(f);
    if (i == 15) stime = std::stoull(f);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

long long Server::run_ns() const {
  long long total = 0;
  std::error_code ec;
  for (const auto& task : fs::directory_iterator("/proc/" + std::to_string(pid_) + "/task", ec)) {
    std::ifstream in(task.path() / "schedstat");
    long long ns = 0;
    if (in >> ns) total += ns;
  }
  return total;
}

long long thread_cpu_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

Summary summarize(std::vector<double> s) {
  Summary out;
  out.n = s.size();
  if (s.empty()) return out;
  std::sort(s.begin(), s.end());
  auto at = [&](double q) {
    size_t i = static_cast<size_t>(std::ceil(q * static_cast<double>(s.size()))) - 1;
    return s[std::min(i, s.size() - 1)];
  };
  out.p50 = at(0.50);
  out.p99 = at(0.99);
  out.min = s.front();
  out.max = s.back();
  double sum = 0;
  for (double v : s) sum += v;
  out.mean = sum / static_cast<double>(s.size());
  return out;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string median_range(std::vector<double> v, int decimals) {
  if (v.empty()) return "-";
  auto [lo, hi] = std::minmax_element(v.begin(), v.end());
  char buf[128];
  std::snprintf(buf, sizeof buf, "%.*f (%.*f–%.*f)", decimals, median(v), decimals, *lo, decimals, *hi);
  return buf;
}

std::string conditions() {
  char when[64];
  std::time_t now = std::time(nullptr);
  std::strftime(when, sizeof when, "%FT%TZ", std::gmtime(&now));
  std::ifstream load("/proc/loadavg");
  std::string l1, l5, l15;
  load >> l1 >> l5 >> l15;
  return std::string(when) + ", " + std::to_string(std::thread::hardware_concurrency()) + " cores, load average " +
         l1 + " " + l5 + " " + l15;
}

}  // namespace bench
