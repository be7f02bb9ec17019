// The replayer: sends each cassette exchange's request to a server (one started per cassette from the
// cassette's starting state, or a given --target) and compares the response bytes with the recorded ones
// after volatile-value substitution (volatile_values.h). Prints one line per failing exchange.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>

#include "conformance/cassette.h"
#include "conformance/http_wire.h"
#include "conformance/known_divergences.h"
#include "conformance/volatile_values.h"

namespace ankc::conformance {

struct ReplaySettings {
  std::optional<HostPort> target;       // replay against this server instead of starting one
  std::filesystem::path server_binary;  // ankiconnectd, started with `serve` when no target is given
  std::filesystem::path fixtures_dir;   // where "fixture:<file>" starting states live
  KnownDivergences known;
  std::ostream* out = nullptr;          // failure lines go here
};

struct ReplayTotals {
  int passed = 0;
  int failed = 0;           // every failing exchange, known or not
  int known = 0;            // failures covered by known-divergences
  int known_passing = 0;    // known-divergences entries whose exchange passes now
  int unexpected() const { return failed - known; }
  void add(const ReplayTotals& other);
};

// Replays one exchange against `to`; returns "" when the response matches, else a one-line description.
// Learned substitutions accumulate in `subs` for the exchanges that follow.
std::string replay_exchange(const HostPort& to, const Exchange& exchange, Substitutions& subs);

// Replays a whole cassette; `id_prefix` (the file stem) + "/" + exchange name identifies each exchange.
ReplayTotals replay_cassette(const Cassette& cassette, const std::string& id_prefix, const ReplaySettings& settings);

}  // namespace ankc::conformance
