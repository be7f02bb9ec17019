// `ankiconnectd [serve] [--config FILE]`: loads the configuration, builds the backend, and serves the
// AnkiConnect API until SIGINT or SIGTERM.
#pragma once

#include <filesystem>
#include <optional>

namespace ankc {

// Returns the process exit code (see src/cli.h).
int serve_command(const std::optional<std::filesystem::path>& config_file);

}  // namespace ankc
