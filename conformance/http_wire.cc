#include "conformance/http_wire.h"

#include "conformance/text_bytes.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace ankc::conformance {

namespace {

using Clock = std::chrono::steady_clock;

int connect_to(const HostPort& to, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(to.host.c_str(), std::to_string(to.port).c_str(), &hints, &res) != 0 || !res) {
    error = "cannot resolve " + to.host;
    return -1;
  }
  int fd = -1;
  for (addrinfo* ai = res; ai; ai = ai->ai_next) {
    fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) break;
    error = std::string("connect: ") + std::strerror(errno);
    close(fd);
    fd = -1;
  }
  freeaddrinfo(res);
  return fd;
}

// Content-Length of a response header block, if it has one.
std::optional<std::size_t> content_length(const std::string& head) {
  std::size_t pos = head.find("\r\n");
  while (pos != std::string::npos && pos + 2 < head.size()) {
    std::size_t end = head.find("\r\n", pos + 2);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos + 2, end - pos - 2);
    std::size_t colon = line.find(':');
    if (colon != std::string::npos && ascii_lower(line.substr(0, colon)) == "content-length") {
      try {
        return static_cast<std::size_t>(std::stoull(line.substr(colon + 1)));
      } catch (...) {
        return std::nullopt;
      }
    }
    pos = end;
  }
  return std::nullopt;
}

}  // namespace

std::optional<HostPort> parse_host_port(const std::string& url) {
  std::string rest = url;
  if (rest.rfind("http://", 0) == 0) rest = rest.substr(7);
  std::size_t slash = rest.find('/');
  if (slash != std::string::npos) rest = rest.substr(0, slash);
  std::size_t colon = rest.rfind(':');
  HostPort hp;
  if (colon == std::string::npos) {
    hp.host = rest;
    hp.port = 80;
  } else {
    hp.host = rest.substr(0, colon);
    try {
      hp.port = std::stoi(rest.substr(colon + 1));
    } catch (...) {
      return std::nullopt;
    }
  }
  if (hp.host.empty() || hp.port <= 0 || hp.port > 65535) return std::nullopt;
  if (hp.host.front() == '[' && hp.host.back() == ']') hp.host = hp.host.substr(1, hp.host.size() - 2);
  return hp;
}

WireResult send_raw(const HostPort& to, const std::string& request, int timeout_ms, int idle_ms) {
  WireResult result;
  int fd = connect_to(to, result.error);
  if (fd < 0) return result;
  result.connected = true;
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  std::size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) {
      // The server may answer and close before reading everything (e.g. a 403); keep what it wrote.
      break;
    }
    sent += static_cast<std::size_t>(n);
  }
  std::optional<std::size_t> want;  // total bytes expected, once known
  bool headers_done = false;
  char buf[65536];
  while (true) {
    if (headers_done && want && result.bytes.size() >= *want) break;
    int left = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count());
    if (left <= 0) {
      result.error = "timed out";
      break;
    }
    int wait = (headers_done && !want) ? std::min(left, idle_ms) : left;
    pollfd p{fd, POLLIN, 0};
    int r = poll(&p, 1, wait);
    if (r == 0) {
      if (!(headers_done && !want)) result.error = "timed out";
      break;  // idle after a header block without Content-Length: the body is what arrived
    }
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      result.error = std::string("recv: ") + std::strerror(errno);
      break;
    }
    if (n == 0) break;  // closed by the server
    result.bytes.append(buf, static_cast<std::size_t>(n));
    if (!headers_done) {
      std::size_t end = result.bytes.find("\r\n\r\n");
      if (end != std::string::npos) {
        headers_done = true;
        std::optional<std::size_t> length = content_length(result.bytes.substr(0, end));
        if (length) want = end + 4 + *length;
      }
    }
  }
  close(fd);
  return result;
}

std::optional<CassetteResponse> parse_response(const std::string& bytes) {
  std::size_t head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string::npos) return std::nullopt;
  std::size_t line_end = bytes.find("\r\n");
  std::string status_line = bytes.substr(0, line_end);
  // "HTTP/1.1 200 OK"
  std::size_t sp1 = status_line.find(' ');
  if (sp1 == std::string::npos) return std::nullopt;
  std::size_t sp2 = status_line.find(' ', sp1 + 1);
  CassetteResponse r;
  try {
    r.status = std::stoi(status_line.substr(sp1 + 1, sp2 == std::string::npos ? std::string::npos : sp2 - sp1 - 1));
  } catch (...) {
    return std::nullopt;
  }
  r.reason = sp2 == std::string::npos ? "" : status_line.substr(sp2 + 1);
  std::size_t pos = line_end + 2;
  while (pos < head_end + 2) {
    std::size_t end = bytes.find("\r\n", pos);
    std::string line = bytes.substr(pos, end - pos);
    std::size_t sep = line.find(": ");
    if (sep == std::string::npos)
      r.headers.push_back({line, "", true});
    else
      r.headers.push_back({line.substr(0, sep), line.substr(sep + 2)});
    pos = end + 2;
  }
  r.body = bytes.substr(head_end + 4);
  return r;
}

int free_loopback_port() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    socklen_t len = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

bool port_accepts(const HostPort& at) {
  std::string error;
  int fd = connect_to(at, error);
  if (fd < 0) return false;
  close(fd);
  return true;
}

int listen_tcp(const HostPort& at, HostPort& bound) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(at.port));
  if (inet_pton(AF_INET, at.host.c_str(), &addr.sin_addr) != 1) {
    close(fd);
    throw std::runtime_error("--listen needs an IPv4 address, got " + at.host);
  }
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
    std::string why = std::strerror(errno);
    close(fd);
    throw std::runtime_error("cannot listen on " + at.host + ":" + std::to_string(at.port) + ": " + why);
  }
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  bound = HostPort{at.host, ntohs(addr.sin_port)};
  return fd;
}

std::optional<HttpRequest> read_request(int fd, int idle_ms) {
  std::string data;
  char buf[65536];
  std::size_t head_end = std::string::npos;
  auto read_more = [&]() {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, idle_ms) <= 0) return false;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    data.append(buf, static_cast<std::size_t>(n));
    return true;
  };
  while ((head_end = data.find("\r\n\r\n")) == std::string::npos)
    if (!read_more()) return std::nullopt;
  HttpRequest request;
  std::size_t line_end = data.find("\r\n");
  std::string request_line = data.substr(0, line_end);
  std::size_t sp = request_line.find(' ');
  request.method = request_line.substr(0, sp);
  for (char& c : request.method) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (sp != std::string::npos) {
    std::size_t sp2 = request_line.find(' ', sp + 1);
    request.target = request_line.substr(sp + 1, sp2 == std::string::npos ? std::string::npos : sp2 - sp - 1);
  }
  std::size_t length = 0;
  std::size_t pos = line_end + 2;
  while (pos < head_end + 2) {
    std::size_t end = data.find("\r\n", pos);
    std::string line = data.substr(pos, end - pos);
    std::size_t sep = line.find(": ");
    std::string name = ascii_lower(line.substr(0, sep));
    std::string value;
    if (sep != std::string::npos) {
      std::size_t next = line.find(": ", sep + 2);
      value = line.substr(sep + 2, next == std::string::npos ? std::string::npos : next - sep - 2);
    }
    if (name == "content-length") {
      try {
        length = std::stoul(value);
      } catch (...) {
        length = 0;
      }
    }
    request.headers.emplace_back(name, value);
    pos = end + 2;
  }
  while (data.size() < head_end + 4 + length)
    if (!read_more()) return std::nullopt;
  request.body = data.substr(head_end + 4, length);
  return request;
}

bool write_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace ankc::conformance
