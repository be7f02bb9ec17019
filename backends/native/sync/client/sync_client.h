// The sync client's entry points (sync-protocol.md §2, §3, §4, §5): log in for a host key, ask the
// server's meta (following one 308 endpoint move), decide what the two collections need, and run it:
// nothing, a normal sync, or — only when the caller allows that direction — a full upload or download.
// Everything here runs on the caller's thread with the collection held by the caller.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "backends/native/storage/sync/sync.h"
#include "backends/native/sync/client/normal_sync.h"
#include "backends/native/sync/client/transport.h"
#include "backends/native/sync/protocol/messages.h"

namespace ankc::native { class Session; }

namespace ankc::native::sync {

// What the collections need, numbered as Anki's SyncCollectionResponse.ChangesRequired (the number
// AnkiConnect's `sync` error text shows).
enum class Required { NoChanges = 0, NormalSync = 1, FullSync = 2, FullDownload = 3, FullUpload = 4 };
const char* required_name(Required r);  // "none", "normal", "full", "fullDownload", "fullUpload"

// Which full sync the caller allows when one is required.
enum class FullSyncPolicy { Refuse, Upload, Download };

// §3.3, after the checks on cont and the clock.
Required decide(const SyncMeta& remote, const storage::LocalMeta& local);

struct SyncOutcome {
  Required required = Required::NoChanges;  // what meta said was needed
  std::string done;                          // "none", "normal", "upload", "download"
  SyncCounts counts;                         // objects (normal sync)
  size_t file_bytes = 0;                     // the collection file (full sync)
  size_t bytes_sent = 0, bytes_received = 0; // on the wire, compressed
  std::string endpoint;                      // where the sync ended (after a 308)
  std::string server_message;                // meta's msg, if any
  std::optional<int32_t> media_usn;          // meta's media_usn, for the media sync that follows
};

// Runs a whole sync of the session's collection against `endpoint` with host key `key`. When meta
// answers 308, the new endpoint is used for everything after it and reported in outcome.endpoint (the
// caller persists it; `moved_to`, when given, receives it as soon as meta succeeded there, so a sync
// that fails later still records the move). A full sync that the policy does not allow throws
// SyncError(FullSyncRequired) with AnkiConnect's text. Throws SyncError on every failure; the
// collection is then as it was.
SyncOutcome sync_collection(Session& session, const std::string& endpoint, const std::string& key,
                            FullSyncPolicy policy, const TransportOptions& options,
                            std::string* moved_to = nullptr);

// Only meta (with the 308 handling) and the decision, without changing anything.
struct Status {
  Required required = Required::NoChanges;
  SyncMeta remote;
  std::string endpoint;
};
Status sync_status(Session& session, const std::string& endpoint, const std::string& key,
                   const TransportOptions& options);

// sync/hostKey: the host key for user/password at endpoint. Throws SyncError (AuthFailed on 403).
std::string login(const std::string& endpoint, const std::string& user, const std::string& password,
                  const TransportOptions& options);

// AnkiConnect's text when the server requires a full sync (api spec, `sync`).
std::string full_sync_required_text(Required r);

}  // namespace ankc::native::sync
