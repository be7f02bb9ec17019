// startup_bench: how long ankiconnectd takes from exec to its first answered request, and how much
// memory it holds when idle. Prints figures; not a test.
//
//   startup_bench [--runs N] [--idle-ms MS] [--body JSON] -- <command> [args...]
//
// --body replaces the request body (default {"action": "version"}), e.g. {"action": "deckNames"} to
// time exec to the first answer that needs the collection open.
// Each run picks a free loopback port, passes it in ANKICONNECT_WEB_BIND_PORT, execs the command,
// then connects and sends `{"action": "version"}` every 0.2 ms until a complete reply arrives: that
// instant minus the fork is the start-up time. The server is then left idle for --idle-ms, its VmRSS,
// RssAnon, RssFile and thread count read from /proc/<pid>/status and its Pss from smaps_rollup, and it is stopped with SIGTERM. Prints the median, min and max.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/harness.h"  // free_port()

namespace {

using Clock = std::chrono::steady_clock;

std::string g_body = "{\"action\": \"version\"}";  // --body

// One request (`version` unless --body) on a fresh connection; true when a reply with a body arrived.
bool ask_version(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    const std::string& body = g_body;
    std::string request = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " +
                          std::to_string(body.size()) + "\r\n\r\n" + body;
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
      std::string reply;
      char buf[1024];
      ssize_t n;
      while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) {
        reply.append(buf, static_cast<size_t>(n));
        size_t end = reply.find("\r\n\r\n");
        if (end != std::string::npos && reply.size() > end + 4) break;
      }
      ok = reply.starts_with("HTTP/1.1 200") && reply.find("\r\n\r\n") + 4 < reply.size();
    }
  }
  ::close(fd);
  return ok;
}

// Idle memory of a process, in KiB: VmRSS, its anonymous and file-backed parts (/proc/PID/status) and
// the proportional set size (/proc/PID/smaps_rollup: shared library pages divided among their users).
struct Memory {
  long rss = -1, anon = -1, file = -1, pss = -1, threads = -1;
};

long field_kib(const std::string& path, const char* name) {
  std::ifstream in(path);
  std::string line;
  size_t n = std::strlen(name);
  while (std::getline(in, line))
    if (line.compare(0, n, name) == 0) return std::atol(line.c_str() + n);
  return -1;
}

Memory memory_of(pid_t pid) {
  std::string dir = "/proc/" + std::to_string(pid);
  Memory m;
  m.rss = field_kib(dir + "/status", "VmRSS:");
  m.anon = field_kib(dir + "/status", "RssAnon:");
  m.file = field_kib(dir + "/status", "RssFile:");
  m.threads = field_kib(dir + "/status", "Threads:");
  m.pss = field_kib(dir + "/smaps_rollup", "Pss:");
  return m;
}

template <typename T>
T median(std::vector<T> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 30, idle_ms = 1000, first = -1;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--idle-ms") && i + 1 < argc) idle_ms = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--body") && i + 1 < argc) g_body = argv[++i];
    else if (!std::strcmp(argv[i], "--")) { first = i + 1; break; }
  }
  if (first < 0 || first >= argc || runs < 1) {
    std::fprintf(stderr, "usage: startup_bench [--runs N] [--idle-ms MS] [--body JSON] -- <command> [args...]\n");
    return 2;
  }
  std::vector<double> startup_ms;
  std::vector<long> rss, anon, file, pss, threads;
  for (int run = 0; run < runs; ++run) {
    int port = ankc::test::free_port();
    auto start = Clock::now();
    pid_t pid = ::fork();
    if (pid == 0) {
      ::setenv("ANKICONNECT_WEB_BIND_PORT", std::to_string(port).c_str(), 1);
      ::execvp(argv[first], argv + first);
      std::perror("exec");
      std::_Exit(127);
    }
    bool answered = false;
    while (Clock::now() - start < std::chrono::seconds(10)) {
      if (ask_version(port)) { answered = true; break; }
      int status;
      if (::waitpid(pid, &status, WNOHANG) == pid) { pid = -1; break; }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    auto ready = Clock::now();
    if (!answered) {
      std::fprintf(stderr, "startup_bench: run %d: no answer on port %d\n", run, port);
      if (pid > 0) { ::kill(pid, SIGKILL); ::waitpid(pid, nullptr, 0); }
      return 1;
    }
    startup_ms.push_back(std::chrono::duration<double, std::milli>(ready - start).count());
    std::this_thread::sleep_for(std::chrono::milliseconds(idle_ms));
    Memory m = memory_of(pid);
    rss.push_back(m.rss);
    anon.push_back(m.anon);
    file.push_back(m.file);
    pss.push_back(m.pss);
    threads.push_back(m.threads);
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
  }
  std::printf("request %s\n", g_body.c_str());
  std::printf("startup_ms  median %.2f  min %.2f  max %.2f  (%d runs, exec to first answered request)\n",
              median(startup_ms), *std::min_element(startup_ms.begin(), startup_ms.end()),
              *std::max_element(startup_ms.begin(), startup_ms.end()), runs);
  std::printf("idle_rss_kib  median %ld  min %ld  max %ld  (VmRSS after %d ms idle)\n", median(rss),
              *std::min_element(rss.begin(), rss.end()), *std::max_element(rss.begin(), rss.end()), idle_ms);
  std::printf("idle_parts_kib  RssAnon %ld  RssFile %ld  Pss %ld  threads %ld  (medians)\n", median(anon),
              median(file), median(pss), median(threads));
  return 0;
}
