// The proxy backend: forwards every HTTP exchange to a desktop AnkiConnect ("upstream") byte for byte,
// with libcurl, reusing connections. When the upstream cannot be reached it answers with an
// AnkiConnect-shaped error naming the upstream and the cause, or — if a fallback backend is given —
// lets the compat layer answer through that backend instead (failover to native).
//
// With a fallback the proxy is a circuit breaker (README "Failover"):
//   upstream     forwarding. A failed exchange, or a failed `version` probe (every probe_seconds),
//                switches to native.
//   native       every request goes to the fallback at once, without trying the upstream. Right after
//                the switch a normal sync of the fallback (catch-up) runs; requests wait for it at most
//                failover_sync_timeout_seconds. The probe keeps asking the upstream.
//   reconciling  the probe got an answer: the fallback's pending changes are pushed (its `sync`), the
//                upstream is sent AnkiConnect's `sync` action so the desktop pulls them, the fallback
//                syncs once more to take the desktop's; then forwarding resumes, once no write reached
//                the fallback since the push. Requests are still answered by the fallback meanwhile. A
//                failed step logs why and goes back to native; the next probe retries.
// A request whose exchange failed after bytes went out may have been carried out by the upstream: it
// is repeated on the fallback only when it changes nothing (proxy/request_kind.h); a write is answered
// with the upstream error instead, so it is never applied twice.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "backends/backend.h"

namespace ankc {

struct ProxyOptions {
  std::string upstream_url = "http://127.0.0.1:8766";  // upstreamUrl
  long connect_timeout_ms = 2000;                      // upstreamConnectTimeoutMs
  long timeout_ms = 30000;                             // upstreamTimeoutMs: whole exchange
  // Called after every exchange answered by the upstream (the conformance recorder hooks in here).
  std::function<void(const HttpRequest&, const HttpResponse&)> on_exchange;
  // When set, requests the upstream cannot answer are served by this backend (see file comment).
  std::unique_ptr<Backend> fallback;
  // Receives one line per upstream failure (the server routes it to its log); unset: a line on stderr.
  std::function<void(const std::string&)> log_error;
  // Failover (with a fallback): switches and reconciliation steps (warn: a switch to native; info: the
  // rest). Unset: lines on stderr.
  std::function<void(const std::string&)> log_warn, log_info;
  int probe_seconds = 5;                  // upstreamProbeSeconds
  int failover_sync_timeout_seconds = 10; // failoverSyncTimeoutSeconds
  // The `key` sent with the proxy's own requests to the upstream (the reconciliation's `sync`): the
  // desktop's apiKey, which is also ankiconnectd's (config apiKey). nullopt: none.
  std::optional<std::string> upstream_api_key;
};

std::unique_ptr<Backend> make_proxy_backend(ProxyOptions options);

// The failover state of a proxy backend with a fallback: {"mode": "upstream" | "native" |
// "reconciling", "upstream": URL, "since" (Unix ms of the last switch), "reason" (why it is not
// forwarding, "" when it is), "switchesToNative", "switchesToUpstream", "reconcileFailures",
// "lastReconcileError", "catchUpSync" ("none", "running", "ok", "failed: ..."), "lastProbe" (Unix ms),
// "lastProbeError"}. nullopt for any other backend.
std::optional<boost::json::object> proxy_failover_status(Backend& backend);

// The fallback backend of a proxy backend (to show its collection on the status page), else nullptr.
Backend* proxy_fallback(Backend& backend);

}  // namespace ankc
