// One running ankiconnectd: the backend chosen by the configuration, the compat Api over it, the web
// layer, the api log and the HTTP server, wired together in that order and torn down in reverse.
#pragma once

#include <memory>

#include "backends/backend.h"
#include "compat/api.h"
#include "src/admin.h"
#include "src/api_log.h"
#include "src/config.h"
#include "src/http_server.h"
#include "src/web.h"

namespace ankc {
namespace native::sync { class SyncServer; }

// The CompatSettings a configuration asks for.
CompatSettings compat_settings_for(const Config& config);
// The configuration summary the status page shows: no apiKey, syncKey or passwords, only whether set.
std::vector<std::pair<std::string, std::string>> config_summary(const Config& config);
// The backend a configuration asks for (creates dataDir and profile folders). Throws on failure.
std::unique_ptr<Backend> make_backend(const Config& config);

class App {
 public:
  // Builds everything but does not listen yet. Throws std::runtime_error naming the cause.
  explicit App(const Config& config);
  ~App();

  // Starts listening (throws std::runtime_error, e.g. address in use).
  void start();
  // Stops the server; idempotent.
  void stop();

 private:
  // Shadow mode (config `shadow`): the primary backend and the web layer answering over it; backend_
  // is then the shadow backend around them (src/shadow.h). Declared first: destroyed last.
  std::unique_ptr<Backend> primary_;
  std::unique_ptr<Api> primary_api_;
  std::unique_ptr<Web> primary_web_;
  std::unique_ptr<Backend> backend_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<Web> web_;
  std::unique_ptr<ApiLog> api_log_;
  std::unique_ptr<HttpServer> server_;
  // ankiconnectd as a sync server (syncServer), on its own listener.
  std::unique_ptr<native::sync::SyncServer> sync_server_;
  std::string sync_server_address_;
  // The admin listener (adminBindPort != 0).
  std::unique_ptr<AdminServer> admin_server_;
  std::string admin_address_;
};

}  // namespace ankc
