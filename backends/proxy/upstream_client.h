// One HTTP exchange with the upstream AnkiConnect, over libcurl.
//
// Each calling thread keeps its own curl easy handle (and so its own connection cache), so exchanges
// from different threads run in parallel while each thread reuses its connections to the upstream.
#pragma once

#include <string>

#include "backends/backend.h"

namespace ankc::proxy {

// What came back: either the upstream's response or why there is none.
struct UpstreamResult {
  bool answered = false;  // the upstream sent a complete HTTP response
  HttpResponse response;  // status, end-to-end headers in arrival order, body; when answered
  std::string cause;      // curl's reason (e.g. "Timeout was reached (...)"); when !answered
  // When !answered: whether request bytes went out, so the upstream may have acted on the request
  // (false: the connection was never made, or failed before a byte was sent).
  bool maybe_delivered = false;
};

class UpstreamClient {
 public:
  // base_url: scheme, host, port and optional path prefix ("http://127.0.0.1:8766").
  UpstreamClient(std::string base_url, long connect_timeout_ms, long timeout_ms);

  // Sends the request's method, target, body and end-to-end headers; Host and Content-Length are set
  // by curl, and curl adds no Accept, Content-Type or Expect of its own. Thread-safe.
  UpstreamResult send(const HttpRequest& request) const;

  const std::string& base_url() const { return base_url_; }

 private:
  std::string url_for(const std::string& target) const;

  std::string base_url_;
  long connect_timeout_ms_;
  long timeout_ms_;
};

}  // namespace ankc::proxy
