// HTTP/1.1 framing as AnkiConnect's web.py does it (spec ankiconnect-api.md §1.1, §1.6): splitting a
// byte stream into one request, and writing a response's exact bytes. Transport-independent.
//
// Request rules: the header block ends at the first CRLFCRLF; the method is the first space-separated
// token of the request line, upper-cased; each header line is split on ": " (name before the first
// separator, lower-cased; value between the first and second separator, byte-exact); the last duplicate
// wins; the body length comes only from Content-Length, read like Python's int().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "backends/backend.h"

namespace ankc {

struct WireLimits {
  std::int64_t max_body_bytes = 268435456;  // maxRequestBytes
  size_t max_header_bytes = 1 << 20;        // header block without its CRLFCRLF
};

enum class WireStatus {
  incomplete,          // more bytes are needed
  complete,            // `request` holds the request; `consumed` bytes were used
  bad_content_length,  // Content-Length is not an integer (AnkiConnect never answers; we answer 400)
  body_too_large,      // Content-Length exceeds max_body_bytes (answered 413 without reading the body)
  header_too_large,    // no end of the header block within max_header_bytes (answered 431)
};

struct WireRequest {
  WireStatus status = WireStatus::incomplete;
  HttpRequest request;  // method, target and headers are set from `bad_content_length` on
  size_t consumed = 0;
  size_t needed = 0;  // when incomplete after a whole header block: the total bytes the request needs
  std::string content_length;  // the raw Content-Length value, for error messages
  std::string version;         // the request line's third token ("HTTP/1.1"), "" when absent
};

// Reads one request from the start of `data`.
WireRequest parse_request(std::string_view data, const WireLimits& limits);

// parse_request on a connection's buffer, which it updates: when the request is complete, its bytes
// (`consumed`) are removed from the buffer, and the body is the buffer itself, moved, when nothing
// follows the request (a large body is never copied). When incomplete with `needed` known, the buffer
// reserves room for the whole request (reserve_request).
WireRequest take_request(std::string& buffer, const WireLimits& limits);

// Makes room in a connection's buffer for the whole request of `needed` bytes once half of it has
// arrived: growing by doubling would copy a large body when it is almost whole (twice its size in use),
// while reserving up front would let a client that announces a large body and sends nothing hold it.
void reserve_request(std::string& buffer, size_t needed);

// Python int() on the bytes of a header value: surrounding whitespace, a sign and "_" between digits
// are accepted. nullopt if Python would raise (or the number does not fit in 64 bits).
std::optional<std::int64_t> python_int(std::string_view text);

// A response as it goes out: the status line and headers, then the body, kept apart so that a big
// body (a 100k-id answer is ~2 MB) is sent from where the action's JSON was written, in one sendmsg
// with two buffers, instead of being copied behind its head first.
struct WireReply {
  std::string head;  // "HTTP/1.1 <status> <reason>\r\n", each header as "Name: value\r\n", "\r\n"
  std::string body;
  size_t size() const { return head.size() + body.size(); }
};

// The reply for `response`, whose body is moved into it.
WireReply serialize_response(HttpResponse&& response);

// One sendmsg of the reply's bytes from `offset` on (head, then body) to socket `fd` with `flags`
// (MSG_NOSIGNAL is added); returns what sendmsg returns.
long send_reply(int fd, const WireReply& reply, size_t offset, int flags);

// The reason phrase Python's http.HTTPStatus uses for `status` ("OK", "Forbidden", ...).
std::string_view reason_phrase(int status);

}  // namespace ankc
