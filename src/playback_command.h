// `ankiconnectd playback CASSETTE [--listen HOST:PORT] [--exit-when-done]`: serves a recorded
// conversation to a client (conformance/playback.h). Exit status 0 when every recorded exchange was
// requested as recorded and nothing more, 1 otherwise, 2 on a usage error.
#pragma once

#include <string>
#include <vector>

namespace ankc {

int playback_command(const std::vector<std::string>& args);

}  // namespace ankc
