#include "src/serve.h"

#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <ctime>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>

#include "src/app.h"
#include "src/cli.h"
#include "src/commands.h"
#include "src/config.h"
#include "src/logging.h"

namespace ankc {
namespace {

// True when `name` is a time zone of the system's tz database (e.g. "Europe/Berlin", "UTC").
bool is_time_zone_name(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  const char* dir = std::getenv("TZDIR");
  std::filesystem::path zoneinfo = dir && *dir ? dir : "/usr/share/zoneinfo";
  std::error_code error;
  return std::filesystem::is_regular_file(zoneinfo / name, error);
}

// Raises the descriptor limit (RLIMIT_NOFILE) to its hard limit: each connection holds a descriptor,
// and the soft limit is often 1024. Warns when maxConnections leaves too few for the collections.
void raise_descriptor_limit(int max_connections) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    rlim_t was = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
      log::warn(std::string("cannot raise the descriptor limit: ") + std::strerror(errno));
      limit.rlim_cur = was;
    } else {
      log::debug("descriptor limit raised from " + std::to_string(was) + " to " + std::to_string(limit.rlim_cur));
    }
  }
  constexpr rlim_t kSpare = 64;  // collections, their journals, media, logs
  if (limit.rlim_cur != RLIM_INFINITY && rlim_t(max_connections) + kSpare > limit.rlim_cur)
    log::warn("maxConnections (" + std::to_string(max_connections) + ") is close to the descriptor limit (" +
              std::to_string(limit.rlim_cur) + "): new clients may be refused");
}

}  // namespace

CommandRun define_serve(CommandLine& cl) {
  auto a = std::make_shared<ConfigArgs>();
  add_config_option(cl, *a);
  cl.footer("Serves the AnkiConnect API (and, as configured, the admin listener, the sync server, automatic\n"
            "syncs and backups) until SIGINT or SIGTERM.");
  return [a] { return serve_command(a->config ? std::optional<std::filesystem::path>(*a->config) : std::nullopt); };
}

int serve_command(const std::optional<std::filesystem::path>& config_file) {
  Config config;
  try {
    config = load_config(config_file, process_env());
  } catch (const ConfigError& e) {
    std::cerr << "ankiconnectd: bad configuration: " << e.what() << "\n";
    return kExitUsage;
  }
  if (!config.time_zone.empty()) {
    // The process's local time is the configured zone: every local-time computation (Anki's day
    // cutoff, rated:/added: searches, review counts) then follows it. Set before any thread starts.
    if (!is_time_zone_name(config.time_zone)) {
      std::cerr << "ankiconnectd: bad configuration: timeZone: unknown time zone '" << config.time_zone << "'\n";
      return kExitUsage;
    }
    setenv("TZ", config.time_zone.c_str(), 1);
    tzset();
  }
  log::set_level(log::level_from_name(config.log_level).value_or(log::Level::info));
  log::set_format(log::format_from_name(config.log_format).value_or(log::Format::text));
  raise_descriptor_limit(config.max_connections);

  // Block the stop signals before any thread starts, so that only sigwait() below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  std::unique_ptr<App> app;
  try {
    app = std::make_unique<App>(config);
    app->start();
  } catch (const std::exception& e) {
    log::error(std::string("cannot start: ") + e.what());
    return kExitFailure;
  }
  log::info("listening on " + config.web_bind_address + ":" + std::to_string(config.web_bind_port) +
            " (backend " + config.backend + ", emulation " + config.emulation + ", dataDir " +
            config.data_dir.string() + ")");

  int signal = 0;
  sigwait(&stop_signals, &signal);
  log::info(std::string("stopping on ") + (signal == SIGINT ? "SIGINT" : "SIGTERM"));
  app->stop();
  app.reset();
  return kExitOk;
}

}  // namespace ankc
