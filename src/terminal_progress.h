// Progress of a long command (sync, import, export, backup, restore) on stderr: on a terminal, one
// line redrawn in place ("importing media [#####-----]  50%  500/1000 files  2.1 s"); otherwise plain
// progress lines, at most one a second and one per stage. While the work happens in a server (the
// command waits on one request), tick() keeps the elapsed time moving. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>

namespace ankc {

class TerminalProgress {
 public:
  enum class Unit { items, files, bytes };

  // label: the command's verb ("importing"). out: where to draw (stderr); tty: whether it is a
  // terminal (redraw in place) or not (plain lines).
  TerminalProgress(std::string label, std::ostream& out, bool tty);
  // On stderr, a terminal when isatty(2).
  explicit TerminalProgress(std::string label);
  ~TerminalProgress();

  // The stage with `done` of `total` units (total 0 = not known: the count and the time only).
  void update(std::string_view stage, int64_t done, int64_t total, Unit unit = Unit::items);
  // Redraws now and then on a thread of its own until finish(), asking `poll` (may be empty) for an
  // update first each time: for work done elsewhere (a server, a transfer's counters).
  void tick(std::function<void(TerminalProgress&)> poll = {});
  // Stops ticking and ends the bar's line, so what is printed next starts on a fresh line.
  void finish();

  // "12.3 MB" for bytes, the plain count otherwise.
  static std::string amount(int64_t n, Unit unit);

 private:
  void draw(bool force);  // with mutex_ held
  std::string line() const;

  std::string label_;
  std::ostream& out_;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_{};
  std::mutex mutex_;
  std::string stage_, last_stage_;
  int64_t done_ = 0, total_ = 0;
  Unit unit_ = Unit::items;
  size_t drawn_width_ = 0;
  bool finished_ = false;
  bool stop_ = false;
  std::condition_variable wake_;
  std::thread ticker_;
};

}  // namespace ankc
