// The sync server's protocol layer, independent of the HTTP library: one call per request, from the
// method, path, `anki-sync` header and raw body to the status and body to send (sync-protocol.md §1-§5,
// §7, §9). Checks in the reference's order: body size (413), header (400), host key (403), body zstd
// and JSON (400), then the method (409/400/501 from the account).
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"

namespace ankc::native::sync {

class Account;

struct SyncUser {
  std::string name;
  std::string password;
};

// What to send back. Errors (4xx/5xx) carry the bare status number as text, uncompressed; a 2xx body
// is zstd-compressed with original_size set, except for protocol versions 8-10 (§0.8).
struct SyncReply {
  int status = 200;
  std::string body;
  std::optional<size_t> original_size;  // the anki-original-size header, when set
};

// Lowercase hex SHA-1 of "user:password": the reference server's host key (§2).
std::string host_key_for(const SyncUser& user);

class SyncService {
 public:
  // base: the folder holding one subfolder per user. max_payload_bytes bounds a request body
  // (compressed); its decompressed form may be 3x that. clock and random must outlive the service.
  SyncService(std::filesystem::path base, std::vector<SyncUser> users, size_t max_payload_bytes, Clock& clock,
              Random& random);
  ~SyncService();

  // method "GET"/"POST"; path as requested ("/sync/meta", "/health"); header = the anki-sync value
  // (nullopt when missing). Never throws.
  SyncReply handle(std::string_view method, std::string_view path, std::optional<std::string_view> header,
                   std::string_view body);

 private:
  struct Login {
    SyncUser user;
    std::string key;
    std::unique_ptr<Account> account;
  };
  // name: the method after "/sync/" or, with media, after "/msync/".
  SyncReply handle_sync(std::string_view name, bool media, std::optional<std::string_view> header,
                        std::string_view body);
  // A media method (§6) of an authenticated login, the account locked; payload decompressed.
  SyncReply handle_media(std::string_view name, int version, Login& login, std::string payload);

  std::filesystem::path base_;
  size_t max_payload_bytes_;
  Clock& clock_;
  Random& random_;
  std::vector<std::unique_ptr<Login>> logins_;
};

}  // namespace ankc::native::sync
