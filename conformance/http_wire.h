// The replayer's and recorder's view of HTTP on the wire: a loopback client that sends exact request
// bytes and collects the exact response bytes, and a parser for those bytes. Deliberately raw: the point
// is to see what a server really writes (header order, spacing, missing Content-Length).
#pragma once

#include <optional>
#include <string>

#include "backends/backend.h"
#include "conformance/cassette.h"

namespace ankc::conformance {

struct HostPort {
  std::string host = "127.0.0.1";
  int port = 0;
};

// "http://host:port[/...]" or "host:port" -> HostPort; nullopt when malformed.
std::optional<HostPort> parse_host_port(const std::string& url);

struct WireResult {
  bool connected = false;
  std::string bytes;  // everything the server wrote
  std::string error;  // why the exchange ended abnormally ("" when it ended normally)
};

// Connects, writes `request`, reads the response: up to Content-Length bytes of body, or until the
// server closes (or stays idle for `idle_ms`) when there is no Content-Length.
WireResult send_raw(const HostPort& to, const std::string& request, int timeout_ms = 20000, int idle_ms = 1500);

// Splits response bytes into a CassetteResponse; nullopt when there is no complete status line/header.
std::optional<CassetteResponse> parse_response(const std::string& bytes);

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_loopback_port();

// True once something accepts connections on the port.
bool port_accepts(const HostPort& at);

// The server side, for the recorder's and the playback's one-request-per-connection listeners.
// A listening IPv4 TCP socket on `at` (port 0: any free one), with SO_REUSEADDR; `bound` receives the
// address actually bound. Throws std::runtime_error naming the address.
int listen_tcp(const HostPort& at, HostPort& bound);
// Reads one request from a connected socket, parsed the way AnkiConnect does (spec ankiconnect-api.md
// §1.1): header lines split on ": ", names lower-cased, the body's length from Content-Length only.
// nullopt when the peer goes away or stays silent for `idle_ms` before the request is complete.
std::optional<HttpRequest> read_request(int fd, int idle_ms = 10000);
// Writes all of `bytes`; false when the peer went away.
bool write_all(int fd, const std::string& bytes);

}  // namespace ankc::conformance
