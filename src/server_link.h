// The running ankiconnectd a command (sync, import, export, backup, restore) asks instead of opening
// the collection itself, found through the same configuration: the server at webBindAddress:webBindPort
// (with apiKey) whose active profile is the command's profile and whose media folder is that profile's
// (so it is the server of this data folder, not another program on the port).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "src/command.h"
#include "src/config.h"

namespace ankc {
namespace proxy { class UpstreamClient; }

// An action the server answered with an error (what() is its text), or no answer at all.
class ServerError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ServerLink {
 public:
  // The server holding profile `profile` (folder `folder`), or nullopt when none answers there or the
  // one answering holds something else.
  static std::optional<ServerLink> find(const Config& config, const std::string& profile,
                                        const std::filesystem::path& folder);

  // An action's result (no time limit: an import may take long). Throws ServerError.
  boost::json::value call(const std::string& action, const boost::json::object& params = {}) const;
  // "http://127.0.0.1:8765", for messages.
  const std::string& url() const { return url_; }

 private:
  ServerLink(std::string url, std::optional<std::string> key, long timeout_ms);

  std::string url_;
  std::optional<std::string> key_;
  std::shared_ptr<proxy::UpstreamClient> client_;
};

// What a command that works on one profile works on: the configuration (--config), the profile
// (--profile, else the first) and its folder, and the server holding its collection, if one does.
struct CommandTarget {
  Config config;
  std::string profile;
  std::filesystem::path folder;
  std::optional<ServerLink> server;
};
// nullopt after printing why to stderr (a bad configuration, no such profile: exit 2).
std::optional<CommandTarget> command_target(const ConfigArgs& args, const char* command);

}  // namespace ankc
