#include "src/cli.h"

#include <iostream>

#include "backends/native/check_command.h"
#include "conformance/cli.h"
#include "src/keygen.h"
#include "src/package_commands.h"
#include "src/playback_command.h"
#include "src/serve.h"

#ifndef ANKC_VERSION
#define ANKC_VERSION "unknown"
#endif

namespace ankc {
namespace {

struct Command {
  const char* name;
  const char* synopsis;
  int (*run)(const std::vector<std::string>& args);
};

// Add a subcommand here: name, one-line synopsis, entry point taking the arguments after the name.
const Command kCommands[] = {
    {"serve", "serve [--config FILE]          serve the AnkiConnect API (the default command)", serve_command},
    {"check", "check PATH                     check a collection file's invariants", check_command},
    {"replay", "replay CASSETTE... [--target URL]  replay recorded traffic, compare bytes", replay_command},
    {"record", "record --upstream URL --out FILE [--listen ADDR:PORT]  record traffic", record_command},
    {"playback", "playback CASSETTE [--listen HOST:PORT] [--exit-when-done]  answer a client from a recording", playback_command},
    {"keygen", "keygen [--endpoint URL] [USER]  log in to a sync server, print the host key", keygen_command},
    {"import", "import FILE [--profile NAME]    import an .apkg, or replace the collection by a .colpkg", import_command},
    {"export", "export --deck NAME|--collection --out FILE [...]  write an .apkg or .colpkg", export_command},
    {"backup", "backup [--profile NAME]         back the profile's collection up now (<profile>/backups)", backup_command},
    {"restore", "restore BACKUP [--profile NAME]  replace the profile's collection with a backup", restore_command},
};

void print_help(std::ostream& out) {
  out << "ankiconnectd " ANKC_VERSION " - the AnkiConnect API without Anki\n\n"
         "usage: ankiconnectd [COMMAND] [ARGS...]\n"
         "       ankiconnectd --help | --version\n\n"
         "commands:\n";
  for (const auto& command : kCommands) out << "  " << command.synopsis << "\n";
  out << "\nWithout a command, `serve` runs. Without --config, built-in defaults apply\n"
         "(see config.yaml.example); ANKICONNECT_<KEY> environment variables override keys,\n"
         "e.g. ANKICONNECT_WEB_BIND_PORT=9000.\n\n"
         "exit codes:\n"
         "  0  success (serve: stopped by SIGINT or SIGTERM)\n"
         "  1  runtime failure (address in use, backend or collection refused, ...)\n"
         "  2  usage error or bad configuration\n";
}

}  // namespace

int run_cli(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
    print_help(std::cout);
    return kExitOk;
  }
  if (!args.empty() && args[0] == "--version") {
    std::cout << "ankiconnectd " ANKC_VERSION "\n";
    return kExitOk;
  }
  if (args.empty() || args[0].rfind("-", 0) == 0) return serve_command(args);
  for (const auto& command : kCommands)
    if (args[0] == command.name) return command.run(std::vector<std::string>(args.begin() + 1, args.end()));
  std::cerr << "ankiconnectd: unknown command '" << args[0] << "' (see ankiconnectd --help)\n";
  return kExitUsage;
}

}  // namespace ankc
