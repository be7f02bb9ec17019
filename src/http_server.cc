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
#include <sys/resource.h>
#include <sys/eventfd.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <unordered_map>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>
#include <cstdio>

#include "src/logging.h"

namespace ankc {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kConnectionData = "ankc.connection";

// What one Pistache connection has received so far. `buffer`, `needed` and `started` belong to the
// peer's transport thread; the fields under `mutex` are shared with the sweeper and the connection cap.
struct Connection {
  std::string buffer;
  size_t needed = 0;  // total bytes the pending request needs, once its header block is known
  Clock::time_point started;

  std::mutex mutex;
  int fd = -1;
  Clock::time_point last_input = Clock::now();
  bool busy = false;      // a request is being answered (acted on, written): never timed out or evicted
  bool finished = false;  // answered and half-closed, or shut down by us: later bytes are discarded
  bool closed = false;    // Pistache is about to close fd: nobody else may touch it
};

// Every open Pistache connection, for the read-timeout sweeper thread and the connection cap: one
// silent for the read timeout and not being answered is shut down (unanswered if its request was
// incomplete: AnkiConnect's socket timeout); beyond maxConnections, the idle one silent the longest.
struct ConnectionWatch {
  std::mutex mutex;
  std::vector<std::weak_ptr<Connection>> connections;

  // Adds `connection`; if more than `max_connections` are then open, shuts down the idle one (not
  // being answered) that has been silent the longest.
  void add(const std::shared_ptr<Connection>& connection, size_t max_connections) {
    std::lock_guard lock(mutex);
    connections.push_back(connection);
    forget_closed();
    if (connections.size() <= max_connections) return;
    std::shared_ptr<Connection> oldest;
    for (auto& weak : connections) {
      auto c = weak.lock();
      if (!c || c == connection) continue;
      std::lock_guard connection_lock(c->mutex);
      if (c->closed || c->busy || c->finished) continue;
      if (!oldest || c->last_input < oldest->last_input) oldest = c;
    }
    if (!oldest) return;
    std::lock_guard connection_lock(oldest->mutex);
    if (oldest->closed || oldest->busy || oldest->finished) return;
    log::debug("closing the longest-idle connection: more than " + std::to_string(max_connections) + " are open");
    oldest->finished = true;
    ::shutdown(oldest->fd, SHUT_RDWR);
  }

  // Shuts down connections silent for `read_timeout` and forgets closed ones.
  void sweep(std::chrono::milliseconds read_timeout) {
    std::lock_guard lock(mutex);
    auto now = Clock::now();
    for (auto& weak : connections) {
      auto c = weak.lock();
      if (!c) continue;
      std::lock_guard connection_lock(c->mutex);
      if (c->closed || c->busy || now - c->last_input < read_timeout) continue;
      if (!c->finished)
        log::debug("dropping an idle connection after " + std::to_string(read_timeout.count()) + " ms of silence");
      c->finished = true;
      ::shutdown(c->fd, SHUT_RDWR);
      c->last_input = now;  // once is enough: Pistache closes it on the end of stream
    }
    forget_closed();
  }

 private:
  void forget_closed() {
    for (size_t i = 0; i < connections.size();) {
      auto c = connections[i].lock();
      bool gone = !c;
      if (c) {
        std::lock_guard connection_lock(c->mutex);
        gone = c->closed;
      }
      if (gone) {
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
  bool keep_alive;
  size_t max_connections;
  ConnectionWatch watch;                 // pistache engine
  std::atomic<size_t> open_connections{0};  // epoll engine, all workers

  Shared(Web& web, ApiLog* api_log, const ServerOptions& options)
      : web(web),
        api_log(api_log),
        limits(options.limits),
        read_timeout(options.read_timeout_ms),
        keep_alive(options.keep_alive),
        max_connections(size_t(std::max(1, options.max_connections))) {}
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

void log_request(const HttpRequest& request, size_t body_bytes, const WebAnswer& answer, Clock::time_point started) {
  if (!log::enabled(log::Level::info)) return;
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.1f", ms);
  log::write_fields(log::Level::info, "request",
                    {{"id", std::to_string(answer.request_id), true},
                     {"client", request.peer},
                     {"method", request.method},
                     {"origin", request.header("origin").value_or("-")},
                     {"action", answer.action.empty() ? "-" : answer.action},
                     {"status", std::to_string(answer.response.status), true},
                     {"bytes", std::to_string(body_bytes), true},
                     {"duration", std::string(duration) + "ms"}});
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

WebAnswer answer_for(Shared& shared, WireRequest& wire) {
  const auto& limits = shared.limits;
  switch (wire.status) {
    case WireStatus::complete:
      // Without an api log, nothing needs the body once the API has parsed it: it is freed then.
      return shared.api_log ? shared.web.handle(wire.request) : shared.web.handle_releasing(wire.request);
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

bool is_named(const std::string& name, std::string_view lower_name) {
  if (name.size() != lower_name.size()) return false;
  for (size_t i = 0; i < name.size(); ++i)
    if (char(std::tolower(static_cast<unsigned char>(name[i]))) != lower_name[i]) return false;
  return true;
}

bool has_header(const HttpResponse& response, std::string_view lower_name) {
  return std::any_of(response.headers.begin(), response.headers.end(),
                     [&](const auto& header) { return is_named(header.first, lower_name); });
}

// Whether the client of a complete request accepts a kept-alive connection: HTTP/1.1 unless it says
// `Connection: close`, HTTP/1.0 only when it says `Connection: keep-alive`.
bool client_keeps_alive(const WireRequest& wire) {
  std::string connection = wire.request.header("connection").value_or("");
  for (char& c : connection) c = char(std::tolower(static_cast<unsigned char>(c)));
  if (wire.version == "HTTP/1.1") return connection.find("close") == std::string::npos;
  return connection.find("keep-alive") != std::string::npos;
}

// The bytes answering a parsed (complete or refused) request; records the api log and the log line.
// `keep_alive` says whether the connection then serves another request: only with httpKeepAlive, for
// a client that accepts it, after a complete request, and when the reply's end is known (the 403 reply
// has no Content-Length, as AnkiConnect's).
WireReply respond(Shared& shared, WireRequest& wire, Clock::time_point started, bool& keep_alive) {
  const size_t body_bytes = wire.request.body.size();  // before answer_for may free the body
  WebAnswer answer = answer_for(shared, wire);
  if (answer.request_id == 0) answer.request_id = shared.web.record_refused(wire.request, answer.response.status);
  if (shared.api_log && wire.status == WireStatus::complete && wire.request.method != "OPTIONS")
    shared.api_log->record(wire.request.body, answer.response.body);
  log_request(wire.request, body_bytes, answer, started);
  auto& headers = answer.response.headers;
  keep_alive = shared.keep_alive && wire.status == WireStatus::complete && client_keeps_alive(wire) &&
               has_header(answer.response, "content-length");
  std::erase_if(headers, [](const auto& header) {
    return is_named(header.first, "connection") || is_named(header.first, "keep-alive");
  });
  if (keep_alive) {
    headers.emplace_back("Connection", "keep-alive");
    if (auto seconds = shared.read_timeout.count() / 1000; seconds > 0)
      headers.emplace_back("Keep-Alive", "timeout=" + std::to_string(seconds));
  } else {
    headers.emplace_back("Connection", "close");
  }
  return serialize_response(std::move(answer.response));
}

// Writes all of `reply` to the non-blocking socket `fd`, waiting up to `stall` each time the client
// stops reading. False if the client went away or stalled too long.
bool write_fully(int fd, const WireReply& reply, std::chrono::milliseconds stall) {
  size_t sent = 0;
  while (sent < reply.size()) {
    ssize_t n = send_reply(fd, reply, sent, 0);
    if (n > 0) {
      sent += size_t(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd out{fd, POLLOUT, 0};
      int ready = ::poll(&out, 1, int(stall.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) {
        log::debug("dropping a reply: the client read nothing for " + std::to_string(stall.count()) + " ms");
        return false;
      }
      continue;
    }
    if (errno != EPIPE && errno != ECONNRESET) log::warn(std::string("could not send a response: ") + std::strerror(errno));
    return false;
  }
  return true;
}

class ConnectionHandler : public Pistache::Tcp::Handler {
 public:
  PROTOTYPE_OF(Pistache::Tcp::Handler, ConnectionHandler)

  explicit ConnectionHandler(std::shared_ptr<Shared> shared) : shared_(std::move(shared)) {}

  void onConnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
    auto connection = std::make_shared<Connection>();
    connection->fd = peer->fd();
    peer->putData(kConnectionData, connection);
    shared_->watch.add(connection, shared_->max_connections);
  }

  // Called by Pistache just before it closes the socket.
  void onDisconnection(const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
    if (auto connection = std::static_pointer_cast<Connection>(peer->tryGetData(kConnectionData))) {
      std::lock_guard lock(connection->mutex);
      connection->closed = true;
    }
  }

  // Pistache calls this for each chunk it reads and closes the socket on the end of stream right after
  // the last call returns, discarding anything still queued by Peer::send: so every reply is written
  // here, before returning (see http_server.h).
  void onInput(const char* bytes, size_t len, const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
    auto connection = std::static_pointer_cast<Connection>(peer->tryGetData(kConnectionData));
    if (!connection) return;  // onConnection always runs first
    Connection& c = *connection;
    {
      std::lock_guard lock(c.mutex);
      if (c.finished) return;
      c.last_input = Clock::now();
    }
    if (c.buffer.empty()) c.started = Clock::now();
    if (c.needed) reserve_request(c.buffer, c.needed);
    c.buffer.append(bytes, len);
    for (;;) {
      if (c.needed && c.buffer.size() < c.needed) return;
      WireRequest wire = take_request(c.buffer, shared_->limits);
      if (wire.status == WireStatus::incomplete) {
        c.needed = wire.needed;
        return;
      }
      {
        std::lock_guard lock(c.mutex);
        if (c.finished) return;  // shut down by the sweeper meanwhile
        c.busy = true;
      }
      wire.request.peer = peer_name(*peer);
      bool keep_alive = false;
      WireReply reply = respond(*shared_, wire, c.started, keep_alive);
      bool sent = write_fully(c.fd, reply, shared_->read_timeout);
      c.needed = 0;
      if (!sent || !keep_alive) {
        std::string().swap(c.buffer);
        // Half-close: the client reads EOF, closes, and Pistache reaps the peer.
        ::shutdown(c.fd, sent ? SHUT_WR : SHUT_RDWR);
        std::lock_guard lock(c.mutex);
        c.busy = false;
        c.finished = true;
        c.last_input = Clock::now();
        return;
      }
      {
        std::lock_guard lock(c.mutex);
        c.busy = false;
        c.last_input = Clock::now();
      }
      if (c.buffer.empty()) return;
      c.started = Clock::now();
    }
  }

 private:
  std::shared_ptr<Shared> shared_;
};


// ---- The epoll engine (default) --------------------------------------------------------------------
// Each worker thread owns an epoll set holding the shared listening socket (EPOLLEXCLUSIVE: one worker
// is woken per burst of new connections) and the connections it accepted: accept, read, answer, write
// and close happen on one thread, without the acceptor-to-worker hand-off (an eventfd write, a wake-up
// and a context switch per connection) and without locks. The same behaviour as the Pistache engine:
// the exact response bytes, then a half-close (or, kept alive, the next request); later bytes are read
// and discarded until the client closes; a connection silent for readTimeoutMs is dropped (unanswered
// if its request was incomplete). The connection cap counts every worker's connections: a worker over
// it closes its own longest-silent idle connection, or asks the other workers to when it has none.

// The threads that answer requests needing a collection (or a proxied exchange) for the epoll engine:
// the connection threads hand those over and go on serving others, so a request that touches no
// collection never waits behind one that does (Web::lane). Two lanes, each a queue and threads
// started on first use: `read` (read-only actions, as many threads as the native backend has read
// connections: two per core) and `other` (writes, which the backend runs one at a time, gui actions,
// multi, proxied exchanges: enough threads that a write is never queued behind the reads, and that
// concurrent writes can wait together for the collection).
class Lanes {
 public:
  static constexpr int kLaneNice = 5;

  Lanes(int read_threads, int other_threads) {
    lanes_[0].max = size_t(std::max(1, read_threads));
    lanes_[1].max = size_t(std::max(1, other_threads));
  }
  ~Lanes() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    for (auto& lane : lanes_) lane.wake.notify_all();
    for (auto& lane : lanes_)
      for (auto& thread : lane.threads) thread.join();
  }

  void submit(Lane which, std::function<void()> task) {
    LaneState& lane = lanes_[which == Lane::read ? 0 : 1];
    {
      std::lock_guard lock(mutex_);
      lane.tasks.push_back(std::move(task));
      if (lane.idle == 0 && lane.threads.size() < lane.max) {
        lane.threads.emplace_back([this, &lane] {
          // Below the connection threads (nice 0), which get the larger share of a busy core. That alone
          // does not make a woken connection thread run at once (perf sched showed it waiting up to a
          // tick behind a read thread): long statements also yield the core (storage/db.cc).
          ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kLaneNice);
          run(lane);
        });
        ::pthread_setname_np(lane.threads.back().native_handle(), &lane == &lanes_[0] ? "ankc-read" : "ankc-other");
        return;
      }
    }
    lane.wake.notify_one();
  }

 private:
  struct LaneState {
    size_t max = 1;
    size_t idle = 0;
    std::deque<std::function<void()>> tasks;
    std::condition_variable wake;
    std::vector<std::thread> threads;
  };

  void run(LaneState& lane) {
    std::unique_lock lock(mutex_);
    for (;;) {
      ++lane.idle;
      lane.wake.wait(lock, [&] { return stopping_ || !lane.tasks.empty(); });
      --lane.idle;
      if (stopping_) return;  // queued requests are dropped: their connections close with the engine
      std::function<void()> task = std::move(lane.tasks.front());
      lane.tasks.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  }

  std::mutex mutex_;
  bool stopping_ = false;
  LaneState lanes_[2];
};

struct EpollConnection {
  int fd = -1;
  std::string peer;
  std::string buffer;  // request bytes so far
  size_t needed = 0;   // total bytes the pending request needs, once its header block is known
  WireReply out;       // the response, while not fully written
  size_t out_offset = 0;
  Clock::time_point started;
  Clock::time_point last_activity;
  bool answered = false;      // the last request is answered: later bytes are discarded
  bool keep_alive = false;    // the reply being written keeps the connection for another request
  bool want_write = false;    // EPOLLOUT is armed
  bool peer_closed = false;   // EOF seen while the response was still being written
  bool pending = false;       // a lane is answering its request; the socket is out of the epoll set
  uint64_t serial = 0;        // tells a lane's answer for this connection from one for a reused fd

  bool writing() const { return out_offset < out.size(); }
  // A kept-alive connection reads its next request only once the reply before it is out.
  bool holding() const { return keep_alive && writing(); }
};

class EpollWorker {
 public:
  EpollWorker(Shared& shared, Lanes* lanes, int listen_fd, int stop_fd)
      : shared_(shared), lanes_(lanes), listen_fd_(listen_fd), stop_fd_(stop_fd) {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epoll_fd_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) {
      std::string why = std::strerror(errno);
      ::close(epoll_fd_);
      throw std::runtime_error("eventfd: " + why);
    }
    epoll_event listen_event{};
    listen_event.events = EPOLLIN | EPOLLEXCLUSIVE;
    listen_event.data.fd = listen_fd_;
    epoll_event stop_event{};
    stop_event.events = EPOLLIN;
    stop_event.data.fd = stop_fd_;
    epoll_event wake_event{};
    wake_event.events = EPOLLIN;
    wake_event.data.fd = wake_fd_;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &listen_event) != 0 ||
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, stop_fd_, &stop_event) != 0 ||
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &wake_event) != 0) {
      std::string why = std::strerror(errno);
      ::close(wake_fd_);
      ::close(epoll_fd_);
      throw std::runtime_error("epoll_ctl: " + why);
    }
  }

  ~EpollWorker() {
    for (auto& [fd, connection] : connections_) ::close(fd);
    shared_.open_connections -= connections_.size();
    ::close(wake_fd_);
    ::close(epoll_fd_);
  }

  // A lane's answer for connection `fd` (if it is still the one with `serial`), of which the lane
  // wrote the first `sent` bytes: handed to this worker's thread, which writes the rest. Thread-safe.
  void answered(int fd, uint64_t serial, WireReply out, size_t sent, bool keep_alive) {
    {
      std::lock_guard lock(answers_mutex_);
      answers_.push_back({fd, serial, std::move(out), sent, keep_alive});
    }
    uint64_t one = 1;
    if (::write(wake_fd_, &one, sizeof one) < 0) {
    }
  }

  // The workers to ask for room when this one is over the connection cap with nothing idle to close.
  void set_siblings(std::vector<EpollWorker*> siblings) { siblings_ = std::move(siblings); }

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
        if (fd == wake_fd_) {
          uint64_t count = 0;
          if (::read(wake_fd_, &count, sizeof count) < 0) {
          }
          take_answers();
          while (shared_.open_connections > shared_.max_connections && close_idle(-1)) {
          }
          continue;
        }
        auto it = connections_.find(fd);
        if (it == connections_.end()) continue;
        EpollConnection& c = *it->second;
        if (c.pending) continue;  // an event reported before its socket left the epoll set
        uint32_t happened = events[i].events;
        bool alive = true;
        if ((happened & EPOLLOUT) && c.writing()) {
          alive = write_out(c);
          if (alive) alive = serve_buffered(c);  // a kept-alive connection's pipelined request
        }
        if (alive && c.holding()) {
          if (happened & (EPOLLHUP | EPOLLERR)) alive = false;
        } else if (alive && (happened & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
          alive = read_in(c);
        }
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
        int error = errno;
        if ((error == EMFILE || error == ENFILE) && close_idle(-1)) continue;  // room for the new client
        log::warn(std::string("accept failed: ") + std::strerror(error));
        if (error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM)
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
      if (++shared_.open_connections > shared_.max_connections) make_room(fd);
      // The request usually arrives with (or right after) the handshake: read it now.
      if (!read_in(c)) drop(fd);
    }
  }

  // Over the cap: closes this worker's longest-silent idle connection (not `new_fd`), or wakes the
  // other workers to close one of theirs.
  void make_room(int new_fd) {
    if (close_idle(new_fd)) return;
    uint64_t one = 1;
    for (EpollWorker* sibling : siblings_)
      if (sibling != this && ::write(sibling->wake_fd_, &one, sizeof one) < 0) {
      }
  }

  // Closes the idle connection (nothing being written) silent the longest, other than `except`.
  bool close_idle(int except) {
    int oldest = -1;
    Clock::time_point oldest_activity;
    for (auto& [fd, c] : connections_) {
      if (fd == except || c->writing() || c->pending) continue;
      if (oldest < 0 || c->last_activity < oldest_activity) {
        oldest = fd;
        oldest_activity = c->last_activity;
      }
    }
    if (oldest < 0) return false;
    log::debug("closing the longest-idle connection: more than " + std::to_string(shared_.max_connections) +
               " are open");
    drop(oldest);
    return true;
  }

  // Reads until the socket would block; answers each complete request. False: close it.
  bool read_in(EpollConnection& c) {
    for (;;) {
      if (c.holding() || c.pending) return true;  // no reading until the reply is out
      ssize_t n = ::recv(c.fd, read_buffer_, sizeof read_buffer_, 0);
      if (n > 0) {
        if (c.answered) continue;  // bytes after the last request are discarded
        c.last_activity = now_;
        if (c.buffer.empty()) c.started = now_;
        if (c.needed) reserve_request(c.buffer, c.needed);
        c.buffer.append(read_buffer_, size_t(n));
        if (!serve_buffered(c)) return false;
        continue;
      }
      if (n == 0) {  // the client closed (or half-closed) its side
        if (c.writing()) {
          c.peer_closed = true;  // finish writing first
          return true;
        }
        return false;
      }
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK;
    }
  }

  // Answers the complete requests at the start of the buffer (several only when kept alive), writing
  // each reply before reading the next request. False: close it.
  bool serve_buffered(EpollConnection& c) {
    while (!c.answered && !c.writing() && !c.pending) {
      if (c.buffer.empty() || (c.needed && c.buffer.size() < c.needed)) return true;
      WireRequest wire = take_request(c.buffer, shared_.limits);
      if (wire.status == WireStatus::incomplete) {
        c.needed = wire.needed;
        return true;
      }
      wire.request.peer = c.peer;
      c.needed = 0;
      Lane lane = lanes_ && wire.status == WireStatus::complete ? shared_.web.lane(wire.request) : Lane::at_once;
      if (lane != Lane::at_once) {
        hand_over(c, lane, std::move(wire));
        return true;
      }
      bool keep_alive = false;
      WireReply out = respond(shared_, wire, c.started, keep_alive);
      if (!take_reply(c, std::move(out), keep_alive)) return false;
    }
    return true;
  }

  // Gives the request to a lane; the socket leaves the epoll set until the answer is back (so that
  // neither its later bytes nor its peer's close wake this thread meanwhile).
  void hand_over(EpollConnection& c, Lane lane, WireRequest wire) {
    c.pending = true;
    c.serial = ++serial_;
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c.fd, nullptr);
    auto request = std::make_shared<WireRequest>(std::move(wire));
    lanes_->submit(lane, [this, fd = c.fd, serial = c.serial, started = c.started, request] {
      bool keep_alive = false;
      WireReply out = respond(shared_, *request, started, keep_alive);
      size_t sent = send_now(fd, out);
      answered(fd, serial, std::move(out), sent, keep_alive);
    });
  }

  // On a lane thread: writes as much of the reply as the socket takes without waiting. Copying a big
  // answer into the socket (on loopback, the receiver's processing runs in the sender's call too)
  // costs a millisecond or more per megabyte: done here, at the lane's lower priority, a connection
  // thread stays free for the cheap requests that arrive meanwhile. The socket is ours to write
  // until the answer is handed back: a pending connection is out of the epoll set and is never
  // closed, evicted or timed out, and the lanes stop before the workers close their sockets.
  static size_t send_now(int fd, const WireReply& out) {
    size_t sent = 0;
    while (sent < out.size()) {
      ssize_t n = send_reply(fd, out, sent, MSG_DONTWAIT);
      if (n > 0) {
        sent += size_t(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      break;  // would block, or an error the worker's own write meets and handles
    }
    return sent;
  }

  // The lanes' answers: each connection back in the epoll set, its reply written.
  void take_answers() {
    std::vector<Answer> answers;
    {
      std::lock_guard lock(answers_mutex_);
      answers.swap(answers_);
    }
    for (Answer& a : answers) {
      auto it = connections_.find(a.fd);
      if (it == connections_.end() || !it->second->pending || it->second->serial != a.serial) continue;
      EpollConnection& c = *it->second;
      c.pending = false;
      epoll_event event{};
      event.events = EPOLLIN | EPOLLRDHUP;
      event.data.fd = c.fd;
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, c.fd, &event);
      now_ = Clock::now();
      bool alive = take_reply(c, std::move(a.out), a.keep_alive, a.sent) && serve_buffered(c);
      if (!alive) drop(a.fd);
    }
  }

  // A reply to send on `c`, of which `sent` bytes are already written: writes the rest. False: close
  // the connection.
  bool take_reply(EpollConnection& c, WireReply out, bool keep_alive, size_t sent = 0) {
    c.out = std::move(out);
    now_ = Clock::now();  // the action may have taken a while
    c.out_offset = sent;
    c.keep_alive = keep_alive;
    if (keep_alive) {
      c.started = now_;
    } else {
      c.answered = true;
      std::string().swap(c.buffer);
    }
    return write_out(c);
  }

  // Writes what is left of the response; once all is written, half-closes unless the connection is
  // kept alive. False: close it.
  bool write_out(EpollConnection& c) {
    while (c.writing()) {
      ssize_t n = send_reply(c.fd, c.out, c.out_offset, 0);
      if (n > 0) {
        c.out_offset += size_t(n);
        c.last_activity = now_;
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        if (!c.want_write) {
          c.want_write = true;
          arm(c.fd, c.keep_alive ? EPOLLOUT : EPOLLIN | EPOLLRDHUP | EPOLLOUT);
        }
        return true;
      }
      if (errno != EPIPE && errno != ECONNRESET) log::warn(std::string("could not send a response: ") + std::strerror(errno));
      return false;
    }
    c.out = WireReply{};
    c.out_offset = 0;
    c.last_activity = now_;
    if (c.want_write) {
      c.want_write = false;
      arm(c.fd, EPOLLIN | EPOLLRDHUP);
    }
    if (!c.keep_alive) ::shutdown(c.fd, SHUT_WR);  // the client reads EOF and closes; its close ends it here
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
    if (connections_.erase(fd)) --shared_.open_connections;
  }

  // Connections without activity for the read timeout: an incomplete request is dropped unanswered
  // (AnkiConnect's socket timeout); an answered or kept-alive connection whose client neither reads,
  // sends nor closes is closed too. A request being answered cannot be: answering happens on this
  // thread, and the clock restarts when its reply is written.
  void sweep(std::chrono::milliseconds timeout) {
    std::vector<int> stale;
    for (auto& [fd, c] : connections_)
      if (!c->pending && now_ - c->last_activity >= timeout) stale.push_back(fd);
    for (int fd : stale) {
      if (!connections_.at(fd)->buffer.empty())
        log::debug("dropping an incomplete request after " + std::to_string(timeout.count()) + " ms of silence");
      ::shutdown(fd, SHUT_RDWR);
      drop(fd);
    }
  }

  struct Answer {
    int fd;
    uint64_t serial;
    WireReply out;
    size_t sent;  // bytes of `out` the lane thread already wrote
    bool keep_alive;
  };

  Shared& shared_;
  Lanes* lanes_;  // null: answer every request on this thread
  uint64_t serial_ = 0;
  std::mutex answers_mutex_;
  std::vector<Answer> answers_;
  int listen_fd_;
  int stop_fd_;
  int wake_fd_ = -1;
  int epoll_fd_ = -1;
  std::vector<EpollWorker*> siblings_;
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
    if (options.read_threads > 0) lanes_ = std::make_unique<Lanes>(options.read_threads, options.other_threads);
    try {
      for (int i = 0; i < std::max(1, options.threads); ++i)
        workers_.push_back(std::make_unique<EpollWorker>(shared, lanes_.get(), listen_fd_, stop_fd_));
    } catch (...) {
      workers_.clear();
      ::close(stop_fd_);
      ::close(listen_fd_);
      throw;
    }
    std::vector<EpollWorker*> all;
    for (auto& worker : workers_) all.push_back(worker.get());
    for (auto& worker : workers_) worker->set_siblings(all);
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
    lanes_.reset();  // lets running answers finish (their workers still exist), drops queued ones
    workers_.clear();
    ::close(stop_fd_);
    ::close(listen_fd_);
  }

 private:
  int listen_fd_ = -1;
  int stop_fd_ = -1;
  std::unique_ptr<Lanes> lanes_;
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
  impl_->shared = std::make_shared<Shared>(web, api_log, impl_->options);
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
