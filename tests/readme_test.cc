// Keeps README.md true: the actions it says the native backend serves, and the config keys its table
// lists, must match the code and config.yaml.example.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "backends/native/native_backend.h"

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
