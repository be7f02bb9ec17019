#include "conformance/cli.h"

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <iostream>

#include "conformance/recorder.h"
#include "conformance/replayer.h"

#ifndef ANKC_FIXTURES_DIR
#define ANKC_FIXTURES_DIR ""
#endif

namespace ankc {

namespace fs = std::filesystem;
using namespace ankc::conformance;

namespace {

// Cassette files named on the command line; a directory stands for its *.jsonl files, sorted.
std::vector<fs::path> expand_cassettes(const std::vector<std::string>& names) {
  std::vector<fs::path> files;
  for (const std::string& name : names) {
    if (fs::is_directory(name)) {
      std::vector<fs::path> in_dir;
      for (const auto& entry : fs::directory_iterator(name))
        if (entry.path().extension() == ".jsonl") in_dir.push_back(entry.path());
      std::sort(in_dir.begin(), in_dir.end());
      files.insert(files.end(), in_dir.begin(), in_dir.end());
    } else {
      files.emplace_back(name);
    }
  }
  return files;
}

std::atomic<RecordingProxy*> g_recording{nullptr};
void stop_recording(int) {
  if (RecordingProxy* p = g_recording.load()) p->stop();
}

}  // namespace

int replay_command(const ReplayArgs& args) {
  const auto& [names, target, known_file, binary, fixtures] = args;
  std::vector<fs::path> files = expand_cassettes(names);
  ReplaySettings settings;
  settings.out = &std::cout;
  if (target) {
    settings.target = parse_host_port(*target);
    if (!settings.target) {
      std::cerr << "ankiconnectd replay: bad --target " << *target << "\n";
      return 2;
    }
  }
  settings.server_binary = binary ? fs::path(*binary) : fs::read_symlink("/proc/self/exe");
  settings.fixtures_dir = fixtures ? fs::path(*fixtures) : fs::path(ANKC_FIXTURES_DIR);
  // By default the list beside the cassettes' folder: conformance/cassettes/x.jsonl -> conformance/known-divergences.
  fs::path known_path = known_file ? fs::path(*known_file)
                                   : (files.empty() ? fs::path() : fs::absolute(files[0]).parent_path().parent_path() / "known-divergences");
  try {
    settings.known = KnownDivergences::load(known_path);
  } catch (const std::exception& e) {
    std::cerr << "ankiconnectd replay: " << e.what() << "\n";
    return 2;
  }

  ReplayTotals totals;
  int broken = 0;
  for (const fs::path& file : files) {
    try {
      Cassette cassette = read_cassette(file);
      totals.add(replay_cassette(cassette, file.stem().string(), settings));
    } catch (const CassetteError& e) {
      std::cout << "FAIL " << file.string() << ": " << e.what() << "\n";
      ++broken;
    }
  }
  std::cout << "(" << totals.known << " of the " << totals.failed << " failures are known divergences listed in "
            << known_path.string() << "; " << totals.unexpected() << " unexpected; " << totals.known_passing
            << " listed exchanges pass now)\n";
  std::cout << totals.passed << " passed, " << totals.failed + broken << " failed\n";
  return (totals.unexpected() > 0 || broken > 0) ? 1 : 0;
}

int record_command(const RecordArgs& args) {
  const auto& [upstream, out, listen, source, emulation, state] = args;
  if (!upstream || !out) {
    std::cerr << "ankiconnectd record: --upstream and --out are required\n";
    return 2;
  }
  std::optional<HostPort> at = parse_host_port(listen.value_or("127.0.0.1:8765"));
  if (!at) {
    std::cerr << "ankiconnectd record: bad --listen " << *listen << "\n";
    return 2;
  }
  CassetteHeader header;
  header.source = source.value_or("recorded by ankiconnectd record through its proxy from " + *upstream);
  header.emulation = emulation.value_or("anki25");
  header.state = state.value_or("fresh");
  try {
    RecordingProxy proxy(*at, *upstream, *out, header);
    g_recording = &proxy;
    signal(SIGINT, stop_recording);
    signal(SIGTERM, stop_recording);
    std::cerr << "ankiconnectd record: listening on " << proxy.address().host << ":" << proxy.address().port
              << ", forwarding to " << *upstream << ", writing " << *out << " (Ctrl-C to stop)\n";
    proxy.run();
    g_recording = nullptr;
  } catch (const std::exception& e) {
    std::cerr << "ankiconnectd record: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace ankc
