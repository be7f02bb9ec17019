// The TCP server. Two engines carry the bytes (httpEngine): "epoll" (default), one epoll loop per
// worker thread that accepts, reads, answers and writes its own connections on the listening socket
// set up with Pistache's address resolution and socket options; and "pistache", Pistache 0.0.5's
// listener thread handing each connection to its reactor's transports. The epoll engine exists because
// the hand-off (an eventfd write, a wake-up and a context switch per connection, plus Pistache's extra
// epoll_ctl and recv calls) cost more than half of the CPU per `version` request (bench/README.md).
// The framing is AnkiConnect's (src/http_wire.h) and the answers come from the web layer (src/web.h).
//
// Pistache's own HTTP layer is not used because it cannot produce AnkiConnect's bytes: it adds
// Connection, writes Content-Length after every header and on 403 replies, rejects lower-case methods
// and parses headers on ":" rather than ": ". We write each response's exact bytes to the peer, with
// one header AnkiConnect does not send: `Connection: close` (conformance replays ignore it), so that no
// client reuses a socket we are about to close. Then we half-close the connection (one request per
// connection, as AnkiConnect); extra pipelined requests are discarded. With httpKeepAlive, a client
// that asks for it (HTTP/1.1 without `Connection: close`) is answered `Connection: keep-alive` and its
// connection serves further requests until it stays silent for readTimeoutMs. A request that stops
// arriving for readTimeoutMs (AnkiConnect: 5 s) is dropped without an answer, as AnkiConnect does; a
// request being answered is never timed out. At most maxConnections connections are open: beyond
// that, each new one closes the idle connection (no complete request pending, nothing being written)
// that has been silent the longest (the epoll engine chooses among the connections of the worker that
// accepted the new one, or of the other workers when it has none idle). Logs one info line per request.
//
// Why epoll is the default: Pistache 0.0.5's transport closes a socket as soon as recv() reports the
// client's end of stream (Transport::handleIncoming), discarding replies still queued by Peer::send.
// A client that half-closes after its request would lose its reply unless the reply is written before
// onInput() returns, so the pistache engine writes every reply itself, synchronously, on the transport
// thread: a client slow to read a large reply holds that thread (and the connections it serves) for
// up to readTimeoutMs per stall. The epoll engine has no such cost.
#pragma once

#include <memory>
#include <string>

#include "src/api_log.h"
#include "src/http_wire.h"
#include "src/web.h"

namespace ankc {

struct ServerOptions {
  std::string address = "127.0.0.1";  // webBindAddress
  int port = 8765;                     // webBindPort
  int threads = 2;                     // threads: connection threads (the config's 0 = one per core)
  // epoll engine: threads answering requests that need a collection (Web::lane); 0 = every request
  // is answered on its connection thread.
  int read_threads = 0;
  int other_threads = 0;
  std::string engine = "epoll";        // httpEngine: "epoll" (own loop per worker) or "pistache"
  int backlog = 5;                     // webBacklog
  WireLimits limits;                   // maxRequestBytes
  int read_timeout_ms = 5000;          // readTimeoutMs: a request silent this long is dropped unanswered
  bool keep_alive = false;             // httpKeepAlive: serve several requests per connection on request
  int max_connections = 1000;          // maxConnections: open connections before idle ones are closed
};

class HttpServer {
 public:
  // `web` (and `api_log` if given) must outlive the server.
  HttpServer(ServerOptions options, Web& web, ApiLog* api_log);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving on background threads. Throws std::runtime_error (e.g. address in use).
  void start();
  // Stops accepting and serving; idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ankc
