#include "src/terminal_progress.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>

namespace ankc {

namespace {
constexpr int kBarWidth = 24;
}  // namespace

TerminalProgress::TerminalProgress(std::string label, std::ostream& out, bool tty)
    : label_(std::move(label)), out_(out), tty_(tty), start_(std::chrono::steady_clock::now()) {}

TerminalProgress::TerminalProgress(std::string label)
    : TerminalProgress(std::move(label), std::cerr, ::isatty(STDERR_FILENO) == 1) {}

TerminalProgress::~TerminalProgress() { finish(); }

std::string TerminalProgress::amount(int64_t n, Unit unit) {
  if (unit != Unit::bytes) return std::to_string(n);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", double(n) / 1e6);
  return buf;
}

std::string TerminalProgress::line() const {
  std::ostringstream s;
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  s << label_;
  if (!stage_.empty()) s << " " << stage_;
  const char* unit = unit_ == Unit::files ? " files" : "";
  if (total_ > 0) {
    int64_t pct = std::min<int64_t>(100, done_ * 100 / total_);
    if (tty_) {
      int filled = int(pct * kBarWidth / 100);
      s << " [" << std::string(filled, '#') << std::string(kBarWidth - filled, '-') << "]";
    }
    s << " " << pct << "% " << amount(done_, unit_) << "/" << amount(total_, unit_) << unit;
  } else if (done_ > 0) {
    s << " " << amount(done_, unit_) << unit;
  }
  char t[32];
  std::snprintf(t, sizeof t, " %.1f s", secs);
  s << t;
  return s.str();
}

void TerminalProgress::draw(bool force) {
  if (finished_) return;
  auto now = std::chrono::steady_clock::now();
  bool new_stage = stage_ != last_stage_;
  if (tty_) {
    if (!force && !new_stage && now - last_draw_ < std::chrono::milliseconds(100)) return;
    std::string text = line();
    size_t width = text.size();
    if (width < drawn_width_) text += std::string(drawn_width_ - width, ' ');
    out_ << "\r" << text << std::flush;
    drawn_width_ = width;
  } else {
    if (!new_stage && now - last_draw_ < std::chrono::seconds(1)) return;
    out_ << line() << "\n" << std::flush;
  }
  last_stage_ = stage_;
  last_draw_ = now;
}

void TerminalProgress::update(std::string_view stage, int64_t done, int64_t total, Unit unit) {
  std::lock_guard lock(mutex_);
  stage_ = std::string(stage);
  done_ = done;
  total_ = total;
  unit_ = unit;
  draw(false);
}

void TerminalProgress::tick(std::function<void(TerminalProgress&)> poll) {
  std::lock_guard lock(mutex_);
  if (ticker_.joinable() || finished_) return;
  ticker_ = std::thread([this, poll = std::move(poll)] {
    // A terminal's elapsed time moves ten times a second; plain lines come every 5 s at most.
    auto period = tty_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(5000);
    std::unique_lock lock(mutex_);
    while (!stop_) {
      if (wake_.wait_for(lock, period, [this] { return stop_; })) break;
      if (poll) {
        lock.unlock();
        poll(*this);
        lock.lock();
        if (stop_) break;
      }
      if (tty_) draw(true);
      else if (std::chrono::steady_clock::now() - last_draw_ >= period) {
        last_stage_.clear();  // force a line
        draw(false);
      }
    }
  });
}

void TerminalProgress::finish() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
  std::lock_guard lock(mutex_);
  if (finished_) return;
  if (tty_ && drawn_width_ > 0) {
    draw(true);
    out_ << "\n" << std::flush;
  }
  finished_ = true;
}

}  // namespace ankc
