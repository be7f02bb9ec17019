// The conformance subcommands of the ankiconnectd binary:
//   ankiconnectd replay CASSETTE... [--target URL]
//   ankiconnectd record --upstream URL --out FILE [--listen ADDR:PORT]
// Each returns the process exit code.
#pragma once

#include <string>
#include <vector>

namespace ankc {

int replay_command(const std::vector<std::string>& args);
int record_command(const std::vector<std::string>& args);

}  // namespace ankc
