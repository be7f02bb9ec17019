// The ankiconnectd configuration: one YAML file (config.yaml.example documents every key), overridden by
// ANKICONNECT_* environment variables. Keys mirror AnkiConnect's own config.json where they exist.
//
// Precedence, lowest first: built-in defaults; AnkiConnect's ANKICONNECT_BIND_ADDRESS and
// ANKICONNECT_CORS_ORIGIN (defaults for webBindAddress / webCorsOrigin, as the add-on reads them); the
// config file; ANKICONNECT_<KEY_IN_UPPER_SNAKE> (e.g. ANKICONNECT_WEB_BIND_PORT=9000), whose value is
// read as a YAML scalar or flow sequence/map.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace ankc {

// A configuration that cannot be used; what() names the key (or file) and the problem.
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(const std::string& text) : std::runtime_error(text) {}
};

// A sync account (sync-protocol.md §2): the host key `keygen` printed, the endpoint it belongs to
// (nullopt = AnkiWeb) and the user name, which only appears in logs and syncStatus.
struct SyncAccount {
  std::optional<std::string> endpoint;  // syncEndpoint
  std::optional<std::string> user;      // syncUser
  std::optional<std::string> key;       // syncKey
  bool operator==(const SyncAccount&) const = default;
};

// Shadow mode (config block `shadow:`): every sampled request is also sent, off the request path, to
// `url`, and answers that differ from the primary's (beyond the volatile values) go to `out`.
struct ShadowConfig {
  std::string url;                 // url: the shadow target (an AnkiConnect or ankiconnectd)
  std::string actions = "readonly";  // actions: readonly (requests that change nothing) | all
  double sample_rate = 1.0;        // sampleRate: 0-1, the share of eligible requests mirrored
  std::string out;                 // out: the cassette file divergences are written to
  bool operator==(const ShadowConfig&) const = default;
};

struct Config {
  // --- AnkiConnect's own settings (config.json / util.py DEFAULT_CONFIG) ---
  std::string web_bind_address = "127.0.0.1";          // webBindAddress
  int web_bind_port = 8765;                             // webBindPort
  int web_backlog = 5;                                  // webBacklog
  int web_timeout_ms = 10000;                           // webTimeout
  std::optional<std::string> api_key;                   // apiKey (null = none)
  std::optional<std::string> api_log_path;              // apiLogPath
  int api_version = 6;                                  // apiVersion
  int api_poll_interval_ms = 25;                        // apiPollInterval (accepted, unused)
  std::vector<std::string> web_cors_origin_list{"http://localhost"};  // webCorsOriginList
  std::optional<std::string> web_cors_origin;           // webCorsOrigin (deprecated)
  std::vector<std::string> ignore_origin_list;          // ignoreOriginList

  // --- ankiconnectd's settings ---
  std::string backend = "native";                       // backend: native | proxy
  std::filesystem::path data_dir;                       // dataDir (default: see default_data_dir)
  std::vector<std::pair<std::string, std::string>> profiles;  // profiles: {name: folder}, in file order
  std::string upstream_url = "http://127.0.0.1:8766";   // upstreamUrl
  long upstream_connect_timeout_ms = 2000;              // upstreamConnectTimeoutMs
  long upstream_timeout_ms = 30000;                     // upstreamTimeoutMs
  bool proxy_failover = false;                          // proxyFailover
  int upstream_probe_seconds = 5;                       // upstreamProbeSeconds: `version` probe period
  int failover_sync_timeout_seconds = 10;               // failoverSyncTimeoutSeconds: wait for the catch-up sync
  std::int64_t max_request_bytes = 268435456;           // maxRequestBytes
  std::string emulation = "anki25";                     // emulation: anki25 | anki23
  std::string log_level = "info";                       // logLevel: debug | info | warn | error
  std::string log_format = "text";                      // logFormat: text | json (one object per line)
  int threads = 0;                                      // threads (0 = one per core)
  std::string http_engine = "epoll";                    // httpEngine: "epoll" or "pistache"
  int read_timeout_ms = 5000;                           // readTimeoutMs: silence that ends a request read
  bool http_keep_alive = false;                         // httpKeepAlive: several requests per connection
  int max_connections = 1000;                           // maxConnections: beyond it, idle ones are closed
  std::optional<std::string> record;                    // record: proxy mode writes every exchange to this cassette
  std::optional<ShadowConfig> shadow;                   // shadow: {url, actions, sampleRate, out}; null = off
  std::string time_zone;                                // timeZone: IANA name for day boundaries; "" = host's

  // --- media sources (storeMediaFile / note media `path` and `url`); defaults = what AnkiConnect allows ---
  bool media_allow_paths = true;                        // mediaAllowPaths
  std::vector<std::string> media_path_roots;            // mediaPathRoots: empty = anywhere
  bool media_allow_urls = true;                         // mediaAllowUrls
  std::vector<std::string> media_url_schemes{"http", "https"};  // mediaUrlSchemes
  std::vector<std::string> media_url_hosts;             // mediaUrlHosts: empty = any
  std::int64_t media_max_bytes = 0;                     // mediaMaxBytes: 0 = unlimited
  int media_url_timeout_ms = 10000;                     // mediaUrlTimeoutMs

  // --- sync (AnkiWeb or a self-hosted sync server); SYNC_ENDPOINT/SYNC_USER/SYNC_KEY give defaults ---
  SyncAccount sync;                                     // syncEndpoint, syncUser, syncKey
  int sync_after_changes_seconds = 2;                   // syncAfterChangesSeconds: 0 = off
  int sync_interval_minutes = 30;                       // syncIntervalMinutes: 0 = off
  bool sync_on_start = true;                            // syncOnStart: full download into a new, empty collection
  int sync_timeout_seconds = 30;                        // syncTimeoutSeconds: a sync request idle this long fails
  bool sync_media = true;                               // syncMedia: media sync after each collection sync
  // Per-profile accounts from `profiles: {name: {folder: ..., syncKey: ...}}`; unset fields fall back
  // to the top-level keys.
  std::map<std::string, SyncAccount> profile_sync;

  // --- ankiconnectd as a sync server for AnkiDroid, AnkiMobile and desktop Anki ---
  bool sync_server = false;                             // syncServer
  std::string sync_server_bind_address = "127.0.0.1";   // syncServerBindAddress
  int sync_server_bind_port = 27701;                    // syncServerBindPort
  std::vector<std::string> sync_server_users;           // syncServerUsers: "name:password" (or a PHC hash)
  // --- the admin listener: /metrics, /healthz and the status page (src/admin.h) ---
  std::string admin_bind_address = "127.0.0.1";        // adminBindAddress
  int admin_bind_port = 0;                              // adminBindPort: 0 = off
  // --- packages (exportPackage / importPackage) ---
  std::vector<std::string> package_path_roots;          // packagePathRoots: empty = anywhere
  std::int64_t package_max_bytes = std::int64_t(4) << 30;  // packageMaxBytes: all members of one import; 0 = unlimited
  // --- backups (<profile>/backups, Anki's rule) ---
  int backup_interval_minutes = 30;                     // backupIntervalMinutes: 0 = no automatic backups
  int backups_daily = 12;                               // backupsDaily
  int backups_weekly = 10;                              // backupsWeekly
  int backups_monthly = 9;                              // backupsMonthly

  // The config file the settings were read from (nullopt = none); never written by the server.
  std::optional<std::filesystem::path> config_file;

  // Every setting equal (tests compare a configuration with the defaults).
  bool operator==(const Config&) const = default;

  // webCorsOriginList with webCorsOrigin appended when set and non-empty (AnkiConnect's rule).
  std::vector<std::string> effective_cors_origins() const;
  // The profiles the native backend opens: `profiles` with relative folders resolved against dataDir,
  // or the single profile "User 1" at dataDir when none are configured.
  std::vector<std::pair<std::string, std::filesystem::path>> effective_profiles() const;
  // The sync account of a profile: its own fields, else the top-level ones.
  SyncAccount effective_sync(const std::string& profile) const;
  // With syncServer: each syncServerUsers entry as (user, password, the profile it syncs: the profile
  // named like the user, else the first profile).
  struct ServedUser {
    std::string name, password, profile;
  };
  std::vector<ServedUser> served_users() const;
};

// Reads environment variables; injectable so tests need not touch the real environment.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;
// The process environment.
EnvLookup process_env();

// Builds the configuration from defaults, `path` (nullopt = no file) and `env`. Throws ConfigError.
Config load_config(const std::optional<std::filesystem::path>& path, const EnvLookup& env);

// $XDG_DATA_HOME/ankiconnectd, else $HOME/.local/share/ankiconnectd, else ./ankiconnectd-data.
std::filesystem::path default_data_dir(const EnvLookup& env);

// Every key a configuration file may set, in the order the loader knows them.
std::vector<std::string> config_keys();

// "webBindPort" -> "ANKICONNECT_WEB_BIND_PORT".
std::string env_name_for_key(const std::string& key);

}  // namespace ankc
