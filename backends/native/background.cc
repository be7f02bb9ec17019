#include "backends/native/background.h"

namespace ankc::native {

void Background::schedule(const std::string& name, Clock::time_point when, Job job) {
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  jobs_[name] = Pending{when, std::move(job)};
  if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
  wake_.notify_all();
}

void Background::schedule_no_later(const std::string& name, Clock::time_point when, Job job) {
  {
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(name);
    if (it != jobs_.end() && it->second.when <= when) return;
  }
  schedule(name, when, std::move(job));
}

void Background::cancel(const std::string& name) {
  std::lock_guard lock(mutex_);
  jobs_.erase(name);
}

void Background::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    jobs_.clear();
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void Background::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (jobs_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto next = jobs_.begin();
    for (auto it = jobs_.begin(); it != jobs_.end(); ++it)
      if (it->second.when < next->second.when) next = it;
    // A copy: while we wait (unlocked) the job may be replaced or dropped, freeing its entry.
    const Clock::time_point due = next->second.when;
    if (Clock::now() < due) {
      wake_.wait_until(lock, due);
      continue;  // re-evaluate: jobs may have changed meanwhile
    }
    Job job = std::move(next->second.job);
    jobs_.erase(next);
    lock.unlock();
    job();  // jobs catch their own errors
    lock.lock();
  }
}

}  // namespace ankc::native
