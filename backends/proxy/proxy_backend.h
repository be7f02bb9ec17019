// The proxy backend: forwards every HTTP exchange to a desktop AnkiConnect ("upstream") byte for byte,
// with libcurl, reusing connections. When the upstream cannot be reached it answers with an
// AnkiConnect-shaped error naming the upstream and the cause, or — if a fallback backend is given —
// lets the compat layer answer through that backend instead (failover to native).
#pragma once

#include <functional>
#include <memory>
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
};

std::unique_ptr<Backend> make_proxy_backend(ProxyOptions options);

}  // namespace ankc
