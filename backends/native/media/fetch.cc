#include "backends/native/media/fetch.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "backends/action_error.h"
#include "backends/proxy/curl_loader.h"
#include "compat/pyjson.h"

namespace ankc::native::media {
namespace {

FetchPolicy& policy_storage() {
  static FetchPolicy p;
  return p;
}

std::string errno_text(int err, const std::string& path) {
  return "[Errno " + std::to_string(err) + "] " + std::strerror(err) + ": " + pyjson::repr_str(path);
}

bool under_root(const std::filesystem::path& p, const std::string& root) {
  std::error_code ec;
  auto r = std::filesystem::weakly_canonical(root, ec);
  if (ec) return false;
  auto rel = p.lexically_relative(r);
  return !rel.empty() && *rel.begin() != "..";
}

struct Body {
  std::string data;
  int64_t limit = 0;
  bool too_big = false;
};

size_t on_data(char* ptr, size_t size, size_t n, void* user) {
  auto* body = static_cast<Body*>(user);
  body->data.append(ptr, size * n);
  if (body->limit > 0 && int64_t(body->data.size()) > body->limit) {
    body->too_big = true;
    return 0;
  }
  return size * n;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

void set_fetch_policy(FetchPolicy policy) { policy_storage() = std::move(policy); }
const FetchPolicy& fetch_policy() { return policy_storage(); }

void check_size(size_t bytes) {
  int64_t max = fetch_policy().max_bytes;
  if (max > 0 && int64_t(bytes) > max)
    throw ActionError("media file is larger than the allowed " + std::to_string(max) + " bytes");
}

std::string read_path(const std::string& path) {
  const FetchPolicy& pol = fetch_policy();
  if (!pol.allow_paths) throw ActionError("reading media from a path is disabled on this server: " + path);
  if (!pol.path_roots.empty()) {
    std::error_code ec;
    auto canon = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
    bool ok = false;
    if (!ec)
      for (const auto& root : pol.path_roots) ok = ok || under_root(canon, root);
    if (!ok) throw ActionError("path is outside the allowed media source folders: " + path);
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw ActionError(errno_text(EISDIR, path));
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ActionError(errno_text(errno ? errno : ENOENT, path));
  auto size = std::filesystem::file_size(path, ec);
  if (!ec) check_size(size);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  check_size(data.size());
  return data;
}

namespace {

// The scheme and host rules of the policy, applied to the first URL and to every redirect target.
void check_url(const curl::Library& lib, const FetchPolicy& pol, const std::string& url) {
  CURLU* u = lib.url();
  std::string scheme, host;
  if (lib.url_set(u, CURLUPART_URL, url.c_str(), 0) == CURLUE_OK) {
    char* part = nullptr;
    if (lib.url_get(u, CURLUPART_SCHEME, &part, 0) == CURLUE_OK) scheme = lower(part), lib.free(part);
    part = nullptr;
    if (lib.url_get(u, CURLUPART_HOST, &part, 0) == CURLUE_OK) host = lower(part), lib.free(part);
  }
  lib.url_cleanup(u);
  // requests' own wording for a URL without a scheme.
  if (scheme.empty())
    throw ActionError("Invalid URL " + pyjson::repr_str(url) + ": No scheme supplied. Perhaps you meant https://" +
                      url + "?");
  bool scheme_ok = false;
  for (const auto& s : pol.url_schemes) scheme_ok = scheme_ok || lower(s) == scheme;
  if (!scheme_ok) throw ActionError("No connection adapters were found for " + pyjson::repr_str(url));
  if (!pol.url_hosts.empty()) {
    bool host_ok = false;
    for (const auto& h : pol.url_hosts) host_ok = host_ok || lower(h) == host;
    if (!host_ok) throw ActionError("downloading media from this host is not allowed: " + host);
  }
}

constexpr int kMaxRedirects = 30;  // requests' default limit

}  // namespace

std::string download(const std::string& url) {
  const FetchPolicy& pol = fetch_policy();
  if (!pol.allow_urls) throw ActionError("downloading media from a url is disabled on this server: " + url);
  // libcurl is loaded on the first download (backends/proxy/curl_loader.h).
  const curl::Library& lib = curl::library();
  if (!lib.error.empty()) throw ActionError("cannot download " + url + ": " + lib.error);

  CURL* curl = lib.easy_init();
  if (!curl) throw ActionError("cannot start a download");
  struct Cleanup {
    const curl::Library& lib;
    CURL* curl;
    ~Cleanup() { lib.easy_cleanup(curl); }
  } cleanup{lib, curl};
  Body body;
  body.limit = pol.max_bytes;
  char errbuf[CURL_ERROR_SIZE] = {0};
  // Redirects are followed here, not by libcurl, so that every hop's URL passes check_url.
  curl::easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl::easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl::easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, long(pol.timeout_ms));
  curl::easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);  // requests' timeout is per read, not total
  curl::easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, long((pol.timeout_ms + 999) / 1000));
  curl::easy_setopt(curl, CURLOPT_WRITEFUNCTION, &on_data);
  curl::easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl::easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl::easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  std::string current = url;
  long status = 0;
  for (int hop = 0;; ++hop) {
    check_url(lib, pol, current);
    body.data.clear();
    errbuf[0] = 0;
    curl::easy_setopt(curl, CURLOPT_URL, current.c_str());
    CURLcode rc = lib.easy_perform(curl);
    status = 0;
    curl::easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    if (body.too_big) check_size(body.data.size());
    if (rc != CURLE_OK) throw ActionError(errbuf[0] ? std::string(errbuf) : lib.easy_strerror(rc));
    char* location = nullptr;
    curl::easy_getinfo(curl, CURLINFO_REDIRECT_URL, &location);  // absolute, resolved against current
    if (status < 300 || status >= 400 || !location) break;
    if (hop == kMaxRedirects) throw ActionError("Exceeded " + std::to_string(kMaxRedirects) + " redirects.");
    current = location;
  }
  if (status != 200) throw ActionError(url + " download failed with return code " + std::to_string(status));
  return std::move(body.data);
}

}  // namespace ankc::native::media
