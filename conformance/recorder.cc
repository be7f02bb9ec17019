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

  listen_fd_ = listen_tcp(listen, address_);
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

// One request per connection (conformance/http_wire.h read_request).
void RecordingProxy::serve_one(int fd) {
  std::optional<HttpRequest> request = read_request(fd);
  if (!request) return;
  std::optional<HttpResponse> response = proxy_->passThrough(*request);
  if (!response) return;
  std::string out = "HTTP/1.1 " + std::to_string(response->status) + " " + reason_phrase(response->status) + "\r\n";
  for (const auto& [n, v] : response->headers) out += n + ": " + v + "\r\n";
  out += "\r\n" + response->body;
  write_all(fd, out);
}

}  // namespace ankc::conformance
