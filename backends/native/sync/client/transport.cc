#include "backends/native/sync/client/transport.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include "backends/native/sync/client/sync_error.h"
#include "backends/proxy/curl_loader.h"

namespace ankc::native::sync {
namespace {

struct Exchange {
  std::string body;
  std::string location;
  std::string original_size;
  size_t limit = 0;
  bool too_big = false;
  const TransportOptions* options = nullptr;
};

size_t on_data(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  size_t n = size * count;
  if (ex->body.size() + n > ex->limit) {
    ex->too_big = true;
    return 0;  // aborts the transfer
  }
  ex->body.append(data, n);
  return n;
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  std::string line(data, size * count);
  auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string value = trim(line.substr(colon + 1));
    if (name == "location") ex->location = value;
    if (name == kOriginalSizeHeader) ex->original_size = value;
  }
  return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t dlnow, curl_off_t, curl_off_t ulnow) {
  auto* ex = static_cast<Exchange*>(user);
  if (ex->options->progress) ex->options->progress(static_cast<size_t>(ulnow), static_cast<size_t>(dlnow));
  return 0;
}

// The text a user reads for an HTTP status (§7), naming the endpoint.
SyncError status_error(int status, const std::string& url) {
  std::string at = " (" + url + ")";
  switch (status) {
    case 403:
      return SyncError(SyncErrorKind::AuthFailed,
                       "sync: authentication failed (403): the sync key or password was not accepted" + at);
    case 409:
      return SyncError(SyncErrorKind::Conflict,
                       "sync: another device is syncing this account (409); try again in a few minutes" + at);
    case 413:
      return SyncError(SyncErrorKind::TooLarge, "sync: the server refused a request as too large (413)" + at);
    case 400:
      return SyncError(SyncErrorKind::BadRequest,
                       "sync: the server refused the data (400); run Check Database, then sync again" + at);
    case 501:
      return SyncError(SyncErrorKind::ClientTooOld, "sync: the server does not support this client (501)" + at);
    case 500: case 502: case 503: case 504:
      return SyncError(SyncErrorKind::ServerError,
                       "sync: server error " + std::to_string(status) + "; try again later" + at);
    default:
      return SyncError(SyncErrorKind::Network, "sync: unexpected HTTP status " + std::to_string(status) + at);
  }
}

}  // namespace

Transport::Transport(std::string endpoint, std::string host_key, TransportOptions options)
    : endpoint_(std::move(endpoint)), host_key_(std::move(host_key)), session_(new_session_key()),
      options_(std::move(options)) {}

TransportAnswer Transport::post(std::string_view method, std::string_view payload) {
  return exchange(method_url(endpoint_, method), method, payload);
}

std::string Transport::post_media(std::string_view method, std::string_view payload) {
  std::string url = media_method_url(endpoint_, method);
  TransportAnswer a = exchange(url, method, payload);
  if (a.status >= 300)
    throw SyncError(SyncErrorKind::Network, "sync: unexpected redirect (" + std::to_string(a.status) + ") on " +
                                                std::string(method) + " from " + url);
  return std::move(a.body);
}

TransportAnswer Transport::exchange(const std::string& url, std::string_view method, std::string_view payload) {
  const curl::Library& lib = curl::library();
  if (!lib.error.empty()) throw SyncError(SyncErrorKind::Network, "sync: " + lib.error);
  std::string body = zstd_compress(payload);
  SyncHeader header{kSyncVersion, host_key_, options_.client_version, session_};
  std::string header_line = std::string(kHeaderName) + ": " + encode_header(header);

  std::unique_ptr<CURL, decltype(lib.easy_cleanup)> curl(lib.easy_init(), lib.easy_cleanup);
  if (!curl) throw SyncError(SyncErrorKind::Network, "sync: cannot start a request");
  curl_slist* headers = nullptr;
  headers = lib.slist_append(headers, header_line.c_str());
  headers = lib.slist_append(headers, "Content-Type: application/octet-stream");
  headers = lib.slist_append(headers, "Expect:");  // no 100-continue round trip (§1.2)
  std::unique_ptr<curl_slist, decltype(lib.slist_free_all)> header_list(headers, lib.slist_free_all);

  Exchange ex;
  ex.limit = options_.max_answer_bytes;
  ex.options = &options_;
  char errbuf[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl::easy_setopt(c, CURLOPT_URL, url.c_str());
  curl::easy_setopt(c, CURLOPT_POST, 1L);
  curl::easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
  curl::easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl::easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl::easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // §1.4: redirects are the caller's business
  curl::easy_setopt(c, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
  curl::easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl::easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, options_.connect_timeout_ms);
  curl::easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);  // a stall, not a total limit (§1.3)
  curl::easy_setopt(c, CURLOPT_LOW_SPEED_TIME, options_.io_timeout_secs);
  curl::easy_setopt(c, CURLOPT_WRITEFUNCTION, &on_data);
  curl::easy_setopt(c, CURLOPT_WRITEDATA, &ex);
  curl::easy_setopt(c, CURLOPT_HEADERFUNCTION, &on_header);
  curl::easy_setopt(c, CURLOPT_HEADERDATA, &ex);
  curl::easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  if (options_.progress) {
    curl::easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &on_progress);
    curl::easy_setopt(c, CURLOPT_XFERINFODATA, &ex);
    curl::easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  }
  CURLcode rc = lib.easy_perform(c);
  long status = 0;
  curl::easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  sent_ += body.size();
  received_ += ex.body.size();
  if (ex.too_big)
    throw SyncError(SyncErrorKind::Protocol, "sync: the answer to " + std::string(method) + " is larger than " +
                                                 std::to_string(ex.limit) + " bytes (" + url + ")");
  if (rc != CURLE_OK) {
    std::string why = errbuf[0] ? std::string(errbuf) : std::string(lib.easy_strerror(rc));
    if (rc == CURLE_OPERATION_TIMEDOUT)
      throw SyncError(SyncErrorKind::Timeout, "sync: timed out talking to " + url + ": " + why);
    // The server was reached but did not speak HTTP (§7: garbage is a protocol error).
    if (rc == CURLE_WEIRD_SERVER_REPLY || rc == CURLE_UNSUPPORTED_PROTOCOL)
      throw SyncError(SyncErrorKind::Protocol,
                      "sync: the answer from " + url + " is not HTTP (" + why + "); is it an Anki sync server?");
    // Reached, then the connection broke before the answer was complete.
    if (rc == CURLE_PARTIAL_FILE || rc == CURLE_GOT_NOTHING || rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR)
      throw SyncError(SyncErrorKind::Network, "sync: the connection to " + url + " broke: " + why);
    throw SyncError(SyncErrorKind::Network, "sync: cannot reach " + url + ": " + why);
  }
  TransportAnswer answer;
  answer.status = static_cast<int>(status);
  if (status >= 300 && status < 400) {
    answer.location = ex.location;
    return answer;
  }
  if (status < 200 || status >= 300) throw status_error(answer.status, url);
  // §1.3: every 2xx answer is zstd with its original size; Anki treats a missing one as an error.
  if (ex.original_size.empty())
    throw SyncError(SyncErrorKind::Protocol, "sync: the answer to " + std::string(method) +
                                                 " has no anki-original-size header; is " + endpoint_ +
                                                 " an Anki sync server?");
  try {
    answer.body = zstd_decompress(ex.body, options_.max_answer_bytes);
  } catch (const ProtocolError& e) {
    throw SyncError(SyncErrorKind::Protocol,
                    "sync: the answer to " + std::string(method) + " from " + url + " is not valid: " + e.what());
  }
  if (std::to_string(answer.body.size()) != ex.original_size)
    throw SyncError(SyncErrorKind::Protocol, "sync: the answer to " + std::string(method) + " from " + url +
                                                 " has " + std::to_string(answer.body.size()) +
                                                 " bytes, anki-original-size says " + ex.original_size);
  return answer;
}

std::string Transport::post_ok(std::string_view method, std::string_view payload) {
  TransportAnswer a = post(method, payload);
  if (a.status >= 300)
    throw SyncError(SyncErrorKind::Network, "sync: unexpected redirect (" + std::to_string(a.status) + ") on " +
                                                std::string(method) + " from " + endpoint_);
  return std::move(a.body);
}

}  // namespace ankc::native::sync
