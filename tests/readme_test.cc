// Keeps README.md true: the actions it says the native backend serves, and the config keys its table
// lists, must match the code and config.yaml.example.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "backends/native/native_backend.h"
#include "src/config.h"

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::set<std::string> matches(const std::string& text, const std::regex& pattern) {
  std::set<std::string> out;
  for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) out.insert((*it)[1]);
  return out;
}

std::string joined(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "`" : " `") + n + "`";
  return out;
}

}  // namespace

TEST_CASE("README lists exactly the actions the native backend serves") {
  std::string readme = read_file(ANKC_SOURCE_DIR "/README.md");
  auto begin = readme.find("<!-- actions:begin -->");
  auto end = readme.find("<!-- actions:end -->");
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  std::set<std::string> listed = matches(readme.substr(begin, end - begin), std::regex("`([A-Za-z]+)`"));

  std::set<std::string> served{"apiReflect", "multi", "requestPermission", "version"};  // compat layer
  for (const auto& name : ankc::native_served_actions()) served.insert(name);
  INFO("served: " << joined(served));
  CHECK(listed == served);
}

TEST_CASE("README's config table names every key of config.yaml.example") {
  std::string readme = read_file(ANKC_SOURCE_DIR "/README.md");
  std::string example = read_file(ANKC_SOURCE_DIR "/config.yaml.example");
  std::set<std::string> in_readme = matches(readme, std::regex("\\n\\| `([A-Za-z]+)` \\|"));
  std::set<std::string> in_example = matches(example, std::regex("\\n(?:# )?([a-z][a-zA-Z]+):"));
  INFO("example keys: " << joined(in_example));
  CHECK(in_readme == in_example);
}

namespace {

struct Row {
  std::string key, default_text;
};

// The rows of README's configuration table: "| `key` | `default` | meaning |".
std::vector<Row> config_rows(const std::string& readme) {
  std::vector<Row> rows;
  std::regex row("\\n\\| `([A-Za-z]+)` \\| `([^`]*)` \\|");
  for (std::sregex_iterator it(readme.begin(), readme.end(), row), end; it != end; ++it)
    rows.push_back({(*it)[1], (*it)[2]});
  return rows;
}

}  // namespace

TEST_CASE("README's config table lists each key once, every key the loader knows, with a default") {
  std::string readme = read_file(ANKC_SOURCE_DIR "/README.md");
  std::set<std::string> seen, twice;
  for (const Row& r : config_rows(readme))
    if (!seen.insert(r.key).second) twice.insert(r.key);
  INFO("listed twice: " << joined(twice));
  CHECK(twice.empty());
  // Every row must be in the `| key | default | meaning |` form (a row without a backquoted default
  // would escape the default check below).
  std::set<std::string> any_row = matches(readme, std::regex("\\n\\| `([A-Za-z]+)` \\|"));
  CHECK(any_row == seen);
  std::vector<std::string> known = ankc::config_keys();
  std::set<std::string> in_code(known.begin(), known.end());
  INFO("in the code: " << joined(in_code));
  CHECK(seen == in_code);
}

TEST_CASE("README's config table states the code's defaults") {
  std::string readme = read_file(ANKC_SOURCE_DIR "/README.md");
  // Defaults that depend on the environment, stated in words.
  const std::set<std::string> described{"dataDir", "profiles"};
  auto no_env = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  const ankc::Config defaults = ankc::load_config(std::nullopt, no_env);
  for (const Row& r : config_rows(readme)) {
    if (described.count(r.key)) continue;
    // The README's default given as the key's value (through its ANKICONNECT_* variable) must leave
    // the configuration as the defaults are.
    std::string var = ankc::env_name_for_key(r.key);
    std::string value = r.default_text == "\"\"" ? "" : r.default_text;
    auto env = [&](const std::string& name) -> std::optional<std::string> {
      if (name == var) return value;
      return std::nullopt;
    };
    INFO("README: `" << r.key << "` default `" << r.default_text << "`");
    bool same = false;
    try {
      same = ankc::load_config(std::nullopt, env) == defaults;
    } catch (const ankc::ConfigError& e) {
      FAIL_CHECK("not a valid value: " << e.what());
      continue;
    }
    CHECK(same);
  }
}
