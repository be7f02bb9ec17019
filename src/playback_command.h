// `ankiconnectd playback CASSETTE [--listen HOST:PORT] [--exit-when-done]`: serves a recorded
// conversation to a client (conformance/playback.h). Exit status 0 when every recorded exchange was
// requested as recorded and nothing more, 1 otherwise, 2 on a usage error.
#pragma once

#include <optional>
#include <string>

#include "src/command.h"

namespace ankc {

struct PlaybackArgs {
  std::string cassette;
  std::optional<std::string> listen;
  bool exit_when_done = false;
};
int playback_command(const PlaybackArgs& args);
CommandRun define_playback(CommandLine& cl);

}  // namespace ankc
