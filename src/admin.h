// The admin listener (adminBindAddress:adminBindPort; 0 = off): what a person or Prometheus looks at
// to see whether ankiconnectd is healthy and synced. On its own address and port, never on the
// AnkiConnect port (AnkiConnect answers every path there).
//
//   GET /metrics  Prometheus text format (requests by action and outcome, latency histograms, requests
//                 in flight, per profile note/card counts, collection size and sync/media sync figures,
//                 process RSS and uptime)
//   GET /healthz  200 "ok ..." when the active profile's collection opens and, if it syncs, its last sync
//                 did not fail; else 503 with the reason
//   GET /         a small HTML status page (no JavaScript), readable on a phone
//
// With apiKey set and the listener not on a loopback address, every path asks for the same key:
// `Authorization: Bearer KEY`, `X-Api-Key: KEY` or `?key=KEY` (else 401). The page and the metrics
// never show the apiKey or a syncKey.
//
// The rendering functions are pure (a view in, bytes out) so tests check them without sockets.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/request_metrics.h"

namespace ankc {

// Everything the admin pages show, gathered at one moment.
struct AdminView {
  std::string version;
  std::string backend;            // "native" or "proxy"
  std::int64_t now_unix_ms = 0;
  std::int64_t start_unix_ms = 0;
  std::int64_t rss_bytes = 0;
  RequestMetricsSnapshot requests;
  // native_admin_status (backends/native/native_backend.h) of the native backend, or of the proxy's
  // fallback (proxyFailover); nullopt for the proxy backend without failover.
  std::optional<boost::json::object> native;
  // proxy_failover_status (backends/proxy/proxy_backend.h); nullopt unless proxy with proxyFailover.
  std::optional<boost::json::object> failover;
  std::vector<std::pair<std::string, std::string>> config;  // summary shown on the page (no secrets)
};

struct Health {
  bool ok = true;
  std::string reason;  // "ok", or why not
};

Health health_of(const AdminView& view);
std::string render_metrics(const AdminView& view);
std::string render_status_page(const AdminView& view);

// One admin request, transport-independent.
struct AdminRequest {
  std::string method;  // "GET"
  std::string path;    // "/metrics"
  std::optional<std::string> query_key, authorization, x_api_key;
};
struct AdminReply {
  int status = 200;
  std::string content_type;
  std::string body;
};

// Answers admin requests from views made by `view`; `key` is the apiKey the requests must carry
// (nullopt: none asked).
class AdminService {
 public:
  AdminService(std::function<AdminView()> view, std::optional<std::string> key)
      : view_(std::move(view)), key_(std::move(key)) {}
  AdminReply handle(const AdminRequest& request) const;

 private:
  std::function<AdminView()> view_;
  std::optional<std::string> key_;
};

// Whether `address` is a loopback address (127.0.0.0/8, ::1, localhost).
bool is_loopback_address(const std::string& address);

// The listener: Pistache's HTTP endpoint over an AdminService.
class AdminServer {
 public:
  AdminServer(std::string address, int port, std::shared_ptr<AdminService> service);
  ~AdminServer();
  AdminServer(const AdminServer&) = delete;
  AdminServer& operator=(const AdminServer&) = delete;

  // Binds and serves on a background thread; throws std::runtime_error (e.g. address in use).
  void start();
  // Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The process's resident set size in bytes (/proc/self/statm), 0 when unknown.
std::int64_t process_rss_bytes();

}  // namespace ankc
