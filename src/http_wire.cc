#include "src/http_wire.h"

#include <sys/socket.h>
#include <sys/uio.h>

#include <cctype>
#include <limits>
#include <vector>

namespace ankc {
namespace {

std::vector<std::string_view> split(std::string_view text, std::string_view separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t at = text.find(separator, start);
    if (at == std::string_view::npos) {
      parts.push_back(text.substr(start));
      return parts;
    }
    parts.push_back(text.substr(start, at - start));
    start = at + separator.size();
  }
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = char(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool is_python_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }

}  // namespace

std::optional<std::int64_t> python_int(std::string_view text) {
  while (!text.empty() && is_python_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_python_space(text.back())) text.remove_suffix(1);
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  bool last_was_digit = false;
  for (char c : text) {
    if (c == '_') {
      if (!last_was_digit) return std::nullopt;
      last_was_digit = false;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (value > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10) return std::nullopt;
    value = value * 10 + (c - '0');
    last_was_digit = true;
  }
  if (!last_was_digit) return std::nullopt;  // trailing "_"
  return negative ? -value : value;
}

namespace {

// parse_request without copying the body: a complete request's body is data[body_offset, consumed).
WireRequest parse_head(std::string_view data, const WireLimits& limits, size_t& body_offset) {
  WireRequest out;
  size_t end = data.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (data.size() > limits.max_header_bytes + 3) out.status = WireStatus::header_too_large;
    return out;
  }
  if (end > limits.max_header_bytes) {
    out.status = WireStatus::header_too_large;
    return out;
  }
  std::vector<std::string_view> lines = split(data.substr(0, end), "\r\n");
  HttpRequest& request = out.request;
  std::vector<std::string_view> request_line = split(lines[0], " ");
  request.method = ascii_upper(request_line[0]);
  if (request_line.size() > 1) request.target = std::string(request_line[1]);
  if (request_line.size() > 2) out.version = std::string(request_line[2]);

  std::optional<std::string_view> content_length;
  bool content_length_without_value = false;
  for (size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string_view> pair = split(lines[i], ": ");
    std::string name = ascii_lower(pair[0]);
    if (pair.size() < 2) {
      // AnkiConnect stores None; only Content-Length cares (int(None) fails).
      if (name == "content-length") content_length_without_value = true;
      continue;
    }
    if (name == "content-length") {
      content_length = pair[1];
      content_length_without_value = false;
    }
    request.headers.emplace_back(std::move(name), std::string(pair[1]));
  }

  std::int64_t body_length = 0;
  if (content_length_without_value) {
    out.status = WireStatus::bad_content_length;
    return out;
  }
  if (content_length) {
    out.content_length = std::string(*content_length);
    auto parsed = python_int(*content_length);
    if (!parsed) {
      out.status = WireStatus::bad_content_length;
      return out;
    }
    body_length = *parsed < 0 ? 0 : *parsed;
  }
  if (body_length > limits.max_body_bytes) {
    out.status = WireStatus::body_too_large;
    return out;
  }
  size_t header_length = end + 4;
  if (data.size() - header_length < size_t(body_length)) {
    out.needed = header_length + size_t(body_length);
    return out;
  }
  body_offset = header_length;
  out.consumed = header_length + size_t(body_length);
  out.status = WireStatus::complete;
  return out;
}

}  // namespace

WireRequest parse_request(std::string_view data, const WireLimits& limits) {
  size_t body_offset = 0;
  WireRequest out = parse_head(data, limits, body_offset);
  if (out.status == WireStatus::complete)
    out.request.body = std::string(data.substr(body_offset, out.consumed - body_offset));
  return out;
}

void reserve_request(std::string& buffer, size_t needed) {
  if (needed > buffer.capacity() && buffer.size() >= needed / 2) buffer.reserve(needed);
}

WireRequest take_request(std::string& buffer, const WireLimits& limits) {
  size_t body_offset = 0;
  WireRequest out = parse_head(buffer, limits, body_offset);
  if (out.status == WireStatus::incomplete) {
    if (out.needed) reserve_request(buffer, out.needed);
    return out;
  }
  if (out.status != WireStatus::complete) return out;
  if (out.consumed == buffer.size()) {
    buffer.erase(0, body_offset);  // in place: the buffer becomes the body
    out.request.body = std::move(buffer);
    buffer.clear();
  } else {
    out.request.body = buffer.substr(body_offset, out.consumed - body_offset);
    buffer.erase(0, out.consumed);
  }
  return out;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 413: return "Request Entity Too Large";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

WireReply serialize_response(HttpResponse&& response) {
  WireReply out;
  out.head = "HTTP/1.1 " + std::to_string(response.status) + " ";
  out.head += reason_phrase(response.status);
  out.head += "\r\n";
  for (const auto& [name, value] : response.headers) {
    out.head += name;
    out.head += ": ";
    out.head += value;
    out.head += "\r\n";
  }
  out.head += "\r\n";
  out.body = std::move(response.body);
  return out;
}

long send_reply(int fd, const WireReply& reply, size_t offset, int flags) {
  iovec parts[2];
  int count = 0;
  if (offset < reply.head.size()) {
    parts[count++] = {const_cast<char*>(reply.head.data() + offset), reply.head.size() - offset};
    offset = 0;
  } else {
    offset -= reply.head.size();
  }
  if (offset < reply.body.size()) parts[count++] = {const_cast<char*>(reply.body.data() + offset), reply.body.size() - offset};
  msghdr message{};
  message.msg_iov = parts;
  message.msg_iovlen = size_t(count);
  return ::sendmsg(fd, &message, flags | MSG_NOSIGNAL);
}

}  // namespace ankc
