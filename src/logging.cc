#include "src/logging.h"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>

namespace ankc::log {
namespace {

std::atomic<int> g_level{int(Level::info)};

const char* level_name(Level level) {
  switch (level) {
    case Level::debug: return "DEBUG";
    case Level::info: return "INFO";
    case Level::warn: return "WARN";
    case Level::error: return "ERROR";
  }
  return "?";
}

// Per thread: the lines not yet written (batching threads only) and the last second's time stamp.
struct ThreadState {
  bool batching = false;
  std::string pending;
  std::time_t stamp_secs = -1;
  char stamp[32] = {0};
};
thread_local ThreadState t_state;

constexpr size_t kBatchBytes = 16384;

// One write(2) of whole lines: lines from different threads never interleave.
void write_all(std::string& bytes) {
  const char* data = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(STDERR_FILENO, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // stderr is gone: nothing better to do
    data += n;
    left -= size_t(n);
  }
  bytes.clear();
}

}  // namespace

std::optional<Level> level_from_name(std::string_view name) {
  if (name == "debug") return Level::debug;
  if (name == "info") return Level::info;
  if (name == "warn") return Level::warn;
  if (name == "error") return Level::error;
  return std::nullopt;
}

void set_level(Level level) { g_level = int(level); }

bool enabled(Level level) { return int(level) >= g_level.load(std::memory_order_relaxed); }

void write(Level level, std::string_view text) {
  if (!enabled(level)) return;
  ThreadState& t = t_state;
  auto now = std::chrono::system_clock::now();
  std::time_t secs = std::chrono::system_clock::to_time_t(now);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  if (secs != t.stamp_secs) {
    std::tm tm{};
    gmtime_r(&secs, &tm);
    std::strftime(t.stamp, sizeof t.stamp, "%Y-%m-%dT%H:%M:%S", &tm);
    t.stamp_secs = secs;
  }
  char head[64];
  int head_size = std::snprintf(head, sizeof head, "%s.%03dZ %s ", t.stamp, int(millis), level_name(level));
  std::string local;
  std::string& out = t.batching ? t.pending : local;
  out.append(head, size_t(head_size));
  out.append(text);
  out.push_back('\n');
  if (!t.batching || out.size() >= kBatchBytes) write_all(out);
}

void set_thread_batching(bool batching) {
  if (!batching) flush_thread();
  t_state.batching = batching;
}

void flush_thread() {
  if (!t_state.pending.empty()) write_all(t_state.pending);
}

}  // namespace ankc::log
