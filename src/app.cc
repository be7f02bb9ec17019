#include "src/app.h"

#include <map>
#include <set>

#include "backends/native/sync/server/collection_host.h"
#include "backends/native/sync/server/sync_server.h"

#include <filesystem>
#include <stdexcept>

#include "backends/native/media/fetch.h"
#include "backends/native/native_backend.h"
#include "backends/proxy/proxy_backend.h"
#include "conformance/recorder.h"
#include "src/logging.h"

namespace ankc {
namespace {

std::unique_ptr<Backend> make_native(const Config& config) {
  native::media::FetchPolicy media;
  media.allow_paths = config.media_allow_paths;
  media.path_roots = config.media_path_roots;
  media.allow_urls = config.media_allow_urls;
  media.url_schemes = config.media_url_schemes;
  media.url_hosts = config.media_url_hosts;
  media.max_bytes = config.media_max_bytes;
  media.timeout_ms = config.media_url_timeout_ms;
  native::media::set_fetch_policy(std::move(media));
  NativeOptions options;
  auto emulation = Emulation::from_name(config.emulation);
  if (!emulation) throw std::runtime_error("unknown emulation " + config.emulation);
  options.py_flavour = emulation->py;
  options.log_error = [](const std::string& line) { log::error(line); };
  options.log_info = [](const std::string& line) { log::info(line); };
  std::set<std::string> served;
  if (config.sync_server)
    for (const auto& u : config.served_users()) served.insert(u.profile);
  for (const auto& [name, folder] : config.effective_profiles()) {
    SyncAccount account = config.effective_sync(name);
    options.profiles.push_back({name, folder, account.endpoint, account.user, account.key, served.count(name) > 0});
  }
  options.sync_after_changes_seconds = config.sync_after_changes_seconds;
  options.sync_interval_minutes = config.sync_interval_minutes;
  options.sync_on_start = config.sync_on_start;
  options.sync_timeout_seconds = config.sync_timeout_seconds;
  options.sync_media = config.sync_media;
  for (const std::filesystem::path root : config.package_path_roots)  // relative roots: under dataDir
    options.package_path_roots.push_back(root.is_absolute() ? root : config.data_dir / root);
  options.package_max_bytes = config.package_max_bytes;
  options.backup_interval_minutes = config.backup_interval_minutes;
  options.backup_limits = {config.backups_daily, config.backups_weekly, config.backups_monthly};
  if (config.config_file) options.protected_paths.push_back(*config.config_file);
  if (config.api_log_path) options.protected_paths.emplace_back(*config.api_log_path);
  return make_native_backend(options);
}

}  // namespace

CompatSettings compat_settings_for(const Config& config) {
  CompatSettings settings;
  auto emulation = Emulation::from_name(config.emulation);
  if (!emulation) throw std::runtime_error("unknown emulation " + config.emulation);
  settings.emulation = *emulation;
  settings.api_key = config.api_key;
  settings.cors_origins = config.effective_cors_origins();
  settings.ignore_origins = config.ignore_origin_list;
  settings.api_version = config.api_version;
  return settings;
}

std::unique_ptr<Backend> make_backend(const Config& config) {
  std::error_code error;
  std::filesystem::create_directories(config.data_dir, error);
  if (error) throw std::runtime_error("cannot create dataDir " + config.data_dir.string() + ": " + error.message());
  if (config.backend == "native") return make_native(config);
  ProxyOptions options;
  options.upstream_url = config.upstream_url;
  options.connect_timeout_ms = config.upstream_connect_timeout_ms;
  options.timeout_ms = config.upstream_timeout_ms;
  options.log_error = [](const std::string& line) { log::error(line); };
  if (config.proxy_failover) options.fallback = make_native(config);
  if (config.record) {
    conformance::CassetteHeader header;
    header.source = "recorded by ankiconnectd in front of " + config.upstream_url;
    header.emulation = config.emulation;
    header.state = "unknown (recorded from a live upstream)";
    options.on_exchange = conformance::make_cassette_recorder(*config.record, header);
  }
  return make_proxy_backend(std::move(options));
}

App::App(const Config& config) {
  backend_ = make_backend(config);
  api_ = std::make_unique<Api>(compat_settings_for(config), *backend_);
  web_ = std::make_unique<Web>(*backend_, *api_);
  if (config.api_log_path) api_log_ = std::make_unique<ApiLog>(*config.api_log_path);
  ServerOptions options;
  options.address = config.web_bind_address;
  options.port = config.web_bind_port;
  options.threads = config.threads;
  options.engine = config.http_engine;
  options.backlog = config.web_backlog;
  options.limits.max_body_bytes = config.max_request_bytes;
  options.read_timeout_ms = config.read_timeout_ms;
  options.keep_alive = config.http_keep_alive;
  options.max_connections = config.max_connections;
  server_ = std::make_unique<HttpServer>(options, *web_, api_log_.get());
  if (config.sync_server && config.backend == "native") {
    native::sync::SyncServerOptions sync;
    sync.host = config.sync_server_bind_address;
    sync.port = static_cast<uint16_t>(config.sync_server_bind_port);
    std::map<std::string, std::string> profile_of;
    for (const auto& u : config.served_users()) {
      sync.users.push_back({u.name, u.password});
      profile_of[u.name] = u.profile;
    }
    Backend* backend = backend_.get();
    sync.hosts = [backend, profile_of](const native::sync::SyncUser& user) {
      return native_profile_host(*backend, profile_of.at(user.name));
    };
    sync_server_ = std::make_unique<native::sync::SyncServer>(std::move(sync));
    sync_server_address_ = config.sync_server_bind_address + ":" + std::to_string(config.sync_server_bind_port);
  }
}

App::~App() { stop(); }

void App::start() {
  server_->start();
  if (sync_server_) {
    try {
      sync_server_->start();
    } catch (const std::exception& e) {
      server_->stop();
      throw std::runtime_error("sync server: cannot listen on " + sync_server_address_ + ": " + e.what());
    }
    log::info("sync server listening on " + sync_server_address_);
  }
}

void App::stop() {
  if (sync_server_) sync_server_->stop();
  if (server_) server_->stop();
}

}  // namespace ankc
