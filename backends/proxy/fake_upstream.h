// A tiny TCP server on a free loopback port that plays a misbehaving or scripted upstream in tests:
// it answers with fixed bytes, sends garbage, or accepts and never answers. Test support only.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ankc::proxy {

class FakeUpstream {
 public:
  enum class Mode {
    kReply,   // reads one request (headers + Content-Length body), writes reply(request), repeats
    kSilent,  // accepts, reads, never writes
    kGarbage, // writes fixed non-HTTP bytes as soon as a connection opens, then closes it
  };

  // Raw request bytes in, raw response bytes out. With kReply the connection stays open for the
  // next request unless the reply contains "Connection: close".
  using Reply = std::function<std::string(const std::string& raw_request)>;

  // port 0: a free one; else that port (an upstream that comes back where it was).
  explicit FakeUpstream(Mode mode, Reply reply = nullptr, int port = 0);
  ~FakeUpstream();  // closes every socket and joins every thread
  FakeUpstream(const FakeUpstream&) = delete;
  FakeUpstream& operator=(const FakeUpstream&) = delete;

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Every raw request read so far, in arrival order; and how many connections were accepted.
  std::vector<std::string> requests() const;
  int connections() const { return connections_; }

 private:
  void accept_loop();
  void serve(int fd);

  Mode mode_;
  Reply reply_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::vector<int> client_fds_;
  std::vector<std::thread> threads_;
  std::thread acceptor_;
};

// Reads one HTTP request (headers, then Content-Length bytes of body) from fd into out; false on EOF
// or error before a complete request.
bool read_http_request(int fd, std::string& out);

}  // namespace ankc::proxy
