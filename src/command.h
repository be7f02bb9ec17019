// How a subcommand declares its command line. Each subcommand is one entry in src/cli.cc's table: a
// name, a one-line synopsis for `ankiconnectd --help`, and a define function that declares the
// subcommand's options on a CommandLine (bound to variables the returned runner captures) and returns
// what runs once they are parsed. CommandLine is a small face of CLI11 (src/cli.cc is the only file
// that includes CLI11, which costs seconds of compile time per file): `COMMAND --help` for every
// subcommand, a bad option named in the error, exit 2.
//
//   CommandRun define_frob(CommandLine& cl) {
//     auto a = std::make_shared<FrobArgs>();
//     cl.positional("FILE", a->file, "the file to frob").flag("--hard", a->hard, "frob harder");
//     return [a] { return frob(*a); };
//   }
//   // src/cli.cc:  {"frob", "frob FILE [--hard]             frob a file", define_frob},
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace ankc {

// What a subcommand does once its arguments are parsed; returns the process exit code (src/cli.h).
using CommandRun = std::function<int()>;

class CommandLine {
 public:
  explicit CommandLine(CLI::App& app) : app_(app) {}

  // A required positional argument (`name` is how help shows it, e.g. "FILE").
  CommandLine& positional(const std::string& name, std::string& into, const std::string& help);
  // An optional positional argument.
  CommandLine& positional(const std::string& name, std::optional<std::string>& into, const std::string& help);
  // One or more positionals (none allowed when !required).
  CommandLine& positionals(const std::string& name, std::vector<std::string>& into, const std::string& help,
                           bool required = true);
  // An option taking a value ("--out", or "-o,--out"); `value` names it in help (e.g. "FILE").
  CommandLine& option(const std::string& names, std::optional<std::string>& into, const std::string& value,
                      const std::string& help);
  // An option whose value must be one of `choices`; `into` holds the default.
  CommandLine& choice(const std::string& names, std::string& into, const std::vector<std::string>& choices,
                      const std::string& help);
  // A flag without a value.
  CommandLine& flag(const std::string& names, bool& into, const std::string& help);
  // The (already declared) option must be given.
  CommandLine& required(const std::string& name);
  // Exactly one of these (already declared) options or flags must be given.
  CommandLine& exactly_one(const std::vector<std::string>& names);
  // At most one of them may be given.
  CommandLine& at_most_one(const std::vector<std::string>& names);
  // Text shown after the options in `COMMAND --help`.
  CommandLine& footer(const std::string& text);
  // For a command that parses its own arguments: every argument after the command's name, unparsed
  // (its own --help included). Use raw_command() below rather than calling this.
  CommandLine& rest(std::vector<std::string>& into);

  // The checks of exactly_one/at_most_one after parsing: the first problem, or nullopt.
  std::optional<std::string> violation() const;

 private:
  CLI::Option* find(const std::string& name) const;

  CLI::App& app_;
  struct Group {
    std::vector<std::string> names;
    bool required;
  };
  std::vector<Group> groups_;
};

// The define function of a subcommand `int F(const std::vector<std::string>& args)` that parses its
// own arguments (a transitional form; declaring options through CommandLine gives the uniform help).
template <int (*F)(const std::vector<std::string>&)>
CommandRun raw_command(CommandLine& cl) {
  auto args = std::make_shared<std::vector<std::string>>();
  cl.rest(*args);
  return [args] { return F(*args); };
}

// The options every command that reads the configuration shares: --config FILE, and --profile NAME
// when the command works on one profile.
struct ConfigArgs {
  std::optional<std::string> config;
  std::optional<std::string> profile;
};
void add_config_option(CommandLine& cl, ConfigArgs& into);
void add_profile_options(CommandLine& cl, ConfigArgs& into);

}  // namespace ankc
