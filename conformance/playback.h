// The playback server (`ankiconnectd playback CASSETTE --listen HOST:PORT`): answers a client from a
// recorded conversation, so a client's CI can test against real recorded AnkiConnect behaviour without
// Anki. Each incoming request is matched to the next recorded exchange and, when it matches, answered
// with the recorded response; a request that does not match gets an AnkiConnect-shaped error naming the
// difference (and uses up that exchange, so the rest of the conversation can still be checked).
//
// Matching (conformance/README.md, "Playback"): the method, the path, and the body. Bodies that are JSON
// are compared as JSON values (key order and spacing do not matter, as for AnkiConnect, which parses
// them), with the replayer's volatile-value rules: where the recording holds an id (13+ digits), a guid,
// a mod/crt or a usn, the client's value is accepted, and an id or guid learned that way replaces the
// recorded one in every later expected request and recorded response. Other bodies compare as bytes.
#pragma once

#include <atomic>
#include <iosfwd>
#include <mutex>
#include <string>
#include <vector>

#include "backends/backend.h"
#include "conformance/cassette.h"
#include "conformance/http_wire.h"
#include "conformance/volatile_values.h"

namespace ankc::conformance {

// "" when `actual` matches the recorded request (learning volatile values into `subs`); else one line
// naming the first difference, e.g. `params.note.fields.Front: expected "a", got "b"`.
std::string request_difference(const CassetteRequest& recorded, const HttpRequest& actual, Substitutions& subs);

struct PlaybackTotals {
  int recorded = 0;  // exchanges in the cassette
  int played = 0;    // exchanges a request was matched against
  int differed = 0;  // of those, requests that did not match
  int beyond = 0;    // requests after the last exchange
  int never_sent() const { return recorded - played; }
  // Every exchange was requested, as recorded, and nothing more.
  bool passed() const { return differed == 0 && beyond == 0 && never_sent() == 0; }
};

class Playback {
 public:
  // `log` receives one line per request (nullptr: none).
  Playback(Cassette cassette, std::ostream* log);

  // The raw HTTP response bytes for the next request. Thread-safe (requests are taken in arrival order).
  std::string answer(const HttpRequest& request);

  PlaybackTotals totals() const;
  // The names of the exchanges not requested yet.
  std::vector<std::string> pending() const;
  bool done() const;

 private:
  Cassette cassette_;
  std::ostream* log_;
  mutable std::mutex mutex_;
  std::size_t next_ = 0;
  Substitutions subs_;
  PlaybackTotals totals_;
};

// The listener: one request per connection, answered by a Playback, until stop() (or, with
// exit_when_done, once every exchange was played).
class PlaybackServer {
 public:
  PlaybackServer(Playback& playback, const HostPort& listen);  // throws std::runtime_error
  ~PlaybackServer();
  const HostPort& address() const { return address_; }
  void run(bool exit_when_done);
  void stop() { stopping_ = true; }

 private:
  Playback& playback_;
  HostPort address_;
  int listen_fd_ = -1;
  std::atomic<bool> stopping_{false};
};

}  // namespace ankc::conformance
