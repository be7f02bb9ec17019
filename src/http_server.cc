#include "src/http_server.h"

#include <pistache/async.h>
#include <pistache/listener.h>
#include <pistache/net.h>
#include <pistache/peer.h>
#include <pistache/stream.h>
#include <pistache/tcp.h>
#include <pistache/transport.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
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
    WebAnswer answer = answer_for(wire);
    if (shared_->api_log && wire.status == WireStatus::complete && wire.request.method != "OPTIONS")
      shared_->api_log->record(wire.request.body, answer.response.body);
    log_request(wire.request, answer, connection->started);

    {
      std::lock_guard lock(connection->mutex);
      connection->answered = true;
    }
    std::string().swap(connection->buffer);
    send_and_close(peer, serialize_response(answer.response));
  }

 private:
  WebAnswer answer_for(const WireRequest& wire) {
    const auto& limits = shared_->limits;
    switch (wire.status) {
      case WireStatus::complete:
        return shared_->web.handle(wire.request);
      case WireStatus::bad_content_length:
        return {shared_->web.refuse(wire.request, 400, "Content-Length is not an integer: '" + wire.content_length + "'"), ""};
      case WireStatus::body_too_large:
        return {shared_->web.refuse(wire.request, 413,
                                    "request body of " + wire.content_length + " bytes exceeds maxRequestBytes (" +
                                        std::to_string(limits.max_body_bytes) + ")"),
                ""};
      case WireStatus::header_too_large:
      default:
        return {shared_->web.refuse(wire.request, 431,
                                    "request header block exceeds " + std::to_string(limits.max_header_bytes) + " bytes"),
                ""};
    }
  }

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

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  std::shared_ptr<Shared> shared;
  Pistache::Tcp::Listener listener;
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
    Pistache::Address address(o.address, Pistache::Port(static_cast<uint16_t>(o.port)));
    impl_->listener.init(size_t(o.threads), Pistache::Flags<Pistache::Tcp::Options>(Pistache::Tcp::Options::ReuseAddr), "ankc-http", o.backlog);
    impl_->listener.setHandler(std::make_shared<ConnectionHandler>(impl_->shared));
    impl_->listener.bind(address);
    impl_->listener.runThreaded();
    impl_->running = true;
    impl_->sweeper = std::thread([impl = impl_.get()] { impl->sweep_until_stopped(); });
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + o.address + ":" + std::to_string(o.port) + ": " + e.what());
  }
}

void HttpServer::stop() {
  if (!impl_->running) return;
  impl_->running = false;
  {
    std::lock_guard lock(impl_->stop_mutex);
    impl_->stopping = true;
  }
  impl_->stop_signal.notify_all();
  if (impl_->sweeper.joinable()) impl_->sweeper.join();
  impl_->listener.shutdown();
}

}  // namespace ankc
