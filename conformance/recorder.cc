#include "conformance/recorder.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <stdexcept>

#include "backends/proxy/proxy_backend.h"
#include "conformance/text_bytes.h"

namespace ankc::conformance {

namespace {

bool dropped_request_header(const std::string& lower_name) {
  return lower_name == "host" || lower_name == "connection" || lower_name == "keep-alive" ||
         lower_name == "transfer-encoding" || lower_name == "te" || lower_name == "trailer" ||
         lower_name == "upgrade" || lower_name.rfind("proxy-", 0) == 0;
}

std::string action_of(const std::string& body) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(body, ec);
  if (ec || !v.is_object()) return "";
  const boost::json::value* a = v.get_object().if_contains("action");
  if (!a || !a->is_string()) return "";
  std::string name(a->get_string());
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name.substr(0, 40);
}

}  // namespace

std::string reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 413: return "Payload Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
  }
}

Exchange exchange_from(const HttpRequest& request, const HttpResponse& response, const std::string& name) {
  Exchange x;
  x.name = name;
  x.request.method = request.method;
  x.request.path = request.target.empty() ? "/" : request.target;
  for (const auto& [n, v] : request.headers)
    if (!dropped_request_header(ascii_lower(n))) x.request.headers.push_back({n, v});
  x.request.body = request.body;
  x.response.status = response.status;
  x.response.reason = reason_phrase(response.status);
  for (const auto& [n, v] : response.headers) x.response.headers.push_back({n, v});
  x.response.body = response.body;
  return x;
}

ExchangeHook make_cassette_recorder(const std::filesystem::path& path, const CassetteHeader& header) {
  struct State {
    std::mutex mutex;
    std::ofstream out;
    int count = 0;
  };
  auto state = std::make_shared<State>();
  state->out.open(path, std::ios::binary | std::ios::trunc);
  if (!state->out) throw CassetteError(path.string() + ": cannot be written");
  state->out << format_header(header) << "\n" << std::flush;
  return [state](const HttpRequest& request, const HttpResponse& response) {
    std::lock_guard<std::mutex> lock(state->mutex);
    ++state->count;
    char number[16];
    std::snprintf(number, sizeof number, "%04d", state->count);
    std::string action = action_of(request.body);
    Exchange x = exchange_from(request, response, std::string(number) + (action.empty() ? "" : "-" + action));
    state->out << format_exchange(x) << "\n" << std::flush;
  };
}

RecordingProxy::RecordingProxy(const HostPort& listen, const std::string& upstream_url,
                               const std::filesystem::path& out, const CassetteHeader& header) {
  ProxyOptions options;
  options.upstream_url = upstream_url;
  options.on_exchange = make_cassette_recorder(out, header);
  proxy_ = make_proxy_backend(std::move(options));

  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("socket failed");
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(listen.port));
  if (inet_pton(AF_INET, listen.host.c_str(), &addr.sin_addr) != 1)
    throw std::runtime_error("--listen needs an IPv4 address, got " + listen.host);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 16) != 0)
    throw std::runtime_error("cannot listen on " + listen.host + ":" + std::to_string(listen.port));
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  address_ = HostPort{listen.host, ntohs(addr.sin_port)};
}

RecordingProxy::~RecordingProxy() {
  if (listen_fd_ >= 0) close(listen_fd_);
}

void RecordingProxy::run() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    int client = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    serve_one(client);
    close(client);
  }
}

// One request per connection, parsed the way AnkiConnect does (spec ankiconnect-api.md §1.1): header
// lines split on ": ", names lower-cased, body length from Content-Length only.
void RecordingProxy::serve_one(int fd) {
  std::string data;
  char buf[65536];
  std::size_t head_end = std::string::npos;
  auto read_more = [&]() {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 10000) <= 0) return false;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    data.append(buf, static_cast<std::size_t>(n));
    return true;
  };
  while ((head_end = data.find("\r\n\r\n")) == std::string::npos)
    if (!read_more()) return;
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
    if (!read_more()) return;
  request.body = data.substr(head_end + 4, length);
  std::optional<HttpResponse> response = proxy_->passThrough(request);
  if (!response) return;
  std::string out = "HTTP/1.1 " + std::to_string(response->status) + " " + reason_phrase(response->status) + "\r\n";
  for (const auto& [n, v] : response->headers) out += n + ": " + v + "\r\n";
  out += "\r\n" + response->body;
  std::size_t sent = 0;
  while (sent < out.size()) {
    ssize_t n = send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;
    sent += static_cast<std::size_t>(n);
  }
}

}  // namespace ankc::conformance
