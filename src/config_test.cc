// Unit tests of config loading (the e2e config tests in tests/ run the binary).
#include <catch2/catch.hpp>

#include <fstream>
#include <map>

#include "src/config.h"

using namespace ankc;

namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::filesystem::path write_temp(const std::string& text) {
  static int n = 0;
  auto path = std::filesystem::temp_directory_path() / ("ankc_config_test_" + std::to_string(getpid()) + "_" + std::to_string(n++) + ".yaml");
  std::ofstream(path) << text;
  return path;
}

std::string error_of(const std::string& yaml, std::map<std::string, std::string> env = {}) {
  auto path = write_temp(yaml);
  std::string error;
  try {
    load_config(path, env_of(env));
  } catch (const ConfigError& e) {
    error = e.what();
  }
  std::filesystem::remove(path);
  return error;
}

}  // namespace

TEST_CASE("config: defaults") {
  Config c = load_config(std::nullopt, env_of({{"HOME", "/home/u"}}));
  CHECK(c.web_bind_address == "127.0.0.1");
  CHECK(c.web_bind_port == 8765);
  CHECK_FALSE(c.api_key);
  CHECK(c.web_cors_origin_list == std::vector<std::string>{"http://localhost"});
  CHECK(c.data_dir == "/home/u/.local/share/ankiconnectd");
  CHECK(c.max_request_bytes == 268435456);
  CHECK(c.threads == 0);
  CHECK(c.http_engine == "epoll");
  CHECK_FALSE(c.http_keep_alive);
  CHECK(c.max_connections == 1000);
  auto profiles = c.effective_profiles();
  REQUIRE(profiles.size() == 1);
  CHECK(profiles[0].first == "User 1");
  CHECK(load_config(std::nullopt, env_of({{"XDG_DATA_HOME", "/x"}})).data_dir == "/x/ankiconnectd");
}

TEST_CASE("config: file values, AnkiConnect env defaults, env overrides") {
  auto path = write_temp(
      "webBindPort: 9001\napiKey: secret\nwebCorsOrigin: http://b\nprofiles:\n  Alice: a\n  Bob: /abs/bob\n"
      "dataDir: /d\nproxyFailover: true\n");
  struct Remove { std::filesystem::path p; ~Remove() { std::filesystem::remove(p); } } remove_later{path};
  Config c = load_config(path, env_of({{"ANKICONNECT_BIND_ADDRESS", "0.0.0.0"}}));
  CHECK(c.web_bind_port == 9001);
  CHECK(c.api_key == "secret");
  CHECK(c.web_bind_address == "0.0.0.0");
  CHECK(c.effective_cors_origins() == std::vector<std::string>{"http://localhost", "http://b"});
  auto profiles = c.effective_profiles();
  REQUIRE(profiles.size() == 2);
  CHECK(profiles[0] == std::pair<std::string, std::filesystem::path>{"Alice", "/d/a"});
  CHECK(profiles[1].second == "/abs/bob");
  CHECK(c.proxy_failover);

  Config e = load_config(path, env_of({{"ANKICONNECT_WEB_BIND_PORT", "9100"},
                                       {"ANKICONNECT_API_KEY", "null"},
                                       {"ANKICONNECT_WEB_CORS_ORIGIN_LIST", "[\"*\"]"},
                                       {"ANKICONNECT_CORS_ORIGIN", "http://ignored-by-file"}}));
  CHECK(e.web_bind_port == 9100);
  CHECK_FALSE(e.api_key);
  CHECK(e.effective_cors_origins() == std::vector<std::string>{"*", "http://b"});
  CHECK(env_name_for_key("upstreamConnectTimeoutMs") == "ANKICONNECT_UPSTREAM_CONNECT_TIMEOUT_MS");
}

TEST_CASE("config: errors name the key and the problem") {
  CHECK_THAT(error_of("webBindPrt: 1\n"), Catch::Contains("webBindPrt: unknown key"));
  CHECK_THAT(error_of("webBindPort: abc\n"), Catch::Contains("webBindPort: expected an integer, got 'abc'"));
  CHECK_THAT(error_of("webBindPort: 70000\n"), Catch::Contains("webBindPort: must be between 1 and 65535"));
  CHECK_THAT(error_of("webCorsOriginList: http://x\n"), Catch::Contains("webCorsOriginList: expected a list of strings"));
  CHECK_THAT(error_of("backend: remote\n"), Catch::Contains("backend: must be one of native, proxy, got 'remote'"));
  CHECK_THAT(error_of("emulation: anki24\n"), Catch::Contains("emulation: must be one of anki25, anki23"));
  CHECK_THAT(error_of("logLevel: loud\n"), Catch::Contains("logLevel: must be one of"));
  CHECK_THAT(error_of("proxyFailover: maybe\n"), Catch::Contains("proxyFailover: expected true or false"));
  CHECK_THAT(error_of("- a\n- b\n"), Catch::Contains("expected a map of settings"));
  CHECK_THAT(error_of("a: [\n"), Catch::Contains("not valid YAML"));
  CHECK_THAT(error_of("", {{"ANKICONNECT_THREADS", "many"}}),
             Catch::Contains("environment variable ANKICONNECT_THREADS: threads: expected an integer"));
  CHECK(error_of("") == "");
  try {
    load_config(std::filesystem::path("/nonexistent/ankc.yaml"), env_of({}));
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK_THAT(e.what(), Catch::Contains("cannot read the config file"));
  }
}

TEST_CASE("config: config.yaml.example loads and states the defaults") {
  auto env = env_of({{"HOME", "/home/u"}});
  Config example = load_config(std::filesystem::path(ANKC_SOURCE_DIR) / "config.yaml.example", env);
  Config defaults = load_config(std::nullopt, env);
  CHECK(example.web_bind_address == defaults.web_bind_address);
  CHECK(example.web_bind_port == defaults.web_bind_port);
  CHECK(example.web_backlog == defaults.web_backlog);
  CHECK(example.web_timeout_ms == defaults.web_timeout_ms);
  CHECK(example.api_key == defaults.api_key);
  CHECK(example.api_log_path == defaults.api_log_path);
  CHECK(example.api_version == defaults.api_version);
  CHECK(example.web_cors_origin_list == defaults.web_cors_origin_list);
  CHECK(example.web_cors_origin == defaults.web_cors_origin);
  CHECK(example.ignore_origin_list == defaults.ignore_origin_list);
  CHECK(example.backend == defaults.backend);
  CHECK(example.data_dir == defaults.data_dir);
  CHECK(example.profiles == defaults.profiles);
  CHECK(example.upstream_url == defaults.upstream_url);
  CHECK(example.upstream_connect_timeout_ms == defaults.upstream_connect_timeout_ms);
  CHECK(example.upstream_timeout_ms == defaults.upstream_timeout_ms);
  CHECK(example.proxy_failover == defaults.proxy_failover);
  CHECK(example.max_request_bytes == defaults.max_request_bytes);
  CHECK(example.emulation == defaults.emulation);
  CHECK(example.log_level == defaults.log_level);
  CHECK(example.threads == defaults.threads);
  CHECK(example.http_engine == defaults.http_engine);
  CHECK(example.read_timeout_ms == defaults.read_timeout_ms);
  CHECK(example.media_max_bytes == defaults.media_max_bytes);
  CHECK(example.package_path_roots == defaults.package_path_roots);
  CHECK(example.package_max_bytes == defaults.package_max_bytes);
  CHECK(example.http_keep_alive == defaults.http_keep_alive);
  CHECK(example.max_connections == defaults.max_connections);
  CHECK(example.sync.endpoint == defaults.sync.endpoint);
  CHECK(example.sync.user == defaults.sync.user);
  CHECK(example.sync.key == defaults.sync.key);
  CHECK(example.sync_after_changes_seconds == defaults.sync_after_changes_seconds);
  CHECK(example.sync_interval_minutes == defaults.sync_interval_minutes);
  CHECK(example.sync_on_start == defaults.sync_on_start);
  CHECK(example.sync_timeout_seconds == defaults.sync_timeout_seconds);
  CHECK(example.sync_media == defaults.sync_media);
  CHECK(example.sync_server == defaults.sync_server);
  CHECK(example.sync_server_bind_address == defaults.sync_server_bind_address);
  CHECK(example.sync_server_bind_port == defaults.sync_server_bind_port);
  CHECK(example.sync_server_users == defaults.sync_server_users);
  CHECK(example.log_format == defaults.log_format);
  CHECK(example.admin_bind_address == defaults.admin_bind_address);
  CHECK(example.admin_bind_port == defaults.admin_bind_port);
}

TEST_CASE("config: the admin listener and the log format") {
  Config d = load_config(std::nullopt, env_of({}));
  CHECK(d.log_format == "text");
  CHECK(d.admin_bind_address == "127.0.0.1");
  CHECK(d.admin_bind_port == 0);  // off
  auto path = write_temp("logFormat: json\nadminBindAddress: 0.0.0.0\nadminBindPort: 8767\n");
  Config c = load_config(path, env_of({{"ANKICONNECT_ADMIN_BIND_PORT", "9100"}}));
  CHECK(c.log_format == "json");
  CHECK(c.admin_bind_address == "0.0.0.0");
  CHECK(c.admin_bind_port == 9100);
  std::filesystem::remove(path);
  CHECK_THAT(error_of("logFormat: xml\n"), Catch::Contains("logFormat: must be one of text, json, got 'xml'"));
  CHECK_THAT(error_of("adminBindPort: 70000\n"), Catch::Contains("adminBindPort: must be between 0 and 65535"));
  CHECK_THAT(error_of("adminBindPort: 8765\n"), Catch::Contains("adminBindPort: must differ from webBindPort (8765)"));
}

TEST_CASE("config: sync keys, the seed's SYNC_* variables and per-profile accounts") {
  Config d = load_config(std::nullopt, env_of({}));
  CHECK_FALSE(d.sync.key);
  CHECK_FALSE(d.sync.endpoint);
  CHECK(d.sync_after_changes_seconds == 2);
  CHECK(d.sync_interval_minutes == 30);
  CHECK(d.sync_on_start);
  CHECK(d.sync_timeout_seconds == 30);
  // SYNC_* are defaults: the file and ANKICONNECT_* override them.
  Config e = load_config(std::nullopt, env_of({{"SYNC_KEY", "k1"}, {"SYNC_ENDPOINT", "http://h:8080/"}, {"SYNC_USER", "u"}}));
  CHECK(e.sync.key == "k1");
  CHECK(e.sync.endpoint == "http://h:8080/");
  CHECK(e.sync.user == "u");
  auto path = write_temp("syncKey: k2\nsyncAfterChangesSeconds: 0\nprofiles:\n  Plain: plain\n"
                         "  Alice: {folder: alice, syncKey: ka, syncEndpoint: 'http://a/'}\n");
  Config c = load_config(path, env_of({{"SYNC_KEY", "k1"}, {"ANKICONNECT_SYNC_USER", "v"}}));
  std::filesystem::remove(path);
  CHECK(c.sync.key == "k2");
  CHECK(c.sync.user == "v");
  CHECK(c.sync_after_changes_seconds == 0);
  REQUIRE(c.profiles.size() == 2);
  CHECK(c.profiles[1] == std::pair<std::string, std::string>{"Alice", "alice"});
  CHECK(c.effective_sync("Alice").key == "ka");
  CHECK(c.effective_sync("Alice").endpoint == "http://a/");
  CHECK(c.effective_sync("Alice").user == "v");
  CHECK(c.effective_sync("Plain").key == "k2");
  CHECK_THAT(error_of("profiles:\n  A: {folder: a, password: x}\n"), Catch::Contains("unknown key 'password'"));
  CHECK_THAT(error_of("profiles:\n  A: {syncKey: x}\n"), Catch::Contains("must not be empty"));
  CHECK_THAT(error_of("syncIntervalMinutes: -1\n"), Catch::Contains("syncIntervalMinutes: must be between 0"));
  // The sync server: users map to the profile of their name, else the first; never both roles.
  auto served = write_temp("syncServer: true\nsyncServerUsers: ['Alice:pw', 'bob:$argon2id$x']\n"
                           "profiles:\n  Main: main\n  Alice: alice\n");
  Config s = load_config(served, env_of({}));
  std::filesystem::remove(served);
  auto users = s.served_users();
  REQUIRE(users.size() == 2);
  CHECK(users[0].profile == "Alice");
  CHECK(users[1].profile == "Main");
  CHECK(users[1].password == "$argon2id$x");
  CHECK_THAT(error_of("syncServer: true\n"), Catch::Contains("no user is configured"));
  CHECK_THAT(error_of("syncServer: true\nsyncServerUsers: [nopassword]\n"), Catch::Contains("name:password"));
  CHECK_THAT(error_of("syncServer: true\nsyncServerUsers: ['u:p']\nsyncKey: k\n"),
             Catch::Contains("a profile is one or the other"));
}

TEST_CASE("config: backups") {
  Config d = load_config(std::nullopt, env_of({}));
  CHECK(d.backup_interval_minutes == 30);  // Anki's defaults
  CHECK(d.backups_daily == 12);
  CHECK(d.backups_weekly == 10);
  CHECK(d.backups_monthly == 9);
  auto path = write_temp("backupIntervalMinutes: 0\nbackupsDaily: 3\nbackupsWeekly: 0\n");
  Config c = load_config(path, env_of({{"ANKICONNECT_BACKUPS_MONTHLY", "24"}}));
  CHECK(c.backup_interval_minutes == 0);
  CHECK(c.backups_daily == 3);
  CHECK(c.backups_weekly == 0);
  CHECK(c.backups_monthly == 24);
  std::filesystem::remove(path);
  CHECK_THAT(error_of("backupIntervalMinutes: -5\n"), Catch::Contains("backupIntervalMinutes: must be between 0"));
  CHECK_THAT(error_of("backupsDaily: many\n"), Catch::Contains("backupsDaily"));
}

TEST_CASE("config: package paths and limits") {
  Config d = load_config(std::nullopt, env_of({}));
  CHECK(d.package_path_roots.empty());  // AnkiConnect's: anywhere
  CHECK(d.package_max_bytes == std::int64_t(4) << 30);
  CHECK_FALSE(d.config_file);
  auto path = write_temp("packagePathRoots: [/srv/exports, /srv/inbox]\npackageMaxBytes: 0\n");
  Config c = load_config(path, env_of({{"ANKICONNECT_PACKAGE_MAX_BYTES", "1000"}}));
  CHECK(c.package_path_roots == std::vector<std::string>{"/srv/exports", "/srv/inbox"});
  CHECK(c.package_max_bytes == 1000);
  CHECK(c.config_file == path);  // the server refuses to write packages onto it
  std::filesystem::remove(path);
  CHECK_THAT(error_of("packagePathRoots: /srv\n"), Catch::Contains("packagePathRoots: expected a list of strings"));
  CHECK_THAT(error_of("packageMaxBytes: -1\n"), Catch::Contains("packageMaxBytes: must be between 0"));
}

TEST_CASE("config: failover probes and the shadow block") {
  auto path = write_temp(
      "upstreamProbeSeconds: 2\nfailoverSyncTimeoutSeconds: 0\n"
      "shadow:\n  url: http://127.0.0.1:8770\n  actions: all\n  sampleRate: 0.25\n  out: d.jsonl\n");
  Config c = load_config(path, env_of({}));
  std::filesystem::remove(path);
  CHECK(c.upstream_probe_seconds == 2);
  CHECK(c.failover_sync_timeout_seconds == 0);
  REQUIRE(c.shadow);
  CHECK(c.shadow->url == "http://127.0.0.1:8770");
  CHECK(c.shadow->actions == "all");
  CHECK(c.shadow->sample_rate == 0.25);
  CHECK(c.shadow->out == "d.jsonl");
  // Defaults: readonly, every request; from the environment as a flow map.
  Config e = load_config(std::nullopt, env_of({{"ANKICONNECT_SHADOW", "{url: http://h:1, out: o.jsonl}"}}));
  REQUIRE(e.shadow);
  CHECK(e.shadow->actions == "readonly");
  CHECK(e.shadow->sample_rate == 1.0);
  CHECK_FALSE(load_config(std::nullopt, env_of({})).shadow);
  CHECK_THAT(error_of("upstreamProbeSeconds: 0\n"), Catch::Contains("upstreamProbeSeconds: must be between 1 and 3600"));
  CHECK_THAT(error_of("shadow: {out: o.jsonl}\n"), Catch::Contains("shadow: url (the shadow target) is required"));
  CHECK_THAT(error_of("shadow: {url: http://h:1}\n"), Catch::Contains("shadow: out (the cassette file"));
  CHECK_THAT(error_of("shadow: {url: http://h:1, out: o, sampleRate: 2}\n"),
             Catch::Contains("shadow: sampleRate must be a number from 0 to 1, got '2'"));
  CHECK_THAT(error_of("shadow: {url: http://h:1, out: o, actions: writes}\n"),
             Catch::Contains("shadow: actions must be one of readonly, all, got 'writes'"));
  CHECK_THAT(error_of("shadow: {url: http://h:1, out: o, rate: 1}\n"), Catch::Contains("shadow: unknown key 'rate'"));
  CHECK_THAT(error_of("shadow: yes\n"), Catch::Contains("shadow: expected a map {url, actions, sampleRate, out} or null"));
}
