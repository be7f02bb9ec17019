#include "src/app.h"

#include <algorithm>
#include <thread>
#include <map>
#include <set>

#include "backends/native/sync/server/collection_host.h"
#include "backends/native/sync/server/sync_server.h"

#include <chrono>
#include <filesystem>
#include <stdexcept>

#include "backends/native/media/fetch.h"
#include "backends/native/native_backend.h"
#include "backends/proxy/proxy_backend.h"
#include "conformance/recorder.h"
#include "src/logging.h"
#include "src/shadow.h"

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
  options.log_event = [](const native::LogEvent& e) {
    std::vector<log::Field> fields;
    for (const auto& f : e.fields) fields.push_back({f.name, f.value, f.number});
    log::write_event(e.error ? log::Level::error : log::Level::info, e.text, fields);
  };
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

std::vector<std::pair<std::string, std::string>> config_summary(const Config& c) {
  auto set_or_not = [](const std::optional<std::string>& v) { return v && !v->empty() ? "set" : "not set"; };
  auto yes_no = [](bool b) { return b ? "on" : "off"; };
  std::vector<std::pair<std::string, std::string>> out;
  out.emplace_back("config file", c.config_file ? c.config_file->string() : "none (defaults and environment)");
  out.emplace_back("listening on", c.web_bind_address + ":" + std::to_string(c.web_bind_port));
  out.emplace_back("backend", c.backend);
  if (c.backend == "proxy") {
    std::string url = c.upstream_url;  // never show credentials embedded in the URL
    if (auto at = url.find('@'), scheme = url.find("://"); at != std::string::npos && scheme != std::string::npos)
      url = url.substr(0, scheme + 3) + "***" + url.substr(at);
    out.emplace_back("upstream", url + (c.proxy_failover ? " (failover to native)" : ""));
  }
  if (c.shadow)
    out.emplace_back("shadow", c.shadow->url + " (" + c.shadow->actions + ", sample rate " +
                                   std::to_string(c.shadow->sample_rate).substr(0, 4) + ", divergences to " +
                                   c.shadow->out + ")");
  out.emplace_back("emulation", c.emulation);
  out.emplace_back("dataDir", c.data_dir.string());
  std::string profiles;
  for (const auto& [name, folder] : c.effective_profiles())
    profiles += (profiles.empty() ? "" : ", ") + name + " (" + folder.string() + ")";
  out.emplace_back("profiles", profiles);
  out.emplace_back("apiKey", set_or_not(c.api_key));
  out.emplace_back("syncKey", set_or_not(c.sync.key));
  out.emplace_back("automatic sync", "after changes " + std::to_string(c.sync_after_changes_seconds) + " s, every " +
                                         std::to_string(c.sync_interval_minutes) + " min, media " +
                                         yes_no(c.sync_media));
  out.emplace_back("sync server", c.sync_server ? c.sync_server_bind_address + ":" +
                                                      std::to_string(c.sync_server_bind_port)
                                                : std::string("off"));
  out.emplace_back("threads / engine", std::to_string(c.threads) + " / " + c.http_engine);
  out.emplace_back("logs", c.log_level + ", " + c.log_format);
  return out;
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
  options.log_warn = [](const std::string& line) { log::warn(line); };
  options.log_info = [](const std::string& line) { log::info(line); };
  options.probe_seconds = config.upstream_probe_seconds;
  options.failover_sync_timeout_seconds = config.failover_sync_timeout_seconds;
  options.upstream_api_key = config.api_key;
  if (config.proxy_failover) {
    options.fallback = make_native(config);
    if (!config.effective_sync(config.effective_profiles().front().first).key)
      log::warn("proxyFailover without a syncKey: the native backend answers from a collection that is not the "
                "desktop's, and what is written there while the desktop is down never reaches it (see README, "
                "Failover)");
  }
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
  if (config.shadow) {
    primary_ = std::move(backend_);
    primary_api_ = std::make_unique<Api>(compat_settings_for(config), *primary_);
    primary_web_ = std::make_unique<Web>(*primary_, *primary_api_);
    ShadowOptions shadow;
    shadow.url = config.shadow->url;
    shadow.all_actions = config.shadow->actions == "all";
    shadow.sample_rate = config.shadow->sample_rate;
    shadow.out = config.shadow->out;
    shadow.emulation = config.emulation;
    shadow.primary_passes_through = config.backend == "proxy";
    shadow.primary_name = config.backend == "proxy" ? "proxy to " + config.upstream_url : config.backend;
    shadow.timeout_ms = config.upstream_timeout_ms;
    shadow.log_warn = [](const std::string& line) { log::warn(line); };
    shadow.log_info = [](const std::string& line) { log::info(line); };
    backend_ = make_shadow_backend(*primary_web_, std::move(shadow));
  }
  // What the admin listener and the sync server look at: the primary, not the shadow wrapper.
  Backend* primary = primary_ ? primary_.get() : backend_.get();
  api_ = std::make_unique<Api>(compat_settings_for(config), *backend_);
  web_ = std::make_unique<Web>(*backend_, *api_);
  if (config.api_log_path) api_log_ = std::make_unique<ApiLog>(*config.api_log_path);
  ServerOptions options;
  options.address = config.web_bind_address;
  options.port = config.web_bind_port;
  // threads 0: one connection thread per core. The epoll engine hands requests that need a
  // collection to two lanes (src/http_server.cc Lanes): one read thread per read connection of the
  // native backend (two per core, at least 4), and 32 for the rest (writes wait for the collection
  // together there, and proxied exchanges wait for the desktop). Writes go one at a time, but those
  // waiting share one commit (group commit), so concurrent writers gain from having their requests
  // in flight: 16 addNote clients made 1,800–2,000 writes/s with 8 such threads, 3,100–3,400 with 16
  // or 32; 64 clients 1,700 with 8, 2,900–3,500 with 32 (bench/README.md). They start on first use.
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  options.threads = config.threads > 0 ? config.threads : int(cores);
  options.read_threads = int(native_read_connections());
  options.other_threads = 32;
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
    Backend* backend = primary;
    sync.hosts = [backend, profile_of](const native::sync::SyncUser& user) {
      return native_profile_host(*backend, profile_of.at(user.name));
    };
    sync_server_ = std::make_unique<native::sync::SyncServer>(std::move(sync));
    sync_server_address_ = config.sync_server_bind_address + ":" + std::to_string(config.sync_server_bind_port);
  }
  if (config.admin_bind_port != 0) {
    auto now_ms = [] {
      return std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
    Backend* backend = primary;
    Web* web = web_.get();
    auto summary = config_summary(config);
    std::string backend_name = config.backend;
    std::int64_t started = now_ms();
    auto view = [=] {
      AdminView v;
      v.version = ANKC_VERSION;
      v.backend = backend_name;
      v.now_unix_ms = now_ms();
      v.start_unix_ms = started;
      v.rss_bytes = process_rss_bytes();
      v.requests = web->metrics().snapshot();
      Backend* fallback = proxy_fallback(*backend);
      v.native = native_admin_status(fallback ? *fallback : *backend, std::chrono::milliseconds(2000));
      v.failover = proxy_failover_status(*backend);
      v.config = summary;
      return v;
    };
    std::optional<std::string> key;
    if (config.api_key && !is_loopback_address(config.admin_bind_address)) key = config.api_key;
    admin_server_ = std::make_unique<AdminServer>(config.admin_bind_address, config.admin_bind_port,
                                                  std::make_shared<AdminService>(view, key));
    admin_address_ = config.admin_bind_address + ":" + std::to_string(config.admin_bind_port);
  }
}

App::~App() { stop(); }

void App::start() {
  // The admin listener first: once the AnkiConnect port accepts, /healthz answers too.
  if (admin_server_) {
    try {
      admin_server_->start();
    } catch (const std::exception& e) {
      throw std::runtime_error("admin listener: cannot listen on " + admin_address_ + ": " + e.what());
    }
  }
  try {
    server_->start();
  } catch (...) {
    if (admin_server_) admin_server_->stop();
    throw;
  }
  if (sync_server_) {
    try {
      sync_server_->start();
    } catch (const std::exception& e) {
      server_->stop();
      if (admin_server_) admin_server_->stop();
      throw std::runtime_error("sync server: cannot listen on " + sync_server_address_ + ": " + e.what());
    }
    log::info("sync server listening on " + sync_server_address_);
  }
  if (admin_server_) log::info("admin listener on http://" + admin_address_ + "/ (/metrics, /healthz)");
}

void App::stop() {
  if (admin_server_) admin_server_->stop();
  if (sync_server_) sync_server_->stop();
  if (server_) server_->stop();
}

}  // namespace ankc
