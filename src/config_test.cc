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
  try {
    load_config(write_temp(yaml), env_of(env));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
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
  CHECK(c.threads == 2);
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
