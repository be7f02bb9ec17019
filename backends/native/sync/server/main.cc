// ankc-sync-server: the sync server configured like Anki's reference server, from the environment
// (sync-protocol.md §9): SYNC_USER1..n=name:password (at least one), SYNC_HOST (default 127.0.0.1,
// not the reference's 0.0.0.0), SYNC_PORT (default 8080; 0 = a free port), SYNC_BASE (default
// ~/.syncserver), MAX_SYNC_PAYLOAD_MEGS (default 100). Prints "listening on HOST:PORT" once bound
// and serves until SIGINT/SIGTERM.
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

#include "backends/native/sync/server/sync_server.h"

namespace {

std::string env_or(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::string(v) : fallback;
}

long number_env(const char* name, long fallback, long min, long max) {
  std::string text = env_or(name, "");
  if (text.empty()) return fallback;
  char* end = nullptr;
  long n = std::strtol(text.c_str(), &end, 10);
  if (*end != '\0' || n < min || n > max) {
    throw std::runtime_error(std::string(name) + " must be a number from " + std::to_string(min) + " to " +
                             std::to_string(max) + ", not '" + text + "'");
  }
  return n;
}

}  // namespace

int main() {
  using namespace ankc::native::sync;
  try {
    SyncServerOptions options;
    for (int i = 1;; ++i) {
      std::string name = "SYNC_USER" + std::to_string(i);
      const char* value = std::getenv(name.c_str());
      if (!value) break;
      std::string text = value;
      size_t colon = text.find(':');
      if (colon == std::string::npos || colon == 0) {
        throw std::runtime_error(name + " must be name:password");
      }
      options.users.push_back({text.substr(0, colon), text.substr(colon + 1)});
    }
    if (options.users.empty()) throw std::runtime_error("no users: set SYNC_USER1=name:password");
    options.host = env_or("SYNC_HOST", "127.0.0.1");
    options.port = static_cast<uint16_t>(number_env("SYNC_PORT", 8080, 0, 65535));
    options.base = env_or("SYNC_BASE", env_or("HOME", ".") + "/.syncserver");
    options.max_payload_mib = static_cast<size_t>(number_env("MAX_SYNC_PAYLOAD_MEGS", 100, 1, 4096));

    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before the server's threads start

    SyncServer server(options);
    server.start();
    std::cout << "listening on " << options.host << ":" << server.port() << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "ankc-sync-server: " << e.what() << std::endl;
    return 1;
  }
}
