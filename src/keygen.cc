#include "src/keygen.h"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <optional>

#include "backends/native/sync/client/sync_client.h"
#include "backends/native/sync/client/sync_error.h"
#include "backends/native/sync/protocol/wire.h"
#include "src/cli.h"
#include "src/commands.h"

namespace ankc {
namespace {

std::optional<std::string> env(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::string(v);
}

// One line of stdin without the newline; nullopt at end of input.
std::optional<std::string> read_line() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The password: from the terminal with echo off, or one line of a non-terminal stdin.
std::optional<std::string> read_password() {
  if (!::isatty(STDIN_FILENO)) return read_line();
  std::cerr << "Password: " << std::flush;
  termios old{};
  bool restore = ::tcgetattr(STDIN_FILENO, &old) == 0;
  if (restore) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  auto line = read_line();
  if (restore) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
  std::cerr << "\n";
  return line;
}

}  // namespace

CommandRun define_keygen(CommandLine& cl) {
  auto a = std::make_shared<KeygenArgs>();
  cl.option("--endpoint", a->endpoint, "URL", "the sync server (default: SYNC_ENDPOINT, ANKICONNECT_SYNC_ENDPOINT, else AnkiWeb)")
      .positional("USER", a->user, "the user (AnkiWeb: the e-mail); asked for when not given")
      .footer("Logs in (sync/hostKey) and prints the host key for the syncKey config key as the last line of\n"
              "stdout, so the password is never stored. The password is read from the terminal without echo,\n"
              "or one line of standard input when it is not a terminal.");
  return [a] { return keygen_command(*a); };
}

int keygen_command(const KeygenArgs& args) {
  std::optional<std::string> endpoint = env("SYNC_ENDPOINT");
  if (auto v = env("ANKICONNECT_SYNC_ENDPOINT")) endpoint = v;
  if (args.endpoint) endpoint = args.endpoint;
  std::optional<std::string> user = args.user;
  std::string base = endpoint.value_or(std::string(native::sync::kAnkiWebEndpoint));
  try {
    base = native::sync::normalize_endpoint(base);
  } catch (const std::exception& e) {
    std::cerr << "ankiconnectd keygen: bad endpoint '" << base << "': " << e.what() << "\n";
    return kExitUsage;
  }
  if (!user) {
    if (::isatty(STDIN_FILENO)) std::cerr << "User (AnkiWeb: your e-mail): " << std::flush;
    user = read_line();
    if (!user || user->empty()) {
      std::cerr << "ankiconnectd keygen: no user given\n";
      return kExitUsage;
    }
  }
  auto password = read_password();
  if (!password) {
    std::cerr << "ankiconnectd keygen: no password given\n";
    return kExitUsage;
  }
  try {
    std::string key = native::sync::login(base, *user, *password, native::sync::TransportOptions{});
    std::cerr << "Logged in to " << base << " as " << *user << ". Put this key in the config as syncKey (or the "
                 "environment as SYNC_KEY):\n";
    std::cout << key << "\n";
    return kExitOk;
  } catch (const native::sync::SyncError& e) {
    std::cerr << "ankiconnectd keygen: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace ankc
