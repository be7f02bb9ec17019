// Why a sync failed, in the categories Anki's client distinguishes (sync-protocol.md §7), with a text a
// user can act on. Every failure of the sync client is a SyncError; the collection is left as it was.
#pragma once

#include <stdexcept>
#include <string>

namespace ankc::native::sync {

enum class SyncErrorKind {
  AuthFailed,      // 403: wrong password at login, or the host key is no longer valid
  Conflict,        // 409: another device is syncing
  ServerError,     // 500, 502, 503, 504
  ClientTooOld,    // 501 on meta
  TooLarge,        // 413
  BadRequest,      // other 400s: the server refused the data ("run Check Database, then sync again")
  Network,         // connection refused, DNS, TLS, other statuses
  Timeout,         // no I/O for the stall timeout
  Protocol,        // an answer that is not what the protocol says (garbage, missing original size)
  ServerMessage,   // meta said cont=false, or upload answered a text other than OK
  ClockIncorrect,  // the server's clock differs by more than 5 minutes
  SanityCheck,     // the collections differ after a normal sync: a full sync is now required
  ResyncRequired,  // a notetype's fields/templates differ: a full sync is now required
  FullSyncRequired,// the caller did not allow the full sync the server needs
  Busy,            // a sync is already running
};

class SyncError : public std::runtime_error {
 public:
  SyncError(SyncErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  SyncErrorKind kind() const { return kind_; }

 private:
  SyncErrorKind kind_;
};

}  // namespace ankc::native::sync
