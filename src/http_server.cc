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
#include <sys/timerfd.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "src/logging.h"

namespace ankc {
namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kConnectionData = "ankc.connection";

// What one connection has received so far.
struct Connection {
  std::string buffer;
  Clock::time_point last_input = Clock::now();
  size_t needed = 0;       // total bytes the pending request needs, once its header block is known
  bool answered = false;   // one request per connection: later bytes are discarded
  Clock::time_point started;
};

struct Shared {
  Web& web;
  ApiLog* api_log;
  WireLimits limits;
  std::chrono::milliseconds read_timeout;
};

// Watches one connection: when no byte has arrived for `timeout` and no answer was sent, the
// connection is shut down unanswered (AnkiConnect's socket timeout). Runs on the peer's transport thread.
void watch_read_timeout(Pistache::Tcp::Transport* transport, std::weak_ptr<Pistache::Tcp::Peer> peer,
                        std::weak_ptr<Connection> connection, std::chrono::milliseconds wait,
                        std::chrono::milliseconds timeout) {
  int timer = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (timer < 0) return;
  Pistache::Async::Promise<uint64_t> fired(
      [&](Pistache::Async::Deferred<uint64_t> deferred) { transport->armTimer(timer, wait, std::move(deferred)); });
  fired.then(
      [=](uint64_t) {
        ::close(timer);
        auto p = peer.lock();
        auto c = connection.lock();
        if (!p || !c || c->answered) return;
        auto silent = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - c->last_input);
        if (silent >= timeout) {
          log::debug("dropping " + std::to_string(c->buffer.size()) + " bytes of an incomplete request after " +
                     std::to_string(silent.count()) + " ms of silence");
          c->answered = true;
          ::shutdown(p->fd(), SHUT_RDWR);
        } else {
          watch_read_timeout(transport, peer, connection, timeout - silent, timeout);
        }
      },
      [=](std::exception_ptr) { ::close(timer); });
}

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
    peer->putData(kConnectionData, connection);
    watch_read_timeout(transport(), peer, connection, shared_->read_timeout, shared_->read_timeout);
  }

  void onInput(const char* bytes, size_t len, const std::shared_ptr<Pistache::Tcp::Peer>& peer) override {
    auto connection = std::static_pointer_cast<Connection>(peer->tryGetData(kConnectionData));
    if (!connection) {
      connection = std::make_shared<Connection>();
      peer->putData(kConnectionData, connection);
    }
    if (connection->answered) return;
    connection->last_input = Clock::now();
    if (connection->buffer.empty()) connection->started = connection->last_input;
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

    connection->answered = true;
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
};

HttpServer::HttpServer(ServerOptions options, Web& web, ApiLog* api_log) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->shared = std::make_shared<Shared>(Shared{web, api_log, impl_->options.limits,
                                                  std::chrono::milliseconds(impl_->options.read_timeout_ms)});
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
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + o.address + ":" + std::to_string(o.port) + ": " + e.what());
  }
}

void HttpServer::stop() {
  if (!impl_->running) return;
  impl_->running = false;
  impl_->listener.shutdown();
}

}  // namespace ankc
