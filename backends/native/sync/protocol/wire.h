// The transport of Anki's sync protocol v11 (spec sync-protocol.md §1), shared by the sync client and
// the sync server: the `anki-sync` request header, zstd bodies both ways with `anki-original-size`, the
// method paths, and the one error type both sides throw for malformed protocol data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ankc::native::sync {

inline constexpr int kSyncVersion = 11;        // what this client sends (`v`)
inline constexpr int kMinServerVersion = 8;    // a server accepts 8..=11 (§8)
inline constexpr int kMaxServerVersion = 11;
inline constexpr std::string_view kHeaderName = "anki-sync";
inline constexpr std::string_view kOriginalSizeHeader = "anki-original-size";
inline constexpr std::string_view kAnkiWebEndpoint = "https://sync.ankiweb.net/";
// The reference server's limits (§1.2): 100 MiB compressed, 3x that decompressed.
inline constexpr size_t kDefaultMaxPayloadBytes = 100u << 20;

// Malformed protocol data: a bad header, a body that is not zstd or too large, JSON of the wrong shape.
// The server answers it with 400; the client reports it as a protocol error naming the endpoint.
class ProtocolError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// A body that decompresses to more than the allowed size (the server answers 413).
class PayloadTooLarge : public ProtocolError {
 public:
  using ProtocolError::ProtocolError;
};

// The `anki-sync` header: {"v":11,"k":"<host key>","c":"<client version>","s":"<session key>"}.
struct SyncHeader {
  int v = kSyncVersion;
  std::string k;  // host key; "" only on hostKey
  std::string c;  // free-form client version, e.g. "26.08.1,dev,linux"
  std::string s;  // session key, the same from start to finish
};

// Compact JSON with all four keys, in the order v, k, c, s.
std::string encode_header(const SyncHeader& header);
// Parses a header value; throws ProtocolError when it is not a JSON object holding all four keys with
// the right types (v a number, the rest strings).
SyncHeader decode_header(std::string_view text);

// A zstd frame of `data` (level 3 unless given).
std::string zstd_compress(std::string_view data, int level = 3);
// Decompresses one or more zstd frames with the streaming API (frames need not record their size).
// Throws ProtocolError when the input is not zstd or is truncated, PayloadTooLarge when it decompresses
// to more than max_bytes.
std::string zstd_decompress(std::string_view data, size_t max_bytes);

// "sync/<method>" and "msync/<method>" resolved against an endpoint base that ends in '/'.
std::string method_url(std::string_view endpoint, std::string_view method);
std::string media_method_url(std::string_view endpoint, std::string_view method);
// An endpoint as Anki normalises it: resolving "./" against it, so a base must end in '/' to keep
// its last path segment ("http://h/anki" -> "http://h/", "http://h/anki/" unchanged, "http://h" ->
// "http://h/"). Throws ProtocolError when it is not an http(s) URL.
std::string normalize_endpoint(std::string_view endpoint);

// A random session key: a random u32 written in base 62, as Anki does.
std::string new_session_key();

}  // namespace ankc::native::sync
