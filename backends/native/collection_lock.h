// Who holds the active collection: one request, a background job, or a sync client of ankiconnectd's
// sync server for the length of its normal sync (start..finish spans several HTTP requests, served by
// different threads). So the lock is not tied to a thread: whoever took it may release it from any
// thread. It records what holds it and since when, for the "collection is busy" text.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

namespace ankc::native {

class CollectionLock {
 public:
  using Clock = std::chrono::steady_clock;

  // Waits up to `wait` for the lock; false when it is still held then. `holder` names the new holder.
  bool try_lock_for(std::chrono::milliseconds wait, std::string holder) {
    std::unique_lock lock(mutex_);
    if (!free_.wait_for(lock, wait, [this] { return !held_; })) return false;
    take(std::move(holder));
    return true;
  }
  // Waits as long as it takes.
  void lock(std::string holder) {
    std::unique_lock lock(mutex_);
    free_.wait(lock, [this] { return !held_; });
    take(std::move(holder));
  }
  void unlock() {
    {
      std::lock_guard lock(mutex_);
      held_ = false;
      holder_.clear();
    }
    free_.notify_one();
  }
  // Renames the current holder (e.g. a request that turned out to be a sync).
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
  std::condition_variable free_;
  bool held_ = false;
  std::string holder_;
  Clock::time_point since_;
};

}  // namespace ankc::native
