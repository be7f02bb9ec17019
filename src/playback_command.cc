#include "src/playback_command.h"

#include <arpa/inet.h>
#include <signal.h>

#include <atomic>
#include <iostream>
#include <optional>

#include "conformance/playback.h"

namespace ankc {

namespace {

using namespace ankc::conformance;

const char kUsage[] =
    "Answers a client from a recorded conversation (default 127.0.0.1:8765, AnkiConnect's address): each\n"
    "request is matched to the next recorded one and gets its recorded response, or an AnkiConnect-shaped\n"
    "error naming the difference. Stops on SIGINT/SIGTERM (or, with --exit-when-done, after the last\n"
    "exchange); exit status 1 if any request differed, came after the last exchange, or was never sent.\n";

std::atomic<PlaybackServer*> g_server{nullptr};
void stop_server(int) {
  if (PlaybackServer* s = g_server.load()) s->stop();
}

}  // namespace

CommandRun define_playback(CommandLine& cl) {
  auto a = std::make_shared<PlaybackArgs>();
  cl.positional("CASSETTE", a->cassette, "the recorded conversation (a cassette file)")
      .option("--listen", a->listen, "HOST:PORT", "where to listen (default 127.0.0.1:8765, AnkiConnect's address)")
      .flag("--exit-when-done", a->exit_when_done, "stop after the last recorded exchange")
      .footer(kUsage);
  return [a] { return playback_command(*a); };
}

int playback_command(const PlaybackArgs& args) {
  std::optional<std::string> cassette_path = args.cassette, listen = args.listen;
  bool exit_when_done = args.exit_when_done;
  std::optional<HostPort> at = parse_host_port(listen.value_or("127.0.0.1:8765"));
  in_addr ipv4{};
  if (!at || inet_pton(AF_INET, at->host.c_str(), &ipv4) != 1) {
    std::cerr << "ankiconnectd playback: bad --listen " << *listen << " (expected IPv4-ADDRESS:PORT)\n";
    return 2;
  }
  Cassette cassette;
  try {
    cassette = read_cassette(*cassette_path);
  } catch (const CassetteError& e) {
    std::cerr << "ankiconnectd playback: " << e.what() << "\n";
    return 2;
  }
  const std::size_t count = cassette.exchanges.size();
  Playback playback(std::move(cassette), &std::cerr);
  try {
    PlaybackServer server(playback, *at);
    g_server = &server;
    signal(SIGINT, stop_server);
    signal(SIGTERM, stop_server);
    std::cerr << "ankiconnectd playback: listening on " << server.address().host << ":" << server.address().port
              << ", " << count << " exchanges from " << *cassette_path << "\n"
              << std::flush;
    server.run(exit_when_done);
    g_server = nullptr;
  } catch (const std::exception& e) {
    std::cerr << "ankiconnectd playback: " << e.what() << "\n";
    return 1;
  }
  PlaybackTotals t = playback.totals();
  std::cerr << "ankiconnectd playback: " << t.played << " of " << t.recorded << " exchanges requested, "
            << t.differed << " differed, " << t.beyond << " requests beyond the recording, " << t.never_sent()
            << " never sent";
  std::vector<std::string> pending = playback.pending();
  for (std::size_t i = 0; i < pending.size() && i < 5; ++i) std::cerr << (i ? ", " : ": ") << pending[i];
  if (pending.size() > 5) std::cerr << ", ...";
  std::cerr << "\n";
  std::cout << (t.passed() ? "PASS" : "FAIL") << "\n";
  return t.passed() ? 0 : 1;
}

}  // namespace ankc
