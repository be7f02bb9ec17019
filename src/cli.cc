#include "src/cli.h"

#include <CLI/CLI.hpp>

#include <iostream>

#include "src/command.h"
#include "src/commands.h"
#include "src/playback_command.h"

#ifndef ANKC_VERSION
#define ANKC_VERSION "unknown"
#endif

namespace ankc {
namespace {

struct Command {
  const char* name;
  const char* args;     // the synopsis after the name
  const char* summary;  // one line for `ankiconnectd --help`; also the top of `COMMAND --help`
  CommandRun (*define)(CommandLine& cl);
};

// Add a subcommand here: name, synopsis, summary, and its define function (src/command.h).
const Command kCommands[] = {
    {"serve", "[--config FILE]", "serve the AnkiConnect API (the default command)", define_serve},
    {"check", "PATH", "check a collection file's invariants", define_check},
    {"replay", "CASSETTE... [--target URL]", "replay recorded traffic, compare bytes", define_replay},
    {"record", "--upstream URL --out FILE [--listen ADDR:PORT]", "record traffic", define_record},
    {"playback", "CASSETTE [--listen HOST:PORT] [--exit-when-done]", "answer a client from a recording",
     define_playback},
    {"keygen", "[--endpoint URL] [USER]", "log in to a sync server, print the host key", define_keygen},
    {"sync", "[--full-upload|--full-download] [--profile NAME]", "sync the profile's collection once",
     define_sync},
    {"import", "FILE [--merge] [--profile NAME]", "import an .apkg, or replace the collection by a .colpkg",
     define_import},
    {"export", "--deck NAME|--collection --out FILE [...]", "write an .apkg or .colpkg", define_export},
    {"backup", "[--profile NAME]", "back the profile's collection up now (<profile>/backups)", define_backup},
    {"restore", "BACKUP [--profile NAME]", "replace the profile's collection with a backup", define_restore},
};

void print_help(std::ostream& out) {
  out << "ankiconnectd " ANKC_VERSION " - the AnkiConnect API without Anki\n\n"
         "usage: ankiconnectd [COMMAND] [ARGS...]\n"
         "       ankiconnectd COMMAND --help\n"
         "       ankiconnectd --help | --version\n\n"
         "commands:\n";
  constexpr size_t kColumn = 34;
  for (const auto& command : kCommands) {
    std::string synopsis = std::string(command.name) + " " + command.args;
    out << "  " << synopsis;
    if (synopsis.size() + 1 < kColumn) out << std::string(kColumn - synopsis.size(), ' ');
    else out << "\n  " << std::string(kColumn, ' ');
    out << command.summary << "\n";
  }
  out << "\nWithout a command, `serve` runs. Without --config, built-in defaults apply\n"
         "(see config.yaml.example); ANKICONNECT_<KEY> environment variables override keys,\n"
         "e.g. ANKICONNECT_WEB_BIND_PORT=9000. sync, import, export, backup and restore read\n"
         "the same --config as serve: while that server holds the collection they ask it\n"
         "over its API, otherwise they work on the profile's files.\n\n"
         "exit codes:\n"
         "  0  success (serve: stopped by SIGINT or SIGTERM)\n"
         "  1  runtime failure (address in use, backend or collection refused, ...)\n"
         "  2  usage error or bad configuration\n";
}

const Command* find_command(const std::string& name) {
  for (const auto& command : kCommands)
    if (name == command.name) return &command;
  return nullptr;
}

// Parses `args` (after the command's name) for `command` and runs it.
int run_command(const Command& command, const std::vector<std::string>& args, bool help_only) {
  CLI::App app(command.summary, std::string("ankiconnectd ") + command.name);
  app.get_formatter()->column_width(28);
  CommandLine cl(app);
  CommandRun run = command.define(cl);
  auto print_help = [&app] {
    std::string text = app.help();
    std::cout << text << (text.empty() || text.back() == '\n' ? "" : "\n");
  };
  if (help_only) {
    print_help();
    return kExitOk;
  }
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    print_help();
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    std::cerr << "ankiconnectd " << command.name << ": " << e.what() << " (see ankiconnectd " << command.name
              << " --help)\n";
    return kExitUsage;
  }
  if (auto problem = cl.violation()) {
    std::cerr << "ankiconnectd " << command.name << ": " << *problem << " (see ankiconnectd " << command.name
              << " --help)\n";
    return kExitUsage;
  }
  return run();
}

}  // namespace

CommandLine& CommandLine::positional(const std::string& name, std::string& into, const std::string& help) {
  app_.add_option(name, into, help)->required()->type_name("");
  return *this;
}

CommandLine& CommandLine::positional(const std::string& name, std::optional<std::string>& into,
                                     const std::string& help) {
  app_.add_option_function<std::string>(name, [&into](const std::string& v) { into = v; }, help)->type_name("");
  return *this;
}

CommandLine& CommandLine::positionals(const std::string& name, std::vector<std::string>& into,
                                      const std::string& help, bool required) {
  auto* opt = app_.add_option(name, into, help)->type_name("");
  if (required) opt->required();
  return *this;
}

CommandLine& CommandLine::option(const std::string& names, std::optional<std::string>& into,
                                 const std::string& value, const std::string& help) {
  app_.add_option_function<std::string>(names, [&into](const std::string& v) { into = v; }, help)->type_name(value);
  return *this;
}

CommandLine& CommandLine::choice(const std::string& names, std::string& into, const std::vector<std::string>& choices,
                                 const std::string& help) {
  app_.add_option(names, into, help)->check(CLI::IsMember(choices))->default_str(into)->type_name("");
  return *this;
}

CommandLine& CommandLine::flag(const std::string& names, bool& into, const std::string& help) {
  app_.add_flag(names, into, help);
  return *this;
}

CommandLine& CommandLine::required(const std::string& name) {
  if (CLI::Option* opt = find(name)) opt->required();
  return *this;
}

CommandLine& CommandLine::exactly_one(const std::vector<std::string>& names) {
  groups_.push_back({names, true});
  return *this;
}

CommandLine& CommandLine::at_most_one(const std::vector<std::string>& names) {
  groups_.push_back({names, false});
  return *this;
}

CommandLine& CommandLine::footer(const std::string& text) {
  app_.footer(text);
  return *this;
}

CommandLine& CommandLine::rest(std::vector<std::string>& into) {
  app_.set_help_flag();  // the command answers --help itself
  app_.allow_extras()->prefix_command();
  app_.final_callback([this, &into] { into = app_.remaining(); });
  return *this;
}

CLI::Option* CommandLine::find(const std::string& name) const { return app_.get_option_no_throw(name); }

std::optional<std::string> CommandLine::violation() const {
  for (const Group& g : groups_) {
    size_t given = 0;
    std::string list;
    for (const auto& name : g.names) {
      if (const CLI::Option* opt = find(name); opt && opt->count() > 0) ++given;
      list += (list.empty() ? "" : ", ") + name;
    }
    if (g.required && given != 1) return "exactly one of " + list + " is required";
    if (!g.required && given > 1) return "only one of " + list + " may be given";
  }
  return std::nullopt;
}

void add_config_option(CommandLine& cl, ConfigArgs& into) {
  cl.option("--config", into.config, "FILE", "the configuration file serve reads (default: built-in defaults)");
}

void add_profile_options(CommandLine& cl, ConfigArgs& into) {
  cl.option("--profile", into.profile, "NAME", "the profile (default: the first)");
  add_config_option(cl, into);
}

int run_cli(const std::vector<std::string>& args) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h" || args[0] == "help")) {
    if (args[0] == "help" && args.size() > 1) {
      if (const Command* c = find_command(args[1])) return run_command(*c, {}, true);
      std::cerr << "ankiconnectd: unknown command '" << args[1] << "' (see ankiconnectd --help)\n";
      return kExitUsage;
    }
    print_help(std::cout);
    return kExitOk;
  }
  if (!args.empty() && args[0] == "--version") {
    std::cout << "ankiconnectd " ANKC_VERSION "\n";
    return kExitOk;
  }
  if (args.empty() || args[0].rfind("-", 0) == 0) return run_command(*find_command("serve"), args, false);
  if (const Command* c = find_command(args[0]))
    return run_command(*c, std::vector<std::string>(args.begin() + 1, args.end()), false);
  std::cerr << "ankiconnectd: unknown command '" << args[0] << "' (see ankiconnectd --help)\n";
  return kExitUsage;
}

}  // namespace ankc
