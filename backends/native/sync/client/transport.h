// The HTTP side of the sync client (sync-protocol.md §1, §7): one POST per protocol method to
// {endpoint}sync/<method>, with the `anki-sync` header, a zstd body, and a zstd answer checked against
// `anki-original-size`. libcurl (loaded on first use) never follows redirects: a 3xx is returned to the
// caller (only meta handles one, §1.4). Statuses map to SyncError kinds; a stall of io_timeout_secs
// with no bytes moving is a timeout, however long a transfer takes while it moves.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "backends/native/sync/protocol/wire.h"

namespace ankc::native::sync {

// The Anki release whose sync client this one follows (sync-protocol.md was read from it). Servers may
// judge a client by its version, so both version strings name it, with ankiconnectd as the build.
inline constexpr const char* kFollowedAnkiVersion = "26.08.1";

struct TransportOptions {
  // The header's `c` ("<version>,<buildhash>,<os>") and meta's `cv` ("anki,<version> (<buildhash>),<os>").
  std::string client_version = std::string(kFollowedAnkiVersion) + ",ankiconnectd,linux";
  std::string meta_client_version = std::string("anki,") + kFollowedAnkiVersion + " (ankiconnectd),linux";
  long connect_timeout_ms = 15000;
  long io_timeout_secs = 30;  // Anki's default stall timeout
  size_t max_answer_bytes = 3 * kDefaultMaxPayloadBytes;
  // Called now and then during a long transfer with (bytes sent, bytes received); may be empty.
  std::function<void(size_t, size_t)> progress;
};

struct TransportAnswer {
  int status = 0;
  std::string body;      // decompressed for 2xx
  std::string location;  // Location of a 3xx
};

class Transport {
 public:
  // endpoint: a normalised base ending in '/'; host_key "" for hostKey.
  Transport(std::string endpoint, std::string host_key, TransportOptions options);

  // POSTs `payload` (compressed here) to {endpoint}sync/<method> and returns the decompressed 2xx
  // answer or a 3xx with its Location. Throws SyncError for every other outcome.
  TransportAnswer post(std::string_view method, std::string_view payload);
  // post() expecting 2xx JSON; a 3xx is an error here.
  std::string post_ok(std::string_view method, std::string_view payload);
  // POSTs to {endpoint}msync/<method> (media sync, §6) and returns the decompressed 2xx answer; every
  // other status (a 3xx included) throws SyncError.
  std::string post_media(std::string_view method, std::string_view payload);

  const std::string& endpoint() const { return endpoint_; }
  const std::string& host_key() const { return host_key_; }
  void set_endpoint(std::string endpoint) { endpoint_ = std::move(endpoint); }
  const std::string& session_key() const { return session_; }
  size_t bytes_sent() const { return sent_; }
  size_t bytes_received() const { return received_; }

 private:
  TransportAnswer exchange(const std::string& url, std::string_view method, std::string_view payload);

  std::string endpoint_;
  std::string host_key_;
  std::string session_;
  TransportOptions options_;
  size_t sent_ = 0, received_ = 0;
};

}  // namespace ankc::native::sync
