// A profile's sync as the native backend runs it: its account (endpoint, user, host key), the state it
// keeps between syncs in <profile folder>/sync-state.json (the endpoint a 308 moved it to, the last
// sync's time and result), one log line per sync, and the answers of the `sync`, `fullSync` and
// `syncStatus` actions. The caller holds the collection (the backend's lock) while calling in.
#pragma once

#include <boost/json/object.hpp>
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "backends/native/log_event.h"
#include "backends/native/sync/client/media_sync.h"
#include "backends/native/sync/client/sync_client.h"

namespace ankc::native { class Session; }

namespace ankc::native::sync {

// Named apart from the sync server's `Account` (server/account.h): the same qualified name for two
// types is an ODR violation, and the linker once resolved this one's destructor to the server's.
struct ClientAccount {
  std::optional<std::string> endpoint;  // nullopt = AnkiWeb
  std::optional<std::string> user;      // logs and status only
  std::optional<std::string> key;       // the host key; nullopt = sync not configured
};

class Agent {
 public:
  using Log = std::function<void(const std::string&)>;
  Agent(std::filesystem::path profile_folder, ClientAccount account, TransportOptions options, Log info, Log error);

  // Sends each sync's and media sync's line as an event (native/log_event.h) instead of through the
  // info/error logs, so the JSON log carries its values.
  void set_event_log(LogEventSink sink) { events_ = std::move(sink); }

  // A host key is configured.
  bool configured() const { return account_.key && !account_.key->empty(); }
  // The endpoint in use: the one a 308 moved this profile to, else the configured one, else AnkiWeb.
  std::string endpoint() const;

  // Runs a sync (meta, then nothing / normal / the full sync `policy` allows); `why` names the trigger
  // in the log line ("sync", "fullSync", "auto", "start"). Records the result; throws SyncError.
  SyncOutcome run(Session& session, FullSyncPolicy policy, const std::string& why);

  // Media sync of the profile's media folder (§6), after a collection sync; media_usn is meta's. Needs
  // no collection lock (only the media folder and its database): runs on the background thread while
  // requests go on. One at a time; logs one line; never throws (failures are logged and recorded).
  // Returns false when it failed.
  bool sync_media(std::optional<int32_t> media_usn, const std::string& why);

  // syncStatus: what the next sync needs, from the server's meta and what is known locally. `meta`
  // is asked at most once per kRemoteCheckSeconds (and never while a sync runs, `running`): the
  // reference server aborts any sync of the account in progress when `meta` arrives, another
  // device's included, so a client polling syncStatus must not send it every time. In between, the
  // last check (or the last sync's outcome) is combined with the local changes since.
  static constexpr int64_t kRemoteCheckSeconds = 60;
  boost::json::object status(Session& session, bool running);

  // The local view of what the next sync needs, without the network (Anki's offline shortcut):
  // never synced, or full / normal / none known from the col row.
  static std::string offline_required(Session& session);

  // What the admin listener shows (src/admin.h): the account, the last sync's time and result, the
  // counters since the process started (runs, failures, last duration) and media sync totals, all
  // from memory: no network, no collection. The caller holds the collection lock (run() writes the
  // collection-sync fields under it); the media fields have their own lock.
  boost::json::object local_status() const;

  // The running (or last) media sync's counters, read while it runs (the command line's progress bar).
  const MediaProgress& media_progress() const { return media_progress_; }

 private:
  void load_state();
  void save_state();
  void emit(const LogEvent& event) const;

  std::filesystem::path profile_folder_;
  std::filesystem::path state_file_;
  ClientAccount account_;
  TransportOptions options_;
  Log info_, error_;
  LogEventSink events_;
  // Persisted state.
  std::string moved_endpoint_;      // where a 308 sent this profile ("" = none)
  std::string moved_from_;          // the configured endpoint the move applies to
  int64_t last_sync_ms_ = 0;        // when the last sync ended (wall clock)
  std::string last_result_;         // "none", "normal", "upload", "download", or "error"
  std::string last_error_;
  std::string server_message_;
  int64_t last_success_ms_ = 0;     // when the last successful sync ended (persisted)
  // What the server said last (syncStatus's meta, or the last sync's outcome): the sync it required
  // then ("none", "normal", "full"), the full sync's directions, and when (steady clock, ms; 0 = never
  // or forgotten after a failure).
  struct RemoteCheck {
    int64_t steady_ms = 0;
    int64_t wall_ms = 0;
    std::string required;
    std::vector<std::string> directions;
  };
  RemoteCheck remote_;
  // Since the process started (the backend keeps one Agent per profile).
  int64_t runs_ = 0, failures_ = 0, last_duration_ms_ = 0;
  // Media sync: its progress (read by syncStatus while it runs) and its last outcome.
  MediaProgress media_progress_;
  std::atomic<bool> media_running_{false};
  std::mutex media_mutex_;        // one media sync at a time
  mutable std::mutex media_state_mutex_;
  std::string media_result_;      // "ok", "error", or "" before the first
  std::string media_error_;
  int64_t media_last_ms_ = 0;
  int64_t media_runs_ = 0, media_failures_ = 0;
  int64_t media_files_down_ = 0, media_files_up_ = 0, media_bytes_down_ = 0, media_bytes_up_ = 0;
};

}  // namespace ankc::native::sync
