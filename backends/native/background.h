// The native backend's one home for background work (automatic sync now; backups and probes later):
// a single thread, started on first use, running named jobs at their due time. The model of how a job
// takes the collection is the backend's, not this class's: a job calls back into the backend, which
// takes the same lock requests take, so a job and a request never touch the collection at once.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace ankc::native {

class Background {
 public:
  using Clock = std::chrono::steady_clock;
  using Job = std::function<void()>;

  Background() = default;
  ~Background() { stop(); }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  // Runs job at `when`, replacing any pending job of the same name (a later call postpones it).
  void schedule(const std::string& name, Clock::time_point when, Job job);
  // schedule() unless a job of that name is already pending to run no later than `when`.
  void schedule_no_later(const std::string& name, Clock::time_point when, Job job);
  // Drops a pending job; a running one finishes.
  void cancel(const std::string& name);
  // Waits for a running job to finish, drops the rest, and ends the thread. Idempotent.
  void stop();

 private:
  struct Pending {
    Clock::time_point when;
    Job job;
  };
  void run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::map<std::string, Pending> jobs_;
  std::thread thread_;
  bool stopping_ = false;
};

}  // namespace ankc::native
