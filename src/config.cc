#include "src/config.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

namespace ankc {
namespace {

// A problem with one value; the caller adds where it came from and which key.
struct BadValue {
  std::string problem;
};

std::string describe(const YAML::Node& node) {
  if (node.IsNull()) return "null";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  return "'" + node.Scalar() + "'";
}

std::int64_t read_integer(const YAML::Node& node, std::int64_t min, std::int64_t max) {
  std::int64_t v = 0;
  if (!node.IsScalar() || !YAML::convert<std::int64_t>::decode(node, v))
    throw BadValue{"expected an integer, got " + describe(node)};
  if (v < min || v > max)
    throw BadValue{"must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                   std::to_string(v)};
  return v;
}

std::string read_string(const YAML::Node& node) {
  if (!node.IsScalar()) throw BadValue{"expected a string, got " + describe(node)};
  return node.Scalar();
}

bool read_bool(const YAML::Node& node) {
  bool v = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, v))
    throw BadValue{"expected true or false, got " + describe(node)};
  return v;
}

std::vector<std::string> read_string_list(const YAML::Node& node) {
  if (!node.IsSequence()) throw BadValue{"expected a list of strings, got " + describe(node)};
  std::vector<std::string> out;
  for (const auto& item : node) {
    if (!item.IsScalar()) throw BadValue{"expected a list of strings, found " + describe(item) + " in it"};
    out.push_back(item.Scalar());
  }
  return out;
}

// How a key is read, and how its ANKICONNECT_* variable is interpreted: text keys take the variable's
// value verbatim, the others parse it as YAML (so "9000", "true", "[a, b]" and "null" work).
enum class EnvForm { text, yaml };

struct Key {
  const char* name;
  EnvForm env_form;
  std::function<void(Config&, const YAML::Node&)> set;
};

// Makers for the usual kinds of key, so that adding a key is one line in keys() below.
Key integer_key(const char* name, int Config::*field, int min, int max) {
  return {name, EnvForm::yaml, [=](Config& c, const YAML::Node& n) { c.*field = int(read_integer(n, min, max)); }};
}
Key long_key(const char* name, long Config::*field, long min, long max) {
  return {name, EnvForm::yaml, [=](Config& c, const YAML::Node& n) { c.*field = long(read_integer(n, min, max)); }};
}
Key int64_key(const char* name, std::int64_t Config::*field, std::int64_t min, std::int64_t max) {
  return {name, EnvForm::yaml, [=](Config& c, const YAML::Node& n) { c.*field = read_integer(n, min, max); }};
}
Key string_key(const char* name, std::string Config::*field) {
  return {name, EnvForm::text, [=](Config& c, const YAML::Node& n) { c.*field = read_string(n); }};
}
Key optional_string_key(const char* name, std::optional<std::string> Config::*field) {
  return {name, EnvForm::yaml, [=](Config& c, const YAML::Node& n) {
            if (n.IsNull()) c.*field = std::nullopt;
            else c.*field = read_string(n);
          }};
}
Key choice_key(const char* name, std::string Config::*field, std::vector<std::string> choices) {
  return {name, EnvForm::text, [=](Config& c, const YAML::Node& n) {
            std::string v = read_string(n);
            std::string all;
            for (const auto& choice : choices) {
              if (v == choice) { c.*field = v; return; }
              all += (all.empty() ? "" : ", ") + choice;
            }
            throw BadValue{"must be one of " + all + ", got '" + v + "'"};
          }};
}
Key bool_key(const char* name, bool Config::*field) {
  return {name, EnvForm::yaml, [=](Config& c, const YAML::Node& n) { c.*field = read_bool(n); }};
}
Key string_list_key(const char* name, std::vector<std::string> Config::*field) {
  return {name, EnvForm::yaml, [=](Config& c, const YAML::Node& n) { c.*field = read_string_list(n); }};
}
Key path_key(const char* name, std::filesystem::path Config::*field) {
  return {name, EnvForm::text, [=](Config& c, const YAML::Node& n) {
            std::string v = read_string(n);
            if (v.empty()) throw BadValue{"must not be empty"};
            c.*field = v;
          }};
}
Key optional_account_key(const char* name, std::optional<std::string> SyncAccount::*field) {
  return {name, EnvForm::yaml, [=](Config& c, const YAML::Node& n) {
            if (n.IsNull()) c.sync.*field = std::nullopt;
            else c.sync.*field = read_string(n);
          }};
}

// A profile is `name: folder`, or `name: {folder: F, syncKey: K, syncUser: U, syncEndpoint: E}`.
Key profiles_key(const char* name) {
  return {name, EnvForm::yaml, [](Config& c, const YAML::Node& n) {
            if (n.IsNull()) { c.profiles.clear(); c.profile_sync.clear(); return; }
            if (!n.IsMap()) throw BadValue{"expected a map of profile name to folder, got " + describe(n)};
            std::vector<std::pair<std::string, std::string>> out;
            std::map<std::string, SyncAccount> accounts;
            for (const auto& entry : n) {
              std::string profile = read_string(entry.first);
              if (profile.empty()) throw BadValue{"a profile name must not be empty"};
              std::string folder;
              if (entry.second.IsMap()) {
                SyncAccount account;
                for (const auto& field : entry.second) {
                  std::string k = read_string(field.first);
                  auto optional = [&]() -> std::optional<std::string> {
                    if (field.second.IsNull()) return std::nullopt;
                    return read_string(field.second);
                  };
                  if (k == "folder") folder = read_string(field.second);
                  else if (k == "syncKey") account.key = optional();
                  else if (k == "syncUser") account.user = optional();
                  else if (k == "syncEndpoint") account.endpoint = optional();
                  else throw BadValue{"profile '" + profile + "': unknown key '" + k +
                                      "' (expected folder, syncKey, syncUser, syncEndpoint)"};
                }
                accounts[profile] = account;
              } else {
                folder = read_string(entry.second);
              }
              if (folder.empty()) throw BadValue{"the folder of profile '" + profile + "' must not be empty"};
              out.emplace_back(profile, folder);
            }
            c.profiles = std::move(out);
            c.profile_sync = std::move(accounts);
          }};
}

// `shadow: {url: U, actions: readonly|all, sampleRate: R, out: FILE}` (url and out required), or null.
Key shadow_key(const char* name) {
  return {name, EnvForm::yaml, [](Config& c, const YAML::Node& n) {
            if (n.IsNull()) { c.shadow.reset(); return; }
            if (!n.IsMap()) throw BadValue{"expected a map {url, actions, sampleRate, out} or null, got " + describe(n)};
            ShadowConfig s;
            bool has_url = false, has_out = false;
            for (const auto& field : n) {
              std::string k = read_string(field.first);
              if (k == "url") {
                s.url = read_string(field.second);
                has_url = !s.url.empty();
              } else if (k == "out") {
                s.out = read_string(field.second);
                has_out = !s.out.empty();
              } else if (k == "actions") {
                s.actions = read_string(field.second);
                if (s.actions != "readonly" && s.actions != "all")
                  throw BadValue{"actions must be one of readonly, all, got '" + s.actions + "'"};
              } else if (k == "sampleRate") {
                double v = 0;
                if (!field.second.IsScalar() || !YAML::convert<double>::decode(field.second, v) || !(v >= 0 && v <= 1))
                  throw BadValue{"sampleRate must be a number from 0 to 1, got " + describe(field.second)};
                s.sample_rate = v;
              } else {
                throw BadValue{"unknown key '" + k + "' (expected url, actions, sampleRate, out)"};
              }
            }
            if (!has_url) throw BadValue{"url (the shadow target) is required"};
            if (!has_out) throw BadValue{"out (the cassette file divergences go to) is required"};
            c.shadow = s;
          }};
}

const std::vector<Key>& keys() {
  static const std::vector<Key> table = {
      string_key("webBindAddress", &Config::web_bind_address),
      integer_key("webBindPort", &Config::web_bind_port, 1, 65535),
      integer_key("webBacklog", &Config::web_backlog, 1, 65535),
      integer_key("webTimeout", &Config::web_timeout_ms, 1, 86400000),
      optional_string_key("apiKey", &Config::api_key),
      optional_string_key("apiLogPath", &Config::api_log_path),
      integer_key("apiVersion", &Config::api_version, 1, 1000000),
      integer_key("apiPollInterval", &Config::api_poll_interval_ms, 1, 86400000),
      string_list_key("webCorsOriginList", &Config::web_cors_origin_list),
      optional_string_key("webCorsOrigin", &Config::web_cors_origin),
      string_list_key("ignoreOriginList", &Config::ignore_origin_list),
      choice_key("backend", &Config::backend, {"native", "proxy"}),
      path_key("dataDir", &Config::data_dir),
      profiles_key("profiles"),
      string_key("upstreamUrl", &Config::upstream_url),
      long_key("upstreamConnectTimeoutMs", &Config::upstream_connect_timeout_ms, 1, 86400000),
      long_key("upstreamTimeoutMs", &Config::upstream_timeout_ms, 1, 86400000),
      bool_key("proxyFailover", &Config::proxy_failover),
      integer_key("upstreamProbeSeconds", &Config::upstream_probe_seconds, 1, 3600),
      integer_key("failoverSyncTimeoutSeconds", &Config::failover_sync_timeout_seconds, 0, 3600),
      int64_key("maxRequestBytes", &Config::max_request_bytes, 1, std::int64_t(1) << 40),
      choice_key("emulation", &Config::emulation, {"anki25", "anki23"}),
      choice_key("logLevel", &Config::log_level, {"debug", "info", "warn", "error"}),
      choice_key("logFormat", &Config::log_format, {"text", "json"}),
      integer_key("threads", &Config::threads, 0, 256),
      choice_key("httpEngine", &Config::http_engine, {"epoll", "pistache"}),
      integer_key("readTimeoutMs", &Config::read_timeout_ms, 1, 86400000),
      bool_key("httpKeepAlive", &Config::http_keep_alive),
      integer_key("maxConnections", &Config::max_connections, 1, 1000000),
      optional_string_key("record", &Config::record),
      shadow_key("shadow"),
      string_key("timeZone", &Config::time_zone),
      bool_key("mediaAllowPaths", &Config::media_allow_paths),
      string_list_key("mediaPathRoots", &Config::media_path_roots),
      bool_key("mediaAllowUrls", &Config::media_allow_urls),
      string_list_key("mediaUrlSchemes", &Config::media_url_schemes),
      string_list_key("mediaUrlHosts", &Config::media_url_hosts),
      int64_key("mediaMaxBytes", &Config::media_max_bytes, 0, std::int64_t(1) << 40),
      integer_key("mediaUrlTimeoutMs", &Config::media_url_timeout_ms, 1, 86400000),
      optional_account_key("syncEndpoint", &SyncAccount::endpoint),
      optional_account_key("syncUser", &SyncAccount::user),
      optional_account_key("syncKey", &SyncAccount::key),
      integer_key("syncAfterChangesSeconds", &Config::sync_after_changes_seconds, 0, 86400),
      integer_key("syncIntervalMinutes", &Config::sync_interval_minutes, 0, 525600),
      bool_key("syncOnStart", &Config::sync_on_start),
      integer_key("syncTimeoutSeconds", &Config::sync_timeout_seconds, 1, 86400),
      bool_key("syncMedia", &Config::sync_media),
      bool_key("syncServer", &Config::sync_server),
      string_key("syncServerBindAddress", &Config::sync_server_bind_address),
      integer_key("syncServerBindPort", &Config::sync_server_bind_port, 1, 65535),
      string_list_key("syncServerUsers", &Config::sync_server_users),
      string_key("adminBindAddress", &Config::admin_bind_address),
      integer_key("adminBindPort", &Config::admin_bind_port, 0, 65535),
      string_list_key("packagePathRoots", &Config::package_path_roots),
      int64_key("packageMaxBytes", &Config::package_max_bytes, 0, std::int64_t(1) << 40),
      integer_key("backupIntervalMinutes", &Config::backup_interval_minutes, 0, 525600),
      integer_key("backupsDaily", &Config::backups_daily, 0, 10000),
      integer_key("backupsWeekly", &Config::backups_weekly, 0, 10000),
      integer_key("backupsMonthly", &Config::backups_monthly, 0, 10000),
  };
  return table;
}

const Key* find_key(const std::string& name) {
  for (const auto& key : keys())
    if (name == key.name) return &key;
  return nullptr;
}

void apply(Config& config, const Key& key, const YAML::Node& value, const std::string& source) {
  try {
    key.set(config, value);
  } catch (const BadValue& bad) {
    throw ConfigError(source + ": " + key.name + ": " + bad.problem);
  }
}

void apply_file(Config& config, const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path.string() + ": cannot read the config file");
  std::stringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError(path.string() + ": cannot read the config file");
  YAML::Node root;
  try {
    root = YAML::Load(text.str());
  } catch (const YAML::Exception& e) {
    throw ConfigError(path.string() + ": not valid YAML: " + e.what());
  }
  if (root.IsNull()) return;  // an empty file means "all defaults"
  if (!root.IsMap()) throw ConfigError(path.string() + ": expected a map of settings at the top level");
  std::set<std::string> seen;
  for (const auto& entry : root) {
    if (!entry.first.IsScalar()) throw ConfigError(path.string() + ": a key must be a string");
    std::string name = entry.first.Scalar();
    const Key* key = find_key(name);
    if (!key) throw ConfigError(path.string() + ": " + name + ": unknown key");
    if (!seen.insert(name).second) throw ConfigError(path.string() + ": " + name + ": given twice");
    apply(config, *key, entry.second, path.string());
  }
}

void apply_env(Config& config, const EnvLookup& env) {
  for (const auto& key : keys()) {
    std::string var = env_name_for_key(key.name);
    auto value = env(var);
    if (!value) continue;
    YAML::Node node;
    if (key.env_form == EnvForm::text) {
      node = YAML::Node(*value);
    } else {
      try {
        node = YAML::Load(*value);
      } catch (const YAML::Exception& e) {
        throw ConfigError("environment variable " + var + ": " + key.name + ": not a valid value: " + e.what());
      }
    }
    apply(config, key, node, "environment variable " + var);
  }
}

}  // namespace

std::vector<std::string> Config::effective_cors_origins() const {
  std::vector<std::string> out = web_cors_origin_list;
  if (web_cors_origin && !web_cors_origin->empty()) out.push_back(*web_cors_origin);
  return out;
}

std::vector<std::pair<std::string, std::filesystem::path>> Config::effective_profiles() const {
  std::vector<std::pair<std::string, std::filesystem::path>> out;
  for (const auto& [name, folder] : profiles) {
    std::filesystem::path p(folder);
    out.emplace_back(name, p.is_absolute() ? p : data_dir / p);
  }
  if (out.empty()) out.emplace_back("User 1", data_dir);
  return out;
}

SyncAccount Config::effective_sync(const std::string& profile) const {
  SyncAccount out = sync;
  auto it = profile_sync.find(profile);
  if (it == profile_sync.end()) return out;
  if (it->second.endpoint) out.endpoint = it->second.endpoint;
  if (it->second.user) out.user = it->second.user;
  if (it->second.key) out.key = it->second.key;
  return out;
}

std::vector<Config::ServedUser> Config::served_users() const {
  std::vector<ServedUser> out;
  auto profiles = effective_profiles();
  for (const std::string& entry : sync_server_users) {
    auto colon = entry.find(':');
    ServedUser u{entry.substr(0, colon), colon == std::string::npos ? "" : entry.substr(colon + 1), profiles[0].first};
    for (const auto& [name, folder] : profiles)
      if (name == u.name) u.profile = name;
    out.push_back(std::move(u));
  }
  return out;
}

namespace {
// syncServer's users must be well formed, and a profile is served or a sync client, not both.
void check_sync_server(const Config& c) {
  if (!c.sync_server) return;
  if (c.sync_server_users.empty())
    throw ConfigError("syncServerUsers: syncServer is on but no user is configured (\"name:password\")");
  for (const auto& u : c.served_users()) {
    if (u.name.empty() || u.password.empty())
      throw ConfigError("syncServerUsers: expected \"name:password\" entries, got '" + u.name + "'");
    if (c.effective_sync(u.profile).key)
      throw ConfigError("syncServer: profile '" + u.profile + "' is served to sync clients (user '" + u.name +
                        "') and is itself a sync client (syncKey); a profile is one or the other");
  }
}
}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

std::filesystem::path default_data_dir(const EnvLookup& env) {
  auto xdg = env("XDG_DATA_HOME");
  if (xdg && !xdg->empty()) return std::filesystem::path(*xdg) / "ankiconnectd";
  auto home = env("HOME");
  if (home && !home->empty()) return std::filesystem::path(*home) / ".local" / "share" / "ankiconnectd";
  return std::filesystem::path("ankiconnectd-data");
}

std::vector<std::string> config_keys() {
  std::vector<std::string> out;
  for (const auto& key : keys()) out.emplace_back(key.name);
  return out;
}

std::string env_name_for_key(const std::string& key) {
  std::string out = "ANKICONNECT_";
  for (size_t i = 0; i < key.size(); ++i) {
    char c = key[i];
    if (std::isupper(static_cast<unsigned char>(c)) && i > 0) out += '_';
    out += char(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

Config load_config(const std::optional<std::filesystem::path>& path, const EnvLookup& env) {
  Config config;
  config.data_dir = default_data_dir(env);
  // AnkiConnect reads these two as the defaults of its settings.
  if (auto v = env("ANKICONNECT_BIND_ADDRESS")) config.web_bind_address = *v;
  if (auto v = env("ANKICONNECT_CORS_ORIGIN")) config.web_cors_origin = *v;
  // The seed deployment's variables, defaults of the sync keys.
  if (auto v = env("SYNC_ENDPOINT"); v && !v->empty()) config.sync.endpoint = *v;
  if (auto v = env("SYNC_USER"); v && !v->empty()) config.sync.user = *v;
  if (auto v = env("SYNC_KEY"); v && !v->empty()) config.sync.key = *v;
  if (path) {
    apply_file(config, *path);
    config.config_file = *path;
  }
  apply_env(config, env);
  check_sync_server(config);
  // AnkiConnect answers every path on its port: the admin pages need one of their own.
  if (config.admin_bind_port != 0 && config.admin_bind_port == config.web_bind_port)
    throw ConfigError("adminBindPort: must differ from webBindPort (" + std::to_string(config.web_bind_port) +
                      "), which answers every path as AnkiConnect does");
  return config;
}

}  // namespace ankc
