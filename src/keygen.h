// `ankiconnectd keygen [--endpoint URL] [USER]`: logs in to AnkiWeb or a sync server (sync/hostKey) and
// prints the host key for the syncKey config key, so the password is never stored.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ankc {

// The user comes from the argument or a prompt; the password from the terminal without echo, or one
// line of standard input when it is not a terminal. The endpoint: --endpoint, else SYNC_ENDPOINT or
// ANKICONNECT_SYNC_ENDPOINT, else AnkiWeb. Prints the key as the last line of stdout; exit 1 with the
// server's answer in plain words when the login fails, 2 on a usage error.
struct KeygenArgs {
  std::optional<std::string> endpoint;
  std::optional<std::string> user;
};
int keygen_command(const KeygenArgs& args);

}  // namespace ankc
