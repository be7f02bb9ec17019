#include "conformance/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace ankc::conformance {

namespace fs = std::filesystem;

std::string server_config_text(const CassetteHeader& header, int port, const fs::path& data_dir) {
  boost::json::object config;
  config["webBindAddress"] = "127.0.0.1";
  config["webBindPort"] = port;
  config["backend"] = "native";
  config["dataDir"] = data_dir.string();
  config["emulation"] = header.emulation;
  config["logLevel"] = "warn";
  for (const auto& member : header.config) config[member.key()] = member.value();
  return boost::json::serialize(config) + "\n";
}

namespace {

bool prepare_state(const std::string& state, const fs::path& fixtures_dir, const fs::path& data_dir,
                   std::string& error) {
  fs::create_directories(data_dir);
  if (state == "fresh") return true;
  const std::string prefix = "fixture:";
  if (state.rfind(prefix, 0) != 0) {
    error = "unknown starting state '" + state + "' (expected fresh or fixture:<file>)";
    return false;
  }
  fs::path fixture = fixtures_dir / state.substr(prefix.size());
  if (!fs::is_regular_file(fixture)) {
    error = "starting state: no fixture file " + fixture.string();
    return false;
  }
  fs::copy_file(fixture, data_dir / "collection.anki2");
  fs::path media = fixture;
  media.replace_extension(".media");
  if (fs::is_directory(media)) fs::copy(media, data_dir / "collection.media", fs::copy_options::recursive);
  return true;
}

}  // namespace

std::unique_ptr<ServerProcess> ServerProcess::start(const fs::path& binary, const CassetteHeader& header,
                                                    const fs::path& fixtures_dir, std::string& error) {
  std::unique_ptr<ServerProcess> server(new ServerProcess());
  std::string pattern = (fs::temp_directory_path() / "ankc-replay-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    error = "cannot create a temporary directory";
    return nullptr;
  }
  server->dir_ = pattern;
  if (!prepare_state(header.state, fixtures_dir, server->dir_ / "data", error)) return nullptr;
  int port = free_loopback_port();
  server->address_ = HostPort{"127.0.0.1", port};
  fs::path config = server->dir_ / "config.yaml";
  {
    std::ofstream out(config);
    out << server_config_text(header, port, server->dir_ / "data");
  }
  std::string log = (server->dir_ / "server.log").string();
  std::string bin = binary.string();
  std::string cfg = config.string();
  pid_t pid = fork();
  if (pid < 0) {
    error = "fork failed";
    return nullptr;
  }
  if (pid == 0) {
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
    }
    execl(bin.c_str(), bin.c_str(), "serve", "--config", cfg.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  server->pid_ = pid;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < deadline) {
    if (!server->alive()) {
      error = "the server exited during start-up: " + server->log_tail();
      return nullptr;
    }
    if (port_accepts(server->address_)) return server;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  error = "the server did not accept connections within 20 s: " + server->log_tail();
  return nullptr;
}

bool ServerProcess::alive() {
  if (pid_ < 0) return false;
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

std::string ServerProcess::log_tail(std::size_t max_bytes) const {
  std::ifstream in(dir_ / "server.log", std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (text.size() > max_bytes) text = "..." + text.substr(text.size() - max_bytes);
  return text;
}

bool ServerProcess::stop() {
  if (pid_ <= 0) return false;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return false;
}

ServerProcess::~ServerProcess() {
  stop();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

}  // namespace ankc::conformance
