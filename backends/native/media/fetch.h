// Where storeMediaFile (and note media) may take bytes from besides inline base64: a file on this host
// (`path`) or an HTTP download (`url`). AnkiConnect allows any readable path and any http(s) URL with a
// 10 s timeout; a deployment can narrow that (the lead maps these to config keys). Process-wide.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::native::media {

struct FetchPolicy {
  bool allow_paths = true;                      // mediaAllowPaths: read `path` at all
  std::vector<std::string> path_roots;          // mediaPathRoots: allowed folders; empty = anywhere
  bool allow_urls = true;                       // mediaAllowUrls: download `url` at all
  std::vector<std::string> url_schemes{"http", "https"};  // mediaUrlSchemes
  std::vector<std::string> url_hosts;           // mediaUrlHosts: allowed host names; empty = any
  int64_t max_bytes = 0;                        // mediaMaxBytes: largest payload; 0 = unlimited
  int timeout_ms = 10000;                       // mediaUrlTimeoutMs: AnkiConnect's webTimeout (10 s)
};

// Replaces the process-wide policy (call at start-up, before serving).
void set_fetch_policy(FetchPolicy policy);
// The current policy.
const FetchPolicy& fetch_policy();

// Reads a local file as Python's open(path, 'rb').read() would, with Python's errno texts
// ("[Errno 2] No such file or directory: '/x'"). Throws ActionError; refused paths say why.
std::string read_path(const std::string& path);
// GET url; a status other than 200 throws "{url} download failed with return code {status}".
std::string download(const std::string& url);
// Throws ActionError when data exceeds max_bytes.
void check_size(size_t bytes);

}  // namespace ankc::native::media
