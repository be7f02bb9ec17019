// Shadow mode (config `shadow:`): ankiconnectd answers from its primary backend as usual and, off the
// request path, sends the same request to a shadow target, compares the two responses with the
// conformance suite's volatile-value rules (conformance/volatile_values.h), and records every
// divergence as a cassette exchange (request + the primary's response, so `ankiconnectd replay FILE
// --target SHADOW` shows it again) plus a log line with a byte diff.
//
// It sits at the backend seam: a Backend whose passThrough answers every exchange through a Web over
// the primary (the primary's exact bytes), then queues a copy for the mirror thread. The queue is
// bounded: when the shadow falls behind, requests are not mirrored (counted as dropped), never delayed.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "backends/backend.h"
#include "src/web.h"

namespace ankc {

struct ShadowOptions {
  std::string url;              // the shadow target
  bool all_actions = false;     // false: only requests that change nothing (proxy/request_kind.h)
  double sample_rate = 1.0;     // share of eligible requests mirrored
  std::string out;              // the divergences cassette (rewritten through a temporary file)
  std::string emulation = "anki25";  // the cassette header's
  bool primary_passes_through = false;  // the primary's Backend::may_pass_through (a proxy)
  std::string primary_name;     // for the cassette header and logs ("native", "proxy to URL")
  long timeout_ms = 30000;      // one shadow exchange
  std::size_t queue_limit = 1000;
  std::function<void(const std::string&)> log_warn, log_info;
};

// `primary_web` answers every request (a Web over the primary backend, which must outlive the result).
// Creates `out` at once (throws std::runtime_error when it cannot be written).
std::unique_ptr<Backend> make_shadow_backend(Web& primary_web, ShadowOptions options);

}  // namespace ankc
