// Starts an ankiconnectd native backend for one cassette: `<binary> serve --config <tmp>/config.yaml` on
// a free loopback port, with a temporary dataDir holding a copy of the cassette's starting state
// ("fresh" = empty folder; "fixture:<file>.anki2" = that fixture copied to collection.anki2, plus its
// "<file>.media" folder as collection.media when present). Stopped (SIGTERM) and removed on destruction.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "conformance/cassette.h"
#include "conformance/http_wire.h"

namespace ankc::conformance {

class ServerProcess {
 public:
  // Starts the server and waits until it accepts connections. On failure returns nullptr and sets
  // `error` (including the tail of the server's log).
  static std::unique_ptr<ServerProcess> start(const std::filesystem::path& binary, const CassetteHeader& header,
                                              const std::filesystem::path& fixtures_dir, std::string& error);
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  const HostPort& address() const { return address_; }
  // The server's stdout+stderr so far (for failure reports).
  std::string log_tail(std::size_t max_bytes = 2000) const;
  // True while the process runs.
  bool alive();
  // SIGTERM, then waits up to 2 s (then SIGKILL). True when it exited with status 0 within that time.
  // The log stays readable (log_tail) until destruction, which stops the server if it still runs.
  bool stop();

 private:
  ServerProcess() = default;
  int pid_ = -1;
  HostPort address_;
  std::filesystem::path dir_;
};

// The YAML (JSON flow syntax) config the replayer writes for a cassette.
std::string server_config_text(const CassetteHeader& header, int port, const std::filesystem::path& data_dir);

}  // namespace ankc::conformance
