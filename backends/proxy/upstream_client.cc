#include "backends/proxy/upstream_client.h"

#include <mutex>
#include <string_view>

#include "backends/proxy/curl_loader.h"
#include "backends/proxy/hop_by_hop.h"

namespace ankc::proxy {

namespace {

// The calling thread's easy handle. curl_easy_reset() between exchanges clears the options but keeps
// the connection cache, which is what makes keep-alive to the upstream work.
class ThreadHandle {
 public:
  ThreadHandle() : curl_(curl::library().error.empty() ? curl::library().easy_init() : nullptr) {}
  ~ThreadHandle() {
    if (curl_) curl::library().easy_cleanup(curl_);
  }
  ThreadHandle(const ThreadHandle&) = delete;
  ThreadHandle& operator=(const ThreadHandle&) = delete;
  CURL* get() { return curl_; }

 private:
  CURL* curl_;
};

CURL* thread_handle() {
  thread_local ThreadHandle handle;
  return handle.get();
}

// curl_slist owned for the duration of one exchange.
class HeaderSlist {
 public:
  HeaderSlist() = default;
  ~HeaderSlist() {
    if (list_) curl::library().slist_free_all(list_);
  }
  HeaderSlist(const HeaderSlist&) = delete;
  HeaderSlist& operator=(const HeaderSlist&) = delete;
  void add(const std::string& line) { list_ = curl::library().slist_append(list_, line.c_str()); }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// The request headers to send: the client's end-to-end headers minus those curl must own (Host,
// Content-Length) or that the HTTP layer already answered (Expect), plus blank entries that stop curl
// from inventing Accept, Content-Type and Expect.
void build_request_headers(const HttpRequest& request, HeaderSlist& out) {
  bool has_accept = false, has_content_type = false;
  for (const auto& [name, value] : end_to_end(request.headers)) {
    if (same_name(name, "host") || same_name(name, "content-length") || same_name(name, "expect"))
      continue;
    has_accept |= same_name(name, "accept");
    has_content_type |= same_name(name, "content-type");
    // "Name;" is curl's spelling of a header with an empty value ("Name:" would remove it).
    out.add(value.empty() ? name + ";" : name + ": " + value);
  }
  if (!has_accept) out.add("Accept:");
  if (!has_content_type) out.add("Content-Type:");
  out.add("Expect:");
}

struct Collected {
  HttpResponse response;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<Collected*>(user)->response.body.append(data, size * count);
  return size * count;
}

// Called once per header line, CRLF included. A status line starts a new header block (an interim
// 1xx response may precede the final one).
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto& headers = static_cast<Collected*>(user)->response.headers;
  std::string_view line(data, size * count);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.starts_with("HTTP/")) {
    headers.clear();
  } else if (!line.empty()) {
    size_t colon = line.find(':');
    std::string_view name = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    headers.emplace_back(std::string(name), std::string(value));
  }
  return size * count;
}

bool has_header(const HeaderList& headers, std::string_view name) {
  for (const auto& header : headers)
    if (same_name(header.first, name)) return true;
  return false;
}

// curl rejects URLs with spaces and control bytes; AnkiConnect ignores the target anyway.
bool forwardable_target(const std::string& target) {
  if (target.empty() || target.front() != '/') return false;
  for (unsigned char c : target)
    if (c <= 0x20 || c >= 0x7f) return false;
  return true;
}

}  // namespace

UpstreamClient::UpstreamClient(std::string base_url, long connect_timeout_ms, long timeout_ms)
    : base_url_(std::move(base_url)), connect_timeout_ms_(connect_timeout_ms), timeout_ms_(timeout_ms) {
  curl::library();  // a proxy always needs libcurl: load it now rather than on the first request
}

std::string UpstreamClient::url_for(const std::string& target) const {
  std::string url = base_url_;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + (forwardable_target(target) ? target : std::string("/"));
}

UpstreamResult UpstreamClient::send(const HttpRequest& request) const {
  UpstreamResult result;
  const curl::Library& lib = curl::library();
  if (!lib.error.empty()) {
    result.cause = lib.error;
    return result;
  }
  CURL* curl = thread_handle();
  if (!curl) {
    result.cause = "curl_easy_init failed";
    return result;
  }
  lib.easy_reset(curl);

  const std::string url = url_for(request.target);
  HeaderSlist headers;
  build_request_headers(request, headers);
  Collected collected;
  char error_text[CURL_ERROR_SIZE] = {0};

  curl::easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl::easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl::easy_setopt(curl, CURLOPT_PROXY, "");  // never go through http_proxy from the environment
  curl::easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl::easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  curl::easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl::easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms_);
  curl::easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms_);
  curl::easy_setopt(curl, CURLOPT_ERRORBUFFER, error_text);
  curl::easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl::easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl::easy_setopt(curl, CURLOPT_WRITEDATA, &collected);
  curl::easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl::easy_setopt(curl, CURLOPT_HEADERDATA, &collected);

  // Any method carries the body (AnkiConnect treats every method but OPTIONS as an API call); a
  // bodiless non-POST is sent without Content-Length, as the client sent it. HEAD is not special:
  // AnkiConnect answers it with a body, which curl reads because CURLOPT_NOBODY stays unset.
  if (!request.body.empty() || request.method == "POST" || request.header("content-length")) {
    curl::easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl::easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
  }
  if (request.method != "GET" || !request.body.empty())
    curl::easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());

  CURLcode code = lib.easy_perform(curl);
  // Do not leave pointers to this frame's buffers in the reused handle.
  curl::easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl::easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);

  if (code != CURLE_OK) {
    long sent = 0;
    curl::easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &sent);
    result.maybe_delivered = sent > 0 && code != CURLE_COULDNT_CONNECT && code != CURLE_COULDNT_RESOLVE_HOST;
    result.cause = lib.easy_strerror(code);
    if (error_text[0]) result.cause += std::string(" (") + error_text + ")";
    // curl calls a non-HTTP reply "HTTP/0.9"; say plainly what that means.
    if (code == CURLE_WEIRD_SERVER_REPLY || std::string_view(error_text).find("HTTP/0.9") != std::string_view::npos)
      result.cause += ": the reply is not HTTP";
    return result;
  }
  long status = 0;
  curl::easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  result.answered = true;
  result.response.status = static_cast<int>(status);
  const bool chunked = has_header(collected.response.headers, "transfer-encoding");
  result.response.headers = end_to_end(collected.response.headers);
  result.response.body = std::move(collected.response.body);
  // curl has undone chunked framing; the client needs a length in its place.
  if (chunked && !has_header(result.response.headers, "content-length"))
    result.response.headers.emplace_back("Content-Length", std::to_string(result.response.body.size()));
  return result;
}

}  // namespace ankc::proxy
