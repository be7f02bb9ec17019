// Cassettes: recorded (or spec-derived) AnkiConnect HTTP exchanges, stored as a text file that reads well
// in a diff. Format (conformance/README.md): JSON Lines; the first JSON line is the header naming what
// produced the expectations, the emulation profile and the starting state; every further JSON line is one
// exchange. Blank lines and lines starting with '#' are comments. Bytes that are not valid UTF-8 are
// written as {"base64": "..."} so any byte string survives a round trip.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>

namespace ankc::conformance {

// One header line of an HTTP message. `raw` lines are sent verbatim (e.g. "Content-Length:12", which
// AnkiConnect does not recognise as a header because the space is missing).
struct HeaderLine {
  std::string name;
  std::string value;
  bool raw = false;  // when true, `name` holds the whole line and `value` is unused
};

struct CassetteRequest {
  std::string method = "POST";
  std::string path = "/";
  std::vector<HeaderLine> headers;  // sent in this order, exactly as written
  std::string body;
};

struct CassetteResponse {
  int status = 200;
  std::string reason = "OK";
  std::vector<HeaderLine> headers;
  std::string body;
};

struct Exchange {
  std::string name;  // unique within its cassette; known-divergences refers to it
  CassetteRequest request;
  CassetteResponse response;
  std::string note;  // free text: which spec section or client the expectation comes from
};

struct CassetteHeader {
  std::string source;     // "AnkiConnect 25.11.9.0 on Anki 25.09.2" or "derived from the spec: ..."
  std::string emulation = "anki25";  // emulation profile the expectations belong to
  std::string state = "fresh";       // "fresh" or "fixture:<file in shared/fixtures/real>"
  boost::json::object config;        // extra server settings (apiKey, webCorsOriginList, ...)
  std::string description;
};

struct Cassette {
  CassetteHeader header;
  std::vector<Exchange> exchanges;
};

// The cassette format error: what() names the file, the line and the problem.
class CassetteError : public std::runtime_error {
 public:
  explicit CassetteError(const std::string& text) : std::runtime_error(text) {}
};

// Parses cassette text; `origin` names it in error messages. Throws CassetteError.
Cassette parse_cassette(const std::string& text, const std::string& origin = "cassette");
// Reads and parses a cassette file. Throws CassetteError.
Cassette read_cassette(const std::filesystem::path& path);

// The header line (without the trailing newline).
std::string format_header(const CassetteHeader& header);
// One exchange line (without the trailing newline).
std::string format_exchange(const Exchange& exchange);
// The whole cassette text: header line, then one line per exchange.
std::string format_cassette(const Cassette& cassette);
// Writes format_cassette() to `path`. Throws CassetteError.
void write_cassette(const std::filesystem::path& path, const Cassette& cassette);

// The HTTP/1.1 bytes of a response as a server writes them: status line, header lines, blank line, body.
std::string render_response(const CassetteResponse& response);
// The HTTP/1.1 bytes of a request: request line, header lines, blank line, body.
std::string render_request(const CassetteRequest& request);

}  // namespace ankc::conformance
