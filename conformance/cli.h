// The conformance subcommands of the ankiconnectd binary:
//   ankiconnectd replay CASSETTE... [--target URL]
//   ankiconnectd record --upstream URL --out FILE [--listen ADDR:PORT]
// Each returns the process exit code.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ankc {

struct ReplayArgs {
  std::vector<std::string> cassettes;  // files, or folders standing for their *.jsonl files
  std::optional<std::string> target;   // HOST:PORT or URL; else a native ankiconnectd per cassette
  std::optional<std::string> known_divergences, server_binary, fixtures;
};
int replay_command(const ReplayArgs& args);

struct RecordArgs {
  std::optional<std::string> upstream, out, listen, source, emulation, state;
};
int record_command(const RecordArgs& args);

}  // namespace ankc
