#include "src/http_server.h"

#include <pistache/async.h>
#include <pistache/listener.h>
#include <pistache/net.h>
#include <pistache/peer.h>
#include <pistache/stream.h>
#include <pistache/tcp.h>
#include <pistache/transport.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <unordered_map>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#include <cstdio>

#include "src/logging.h"

namespace ankc {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kConnectionData = "ankc.connection";

// What one connection has received so far. `buffer`, `needed` and `started` belong to the peer's
// transport thread; the fields under `mutex` are shared with the read-timeout sweeper.
struct Connection {
  std::string buffer;
  size_t needed = 0;  // total bytes the pending request needs, once its header block is known
  Clock::time_point started;

  std::mutex mutex;
  int fd = -1;
  Clock::time_point last_input = Clock::now();
  bool answered = false;  // one request per connection: later bytes are discarded
  bool closed = false;    // Pistache is about to close fd: the sweeper must not touch it
};

// The connections still being read, checked by the sweeper thread: one silent for the read timeout
// without an answer is shut down unanswered (AnkiConnect's socket timeout).
struct ReadWatch {
  std::mutex mutex;
  std::vector<std::weak_ptr<Connection>> connections;

  void add(const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(mutex);
    connections.push_back(connection);
  }

  // Shuts down stale connections and forgets finished ones.
  void sweep(std::chrono::milliseconds read_timeout) {
    std::lock_guard lock(mutex);
    auto now = Clock::now();
    for (size_t i = 0; i < connections.size();) {
      bool done = true;
      if (auto c = connections[i].lock()) {
        std::lock_guard connection_lock(c->mutex);
        if (!c->closed && !c->answered) {
          if (now - c->last_input >= read_timeout) {
            log::debug("dropping an incomplete request after " + std::to_string(read_timeout.count()) +
                       " ms of silence");
            c->answered = true;
            ::shutdown(c->fd, SHUT_RDWR);
          } else {
            done = false;
          }
        }
      }
      if (done) {
        connections[i] = std::move(connections.back());
        connections.pop_back();
      } else {
        ++i;
      }
    }
  }
};

struct Shared {
  Web& web;
  ApiLog* api_log;
  WireLimits limits;
  std::chrono::milliseconds read_timeout;
  ReadWatch watch;

  Shared(Web& web, ApiLog* api_log, WireLimits limits, std::chrono::milliseconds read_timeout)
      : web(web), api_log(api_log), limits(limits), read_timeout(read_timeout) {}
};

// "ip:port" of the client, read from the socket (Pistache 0.0.5 reports peer ports byte-swapped).
std::string peer_name(const Pistache::Tcp::Peer& peer) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (::getpeername(peer.fd(), reinterpret_cast<sockaddr*>(&address), &length) != 0) return "?";
  char host[INET6_ADDRSTRLEN] = "?";
  int port = 0;
  if (address.ss_family == AF_INET) {
    auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
    ::inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
    port = ntohs(v4->sin_port);
    return std::string(host) + ":" + std::to_string(port);
  }
  if (address.ss_family == AF_INET6) {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
    port = ntohs(v6->sin6_port);
    return "[" + std::string(host) + "]:" + std::to_string(port);
  }
  return "?";
}

void log_request(const HttpRequest& request, const WebAnswer& answer, Clock::time_point started) {
  if (!log::enabled(log::Level::info)) return;
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.1fms", ms);
  std::string origin = request.header("origin").value_or("-");
  log::info("request client=" + request.peer + " method=" + request.method + " origin=" + origin +
            " action=" + (answer.action.empty() ? "-" : answer.action) +
            " status=" + std::to_string(answer.response.status) + " bytes=" + std::to_string(request.body.size()) +
            " duration=" + duration);
}

// "ip:port" (or "[ip]:port") of a socket address.
std::string address_name(const sockaddr_storage& address) {
  char host[INET6_ADDRSTRLEN] = "?";
  if (address.ss_family == AF_INET) {
    auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    ::inet_ntop(AF_INET, &v4->sin_addr, host, sizeof host);
    return std::string(host) + ":" + std::to_string(ntohs(v4->sin_port));
  }
  if (address.ss_family == AF_INET6) {
    auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, host, sizeof host);
    return "[" + std::string(host) + "]:" + std::to_string(ntohs(v6->sin6_port));
  }
  return "?";
}

WebAnswer answer_for(Shared& shared, const WireRequest& wire) {
  const auto& limits = shared.limits;
  switch (wire.status) {
    case WireStatus::complete:
      return shared.web.handle(wire.request);
    case WireStatus::bad_content_length:
      return {shared.web.refuse(wire.request, 400, "Content-Length is not an integer: '" + wire.content_length + "'"), ""};
    case WireStatus::body_too_large:
      return {shared.web.refuse(wire.request, 413,
                                "request body of " + wire.content_length + " bytes exceeds maxRequestBytes (" +
                                    std::to_string(limits.max_body_bytes) + ")"),
              ""};
    case WireStatus::header_too_large:
    default:
      return {shared.web.refuse(wire.request, 431,
                                "request header block exceeds " + std::to_string(limits.max_header_bytes) + " bytes"),
              ""};
  }
}

// The bytes answering a parsed (complete or refused) request; records the api log and the log line.
std::string respond(Shared& shared, WireRequest& wire, Clock::time_point started) {
  WebAnswer answer = answer_for(shared, wire);
  if (shared.api_log && wire.status == WireStatus::complete && wire.request.method != "OPTIONS")
    shared.api_log->record(wire.request.body, answer.response.body);
  log_request(wire.request, answer, started);
  return serialize_response(answer.response);
}

class ConnectionHandler : public Pistache::Tcp::Handler {
 public:
  PROTOTYPE_OF(Pistache::Tcp::Handler, ConnectionHandler)

  explicit ConnectionHandler(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
    auto connection = std::make_shared<Connection>();
    connection->fd = peer->fd();
    peer->putData(kConnectionData, connection);
    shared_->watch.add(connection);
  }

  // Called by Pistache just before it closes the socket.
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
    if (auto connection = std::static_pointer_cast<Connection>(peer->tryGetData(kConnectionData))) {
      std::lock_guard lock(connection->mutex);
      connection->closed = true;
    }
  }

  void onInput(const char* bytes, size_t len, const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
    auto connection = std::static_pointer_cast<Connection>(peer->tryGetData(kConnectionData));
    if (!connection) return;  // onConnection always runs first
    {
      std::lock_guard lock(connection->mutex);
      if (connection->answered) return;
      connection->last_input = Clock::now();
    }
    if (connection->buffer.empty()) connection->started = Clock::now();
    connection->buffer.append(bytes, len);
    if (connection->needed && connection->buffer.size() < connection->needed) return;

    WireRequest wire = parse_request(connection->buffer, shared_->limits);
    if (wire.status == WireStatus::incomplete) {
      connection->needed = wire.needed;
      return;
    }
    wire.request.peer = peer_name(*peer);
    {
      // Complete: from now on the sweeper leaves it alone, however long the action runs (a sync).
      std::lock_guard lock(connection->mutex);
      connection->answered = true;
    }
    std::string reply = respond(*shared_, wire, connection->started);
    std::string().swap(connection->buffer);
    send_and_close(peer, std::move(reply));
  }

 private:

  // Writes the response, then half-closes: the client reads EOF, closes, and Pistache reaps the peer.
  static void send_and_close(const std::shared_ptr<Pistache::Tcp::Peer>& peer, std::string bytes) {
    size_t size = bytes.size();
    std::weak_ptr<Pistache::Tcp::Peer> weak = peer;
    peer->send(Pistache::RawBuffer(std::move(bytes), size))
        .then(
            [weak](ssize_t) {
              if (auto p = weak.lock()) ::shutdown(p->fd(), SHUT_WR);
            },
            [](std::exception_ptr error) {
              try {
                std::rethrow_exception(error);
              } catch (const std::exception& e) {
                log::warn(std::string("could not send a response: ") + e.what());
              } catch (...) {
              }
            });
  }

  std::shared_ptr<Shared> shared_;
};


// ---- The epoll engine (default) --------------------------------------------------------------------
// Each worker thread owns an epoll set holding the shared listening socket (EPOLLEXCLUSIVE: one worker
// is woken per burst of new connections) and the connections it accepted: accept, read, answer, write
// and close happen on one thread, without the acceptor-to-worker hand-off (an eventfd write, a wake-up
// and a context switch per connection) and without locks. The same behaviour as the Pistache engine:
// one request per connection, the exact response bytes, then a half-close; later bytes are read and
// discarded until the client closes; a connection silent for readTimeoutMs is dropped (unanswered if
// its request was incomplete).

struct EpollConnection {
  int fd = -1;
  std::string peer;
  std::string buffer;  // request bytes so far
  size_t needed = 0;   // total bytes the pending request needs, once its header block is known
  std::string out;     // the response, while not fully written
  size_t out_offset = 0;
  Clock::time_point started;
  Clock::time_point last_activity;
  bool answered = false;      // one request per connection: later bytes are discarded
  bool want_write = false;    // EPOLLOUT is armed
  bool peer_closed = false;   // EOF seen while the response was still being written
};

class EpollWorker {
 public:
  EpollWorker(Shared& shared, int listen_fd, int stop_fd) : shared_(shared), listen_fd_(listen_fd), stop_fd_(stop_fd) {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
    epoll_event listen_event{};
    listen_event.events = EPOLLIN | EPOLLEXCLUSIVE;
    listen_event.data.fd = listen_fd_;
    epoll_event stop_event{};
    stop_event.events = EPOLLIN;
    stop_event.data.fd = stop_fd_;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &listen_event) != 0 ||
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, stop_fd_, &stop_event) != 0) {
      std::string why = std::strerror(errno);
      ::close(epoll_fd_);
      throw std::runtime_error("epoll_ctl: " + why);
    }
  }

  ~EpollWorker() {
    for (auto& [fd, connection] : connections_) ::close(fd);
    ::close(epoll_fd_);
  }

  void run() {
    const auto timeout = shared_.read_timeout;
    const auto interval = std::clamp(timeout / 4, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
    auto next_sweep = Clock::now() + interval;
    epoll_event events[64];
    for (;;) {
      int wait_ms = -1;
      if (!connections_.empty()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(next_sweep - Clock::now()).count();
        wait_ms = int(std::max<long long>(left, 0) + 1);
      }
      int n = ::epoll_wait(epoll_fd_, events, 64, wait_ms);
      if (n < 0) {
        if (errno == EINTR) continue;
        log::error(std::string("epoll_wait failed: ") + std::strerror(errno));
        return;
      }
      now_ = Clock::now();
      for (int i = 0; i < n; ++i) {
        int fd = events[i].data.fd;
        if (fd == stop_fd_) return;
        if (fd == listen_fd_) {
          accept_some();
          continue;
        }
        auto it = connections_.find(fd);
        if (it == connections_.end()) continue;
        EpollConnection& c = *it->second;
        bool alive = true;
        if ((events[i].events & EPOLLOUT) && c.out_offset < c.out.size()) alive = write_out(c);
        if (alive && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) alive = read_in(c);
        if (!alive) drop(fd);
      }
      if (!connections_.empty() && now_ >= next_sweep) {
        sweep(timeout);
        next_sweep = now_ + interval;
      }
    }
  }

 private:
  void accept_some() {
    for (int k = 0; k < 16; ++k) {
      sockaddr_storage address{};
      socklen_t length = sizeof address;
      int fd = ::accept4(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO) continue;
        log::warn(std::string("accept failed: ") + std::strerror(errno));
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
          std::this_thread::sleep_for(std::chrono::milliseconds(10));  // the listener stays readable: do not spin
        return;
      }
      auto connection = std::make_unique<EpollConnection>();
      connection->fd = fd;
      connection->peer = address_name(address);
      connection->last_activity = now_;
      epoll_event event{};
      event.events = EPOLLIN | EPOLLRDHUP;
      event.data.fd = fd;
      if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &event) != 0) {
        log::warn(std::string("epoll_ctl failed: ") + std::strerror(errno));
        ::close(fd);
        continue;
      }
      EpollConnection& c = *connection;
      connections_.emplace(fd, std::move(connection));
      // The request usually arrives with (or right after) the handshake: read it now.
      if (!read_in(c)) drop(fd);
    }
  }

  // Reads until the socket would block; answers once the request is complete. False: close it.
  bool read_in(EpollConnection& c) {
    for (;;) {
      ssize_t n = ::recv(c.fd, read_buffer_, sizeof read_buffer_, 0);
      if (n > 0) {
        if (c.answered) continue;  // bytes after the request are discarded
        c.last_activity = now_;
        if (c.buffer.empty()) c.started = now_;
        c.buffer.append(read_buffer_, size_t(n));
        if (c.needed && c.buffer.size() < c.needed) continue;
        WireRequest wire = parse_request(c.buffer, shared_.limits);
        if (wire.status == WireStatus::incomplete) {
          c.needed = wire.needed;
          continue;
        }
        wire.request.peer = c.peer;
        c.out = respond(shared_, wire, c.started);
        c.answered = true;
        std::string().swap(c.buffer);
        if (!write_out(c)) return false;
        continue;
      }
      if (n == 0) {  // the client closed (or half-closed) its side
        if (c.answered && c.out_offset < c.out.size()) {
          c.peer_closed = true;  // finish writing first
          return true;
        }
        return false;
      }
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK;
    }
  }

  // Writes what is left of the response; once all is written, half-closes. False: close it.
  bool write_out(EpollConnection& c) {
    while (c.out_offset < c.out.size()) {
      ssize_t n = ::send(c.fd, c.out.data() + c.out_offset, c.out.size() - c.out_offset, MSG_NOSIGNAL);
      if (n > 0) {
        c.out_offset += size_t(n);
        c.last_activity = now_;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!c.want_write) {
          c.want_write = true;
          arm(c.fd, EPOLLIN | EPOLLRDHUP | EPOLLOUT);
        }
        return true;
      }
      if (errno != EPIPE && errno != ECONNRESET) log::warn(std::string("could not send a response: ") + std::strerror(errno));
      return false;
    }
    std::string().swap(c.out);
    c.out_offset = 0;
    if (c.want_write) {
      c.want_write = false;
      arm(c.fd, EPOLLIN | EPOLLRDHUP);
    }
    ::shutdown(c.fd, SHUT_WR);  // the client reads EOF and closes; its close ends the connection here
    return !c.peer_closed;
  }

  void arm(int fd, uint32_t events) {
    epoll_event event{};
    event.events = events;
    event.data.fd = fd;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event);
  }

  void drop(int fd) {
    ::close(fd);  // also leaves the epoll set: the descriptor is not shared
    connections_.erase(fd);
  }

  // Connections without activity for the read timeout: an incomplete request is dropped unanswered
  // (AnkiConnect's socket timeout); an answered connection whose client neither reads nor closes is
  // closed too.
  void sweep(std::chrono::milliseconds timeout) {
    std::vector<int> stale;
    for (auto& [fd, c] : connections_)
      if (now_ - c->last_activity >= timeout) stale.push_back(fd);
    for (int fd : stale) {
      if (!connections_.at(fd)->answered)
        log::debug("dropping an incomplete request after " + std::to_string(timeout.count()) + " ms of silence");
      ::shutdown(fd, SHUT_RDWR);
      drop(fd);
    }
  }

  Shared& shared_;
  int listen_fd_;
  int stop_fd_;
  int epoll_fd_ = -1;
  Clock::time_point now_ = Clock::now();
  std::unordered_map<int, std::unique_ptr<EpollConnection>> connections_;
  char read_buffer_[16384];
};

// The listening socket for `address`:`port` (resolved by Pistache::Address, as the Pistache engine
// does), non-blocking, with SO_REUSEADDR.
int open_listener(const std::string& host_text, int port, int backlog) {
  Pistache::Address address(host_text, Pistache::Port(static_cast<uint16_t>(port)));
  addrinfo hints{};
  hints.ai_family = address.family();
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string host = address.host();
  const std::string service = std::to_string(port);
  int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
  if (rc != 0) throw std::runtime_error(::gai_strerror(rc));
  int fd = -1;
  int error = 0;
  for (addrinfo* a = found; a; a = a->ai_next) {
    fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      error = errno;
      continue;
    }
    Pistache::Tcp::setSocketOptions(fd, Pistache::Flags<Pistache::Tcp::Options>(Pistache::Tcp::Options::ReuseAddr));
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, backlog) == 0) break;
    error = errno;
    ::close(fd);
    fd = -1;
  }
  ::freeaddrinfo(found);
  if (fd < 0) throw std::runtime_error(std::strerror(error ? error : EADDRNOTAVAIL));
  return fd;
}

class EpollEngine {
 public:
  EpollEngine(Shared& shared, const ServerOptions& options) {
    listen_fd_ = open_listener(options.address, options.port, options.backlog);
    stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (stop_fd_ < 0) {
      ::close(listen_fd_);
      throw std::runtime_error(std::string("eventfd: ") + std::strerror(errno));
    }
    try {
      for (int i = 0; i < std::max(1, options.threads); ++i)
        workers_.push_back(std::make_unique<EpollWorker>(shared, listen_fd_, stop_fd_));
    } catch (...) {
      workers_.clear();
      ::close(stop_fd_);
      ::close(listen_fd_);
      throw;
    }
    for (auto& worker : workers_) {
      threads_.emplace_back([w = worker.get()] { w->run(); });
      ::pthread_setname_np(threads_.back().native_handle(), "ankc-http");
    }
  }

  ~EpollEngine() {
    uint64_t one = 1;
    if (::write(stop_fd_, &one, sizeof one) < 0) {
    }
    for (auto& thread : threads_) thread.join();
    workers_.clear();
    ::close(stop_fd_);
    ::close(listen_fd_);
  }

 private:
  int listen_fd_ = -1;
  int stop_fd_ = -1;
  std::vector<std::unique_ptr<EpollWorker>> workers_;
  std::vector<std::thread> threads_;
};

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  std::shared_ptr<Shared> shared;
  std::unique_ptr<EpollEngine> epoll;  // httpEngine: epoll
  std::unique_ptr<Pistache::Tcp::Listener> listener;  // httpEngine: pistache
  bool running = false;

  std::thread sweeper;  // applies the read timeout
  std::mutex stop_mutex;
  std::condition_variable stop_signal;
  bool stopping = false;

  void sweep_until_stopped() {
    auto timeout = shared->read_timeout;
    auto interval = std::clamp(timeout / 4, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
    std::unique_lock lock(stop_mutex);
    while (!stop_signal.wait_for(lock, interval, [this] { return stopping; })) shared->watch.sweep(timeout);
  }
};

HttpServer::HttpServer(ServerOptions options, Web& web, ApiLog* api_log) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->shared = std::make_shared<Shared>(web, api_log, impl_->options.limits,
                                           std::chrono::milliseconds(impl_->options.read_timeout_ms));
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  const auto& o = impl_->options;
  try {
    if (o.engine == "pistache") {
      Pistache::Address address(o.address, Pistache::Port(static_cast<uint16_t>(o.port)));
      impl_->listener = std::make_unique<Pistache::Tcp::Listener>();
      impl_->listener->init(size_t(o.threads), Pistache::Flags<Pistache::Tcp::Options>(Pistache::Tcp::Options::ReuseAddr), "ankc-http", o.backlog);
      impl_->listener->setHandler(std::make_shared<ConnectionHandler>(impl_->shared));
      impl_->listener->bind(address);
      impl_->listener->runThreaded();
      impl_->running = true;
      impl_->sweeper = std::thread([impl = impl_.get()] { impl->sweep_until_stopped(); });
    } else {
      impl_->epoll = std::make_unique<EpollEngine>(*impl_->shared, o);
      impl_->running = true;
    }
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + o.address + ":" + std::to_string(o.port) + ": " + e.what());
  }
}

void HttpServer::stop() {
  if (!impl_->running) return;
  impl_->running = false;
  if (impl_->epoll) {
    impl_->epoll.reset();
    return;
  }
  {
    std::lock_guard lock(impl_->stop_mutex);
    impl_->stopping = true;
  }
  impl_->stop_signal.notify_all();
  if (impl_->sweeper.joinable()) impl_->sweeper.join();
  impl_->listener->shutdown();
}

}  // namespace ankc
