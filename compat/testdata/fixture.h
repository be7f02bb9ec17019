// Reading the checked-in JSON-lines fixtures that compat/testdata/gen_*.py write with python3.
#pragma once

#include <boost/json.hpp>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace ankc::testdata {

// Every line of compat/testdata/<name> parsed as a JSON object.
inline std::vector<boost::json::object> read_jsonl(const std::string& name) {
  std::ifstream in(std::string(ANKC_COMPAT_TESTDATA) + "/" + name);
  if (!in) throw std::runtime_error("missing fixture " + name);
  std::vector<boost::json::object> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty()) rows.push_back(boost::json::parse(line).as_object());
  }
  return rows;
}

// The bytes a hex string stands for.
inline std::string unhex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

}  // namespace ankc::testdata
