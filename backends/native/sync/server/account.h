// One account of the sync server: its collection file (<folder>/collection.anki2, created on first
// use) and the state of the normal sync in progress, if any (sync-protocol.md §4.6, §9). Each method
// is one protocol call; the caller serialises calls on the same account (mutex()).
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"
#include "backends/native/sync/protocol/messages.h"

namespace ankc::native {
class Collection;
}

namespace ankc::native::sync {

// An HTTP status a call ends with (403, 409, 400...); the server answers it with the bare number.
class HttpStatusError : public std::runtime_error {
 public:
  HttpStatusError(int status, const std::string& why) : std::runtime_error(why), status_(status) {}
  int status() const { return status_; }

 private:
  int status_;
};

class MediaStore;

class Account {
 public:
  // clock and random must outlive the account. The folder is created on first use.
  Account(std::string name, std::filesystem::path folder, Clock& clock, Random& random);
  ~Account();
  Account(const Account&) = delete;
  Account& operator=(const Account&) = delete;

  const std::string& name() const { return name_; }
  std::mutex& mutex() { return mutex_; }
  std::filesystem::path collection_path() const { return folder_ / "collection.anki2"; }

  // meta (§3.1): aborts any normal sync in progress first.
  SyncMeta meta();

  // The normal sync (§4.2, §9). session_key is the header's `s`: start discards any earlier state and
  // opens a transaction; the later calls need the same key (400 when empty, 409 when there is no state
  // or another key's). A failure inside a call drops the state (rolling back) and is reported as 400.
  Graves start(const std::string& session_key, const StartRequest& request);
  void apply_graves(const std::string& session_key, const Graves& graves);
  UnchunkedChanges apply_changes(const std::string& session_key, const UnchunkedChanges& client);
  Chunk chunk(const std::string& session_key);
  void apply_chunk(const std::string& session_key, const Chunk& chunk);
  SanityCheckResponse sanity_check(const std::string& session_key, const SanityCounts& client);
  // Commits; returns the new mod (ms).
  int64_t finish(const std::string& session_key);
  // Drops any state, rolling back (always succeeds).
  void abort();

  // Full sync (§5). upload returns "OK" or the text for the user; download returns the file's bytes
  // after raising usn by one and setting mod = now (§0.1). Both abort a normal sync in progress.
  std::string upload(std::string_view file_bytes);
  std::string download();

  // The account's media (§6): <folder>/media/ and <folder>/media.db, opened on first use.
  MediaStore& media();

 private:
  struct State;
  Collection& col();
  void close_collection();
  State& state_for(const std::string& session_key);
  template <typename F>
  auto in_state(const std::string& session_key, F&& f);

  std::string name_;
  std::filesystem::path folder_;
  Clock& clock_;
  Random& random_;
  std::mutex mutex_;
  std::unique_ptr<Collection> col_;
  std::unique_ptr<State> state_;
  std::unique_ptr<MediaStore> media_;
};

}  // namespace ankc::native::sync
