// The recorder: turns live HTTP exchanges seen by a proxy-mode server into a cassette. Two ways in:
//   * make_cassette_recorder(): the hook for ProxyOptions::on_exchange (src/ can wire a `record: FILE`
//     config key to it);
//   * RecordingProxy: a minimal one-request-per-connection HTTP listener in front of the proxy backend,
//     which is what `ankiconnectd record --upstream URL --out FILE [--listen HOST:PORT]` runs.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "backends/backend.h"
#include "conformance/cassette.h"
#include "conformance/http_wire.h"

namespace ankc::conformance {

using ExchangeHook = std::function<void(const HttpRequest&, const HttpResponse&)>;

// Creates (truncates) `path`, writes the header line, and returns a thread-safe hook that appends one
// exchange line per call, flushed at once. Throws CassetteError when the file cannot be written.
ExchangeHook make_cassette_recorder(const std::filesystem::path& path, const CassetteHeader& header);

// The cassette form of a live exchange. Request headers lose Host and hop-by-hop headers (the replayer
// supplies its own Host); everything else is kept byte for byte.
Exchange exchange_from(const HttpRequest& request, const HttpResponse& response, const std::string& name);

// The standard reason phrase for a status ("OK", "Forbidden", ...).
std::string reason_phrase(int status);

class RecordingProxy {
 public:
  // Listens on `listen` (port 0 = pick a free one) and forwards every request to `upstream_url` through
  // the proxy backend, recording each exchange into `out`. Throws std::runtime_error on failure.
  RecordingProxy(const HostPort& listen, const std::string& upstream_url, const std::filesystem::path& out,
                 const CassetteHeader& header);
  ~RecordingProxy();  // stops listening

  const HostPort& address() const { return address_; }
  // Serves until stop() is called from another thread (or a signal handler sets the flag).
  void run();
  void stop() { stopping_ = true; }

 private:
  void serve_one(int client_fd);

  HostPort address_;
  int listen_fd_ = -1;
  std::unique_ptr<Backend> proxy_;
  std::atomic<bool> stopping_{false};
};

}  // namespace ankc::conformance
