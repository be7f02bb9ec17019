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

int keygen_command(const std::vector<std::string>& args) {
  std::optional<std::string> endpoint = env("SYNC_ENDPOINT");
  if (auto v = env("ANKICONNECT_SYNC_ENDPOINT")) endpoint = v;
  std::optional<std::string> user;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--endpoint" && i + 1 < args.size()) {
      endpoint = args[++i];
    } else if (a.rfind("--endpoint=", 0) == 0) {
      endpoint = a.substr(11);
    } else if (!a.empty() && a[0] != '-' && !user) {
      user = a;
    } else {
      std::cerr << "ankiconnectd keygen: unexpected argument '" << a << "' (usage: ankiconnectd keygen "
                   "[--endpoint URL] [USER])\n";
      return kExitUsage;
    }
  }
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
