// Who may use the active collection, at three levels, like SQLite's own locks:
// - write: one holder at a time — a request that may write, a background job, or a sync client of
//   ankiconnectd's sync server for the length of its normal sync (start..finish spans several HTTP
//   requests served by different threads, so this level is not tied to a thread: whoever took it may
//   release it from any thread). Readers go on meanwhile: they read the last committed state (WAL).
// - read: any number of holders, alongside the writer: read-only actions on their own connections.
// - exclusive: the writer, once it is about to close or replace the collection file (a full sync, a
//   profile switch, a .colpkg import): new readers wait, and it waits for the current ones to finish.
//   It ends when the writer unlocks.
// It records what holds the write level and since when, for the "collection is busy" text.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

namespace ankc::native {

class CollectionLock {
 public:
  using Clock = std::chrono::steady_clock;

  // The write level. Waits up to `wait`; false when it is still held then. `holder` names the new holder.
  bool try_lock_for(std::chrono::milliseconds wait, std::string holder) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, wait, [this] { return !held_; })) return false;
    take(std::move(holder));
    return true;
  }
  // Waits as long as it takes.
  void lock(std::string holder) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !held_; });
    take(std::move(holder));
  }
  // Ends the write level (and the exclusive one, if the writer took it).
  void unlock() {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
      exclusive_ = false;
      holder_.clear();
    }
    changed_.notify_all();
  }
  // The writer (the caller holds the write level) excludes readers: waits for those reading now.
  void make_exclusive() {
    std::unique_lock lock(mutex_);
    exclusive_ = true;
    changed_.wait(lock, [this] { return readers_ == 0; });
  }

  // The read level: waits up to `wait` while the writer is exclusive; false when it still is.
  bool try_lock_shared_for(std::chrono::milliseconds wait) {
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, wait, [this] { return !exclusive_; })) return false;
    ++readers_;
    return true;
  }
  void unlock_shared() {
    bool last;
    {
      std::lock_guard lock(mutex_);
      last = --readers_ == 0;
    }
    if (last) changed_.notify_all();
  }

  // Renames the current writer (e.g. a request that turned out to be a sync).
  void set_holder(std::string holder) {
    std::lock_guard lock(mutex_);
    holder_ = std::move(holder);
  }
  // "collection is busy: <holder> has held it for N s; try again later".
  std::string busy_text() const {
    std::lock_guard lock(mutex_);
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - since_).count();
    return "collection is busy: " + (holder_.empty() ? std::string("another request") : holder_) + " has held it for " +
           std::to_string(secs) + " s; try again later";
  }

 private:
  void take(std::string holder) {
    held_ = true;
    holder_ = std::move(holder);
    since_ = Clock::now();
  }
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  bool held_ = false;
  bool exclusive_ = false;
  int readers_ = 0;
  std::string holder_;
  Clock::time_point since_;
};

}  // namespace ankc::native
