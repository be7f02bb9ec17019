// The ankiconnectd command line: a table of subcommands (serve, check, replay, record), --help and
// --version. Exit codes: 0 success, 1 runtime failure (port in use, backend or collection refused),
// 2 usage error or bad configuration.
#pragma once

#include <string>
#include <vector>

namespace ankc {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// Runs the command named by argv (argv[0] excluded) and returns the process exit code.
int run_cli(const std::vector<std::string>& args);

}  // namespace ankc
