#include "conformance/replayer.h"

#include <ostream>

#include "conformance/byte_diff.h"
#include "conformance/server_process.h"
#include "conformance/text_bytes.h"

namespace ankc::conformance {

namespace {

bool is_content_length(const HeaderLine& h) {
  return !h.raw && ascii_lower(h.name) == "content-length";
}

// Keeps a Content-Length that described the original body describing the rewritten one; a deliberately
// wrong Content-Length (an HTTP-layer test) stays as written.
void fix_content_length(std::vector<HeaderLine>& headers, std::size_t old_size, std::size_t new_size) {
  for (HeaderLine& h : headers)
    if (is_content_length(h) && h.value == std::to_string(old_size)) h.value = std::to_string(new_size);
}

bool has_host(const std::vector<HeaderLine>& headers) {
  for (const HeaderLine& h : headers) {
    if (!h.raw && ascii_lower(h.name) == "host") return true;
  }
  return false;
}

bool is_connection_header(const std::string& name) {
  std::string lower = ascii_lower(name);
  return lower == "connection" || lower == "keep-alive";
}

// ankiconnectd ends every reply's header block with `Connection: close` (`keep-alive` when kept alive),
// which AnkiConnect never sends: outside the parity, so dropped from the actual reply when the
// recorded one has none.
void drop_connection_headers(const CassetteResponse& expected, CassetteResponse& actual, std::string& bytes) {
  for (const HeaderLine& h : expected.headers)
    if (!h.raw && is_connection_header(h.name)) return;
  std::string head = bytes.substr(0, bytes.size() - actual.body.size());
  std::string kept;
  for (size_t start = 0; start < head.size();) {
    size_t end = head.find("\r\n", start);
    end = end == std::string::npos ? head.size() : end + 2;
    std::string line = head.substr(start, end - start);
    size_t colon = line.find(':');
    if (start == 0 || colon == std::string::npos || !is_connection_header(line.substr(0, colon))) kept += line;
    start = end;
  }
  bytes = kept + actual.body;
  std::erase_if(actual.headers, [](const HeaderLine& h) { return !h.raw && is_connection_header(h.name); });
}

}  // namespace

void ReplayTotals::add(const ReplayTotals& o) {
  passed += o.passed;
  failed += o.failed;
  known += o.known;
  known_passing += o.known_passing;
}

std::string replay_exchange(const HostPort& to, const Exchange& x, Substitutions& subs) {
  CassetteRequest request = x.request;
  request.path = subs.apply(request.path);
  request.body = subs.apply(request.body);
  fix_content_length(request.headers, x.request.body.size(), request.body.size());
  if (!has_host(request.headers))
    request.headers.insert(request.headers.begin(), HeaderLine{"Host", to.host + ":" + std::to_string(to.port)});

  WireResult wire = send_raw(to, render_request(request));
  if (!wire.connected) return "cannot connect to " + to.host + ":" + std::to_string(to.port) + " (" + wire.error + ")";
  std::optional<CassetteResponse> actual = parse_response(wire.bytes);
  if (!actual)
    return "no complete response (" + (wire.error.empty() ? std::string("connection closed") : wire.error) +
           "); got " + std::to_string(wire.bytes.size()) + " bytes: " + escape_for_line(wire.bytes.substr(0, 120));

  CassetteResponse expected = x.response;
  drop_connection_headers(expected, *actual, wire.bytes);
  expected.body = subs.reconcile(x.response.body, actual->body);
  fix_content_length(expected.headers, x.response.body.size(), expected.body.size());
  std::string expected_bytes = render_response(expected);
  if (expected_bytes == wire.bytes) return "";
  // Name the body difference first: a different body also changes Content-Length in the head.
  if (expected.body != actual->body) return "body " + describe_difference(expected.body, actual->body);
  std::string expected_head = expected_bytes.substr(0, expected_bytes.size() - expected.body.size());
  std::string actual_head = wire.bytes.substr(0, wire.bytes.size() - actual->body.size());
  return "head " + describe_difference(expected_head, actual_head);
}

ReplayTotals replay_cassette(const Cassette& cassette, const std::string& id_prefix, const ReplaySettings& settings) {
  ReplayTotals totals;
  std::ostream& out = *settings.out;
  std::unique_ptr<ServerProcess> server;
  HostPort to;
  std::string start_error;
  if (settings.target) {
    to = *settings.target;
  } else {
    server = ServerProcess::start(settings.server_binary, cassette.header, settings.fixtures_dir, start_error);
    if (server) to = server->address();
  }
  Substitutions subs;
  for (const Exchange& x : cassette.exchanges) {
    std::string id = id_prefix + "/" + x.name;
    std::string problem = (!settings.target && !server) ? "server not started: " + start_error
                                                        : replay_exchange(to, x, subs);
    const KnownDivergence* known = settings.known.find(id);
    if (problem.empty()) {
      ++totals.passed;
      if (known) {
        ++totals.known_passing;
        out << "FIXED " << id << ": passes now; remove it from known-divergences (line " << known->line << ")\n";
      }
      continue;
    }
    ++totals.failed;
    if (known) {
      ++totals.known;
      out << "KNOWN " << id << " [" << known->reason << "; " << known->issue << "]: " << problem << "\n";
    } else {
      out << "FAIL " << id << ": " << problem << "\n";
    }
  }
  return totals;
}

}  // namespace ankc::conformance
