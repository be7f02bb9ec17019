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
std::atomic<int> g_format{int(Format::text)};

// Length of the valid UTF-8 sequence starting at text[i] (2-4), or 0 when it is not one.
size_t utf8_sequence(std::string_view text, size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
  if (n == 0 || i + n > text.size()) return 0;
  for (size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

// `text` as a JSON string (quotes included); bytes that are not valid UTF-8 become U+FFFD, so that
// every line parses.
void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      size_t n = utf8_sequence(text, i);
      if (n == 0) {
        out += "\\ufffd";
      } else {
        out.append(text.substr(i, n));
        i += n - 1;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(char(c));
        }
    }
  }
  out.push_back('"');
}

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

std::optional<Format> format_from_name(std::string_view name) {
  if (name == "text") return Format::text;
  if (name == "json") return Format::json;
  return std::nullopt;
}

void set_format(Format format) { g_format = int(format); }

void write(Level level, std::string_view text) { write_fields(level, text, {}); }

void write_event(Level level, std::string_view text, const std::vector<Field>& fields) {
  if (Format(g_format.load(std::memory_order_relaxed)) == Format::json) write_fields(level, text, fields);
  else write_fields(level, text, {});
}

void write_fields(Level level, std::string_view text, const std::vector<Field>& fields) {
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
  char time[48];
  std::snprintf(time, sizeof time, "%s.%03dZ", t.stamp, int(millis));
  std::string local;
  std::string& out = t.batching ? t.pending : local;
  if (Format(g_format.load(std::memory_order_relaxed)) == Format::json) {
    out += "{\"time\": \"";
    out += time;
    out += "\", \"level\": \"";
    out += level_name(level);
    out += "\", \"msg\": ";
    append_json_string(out, text);
    for (const Field& f : fields) {
      out += ", ";
      append_json_string(out, f.name);
      out += ": ";
      if (f.number) out += f.value;
      else append_json_string(out, f.value);
    }
    out += "}\n";
  } else {
    out += time;
    out.push_back(' ');
    out += level_name(level);
    out.push_back(' ');
    out.append(text);
    for (const Field& f : fields) {
      out.push_back(' ');
      out.append(f.name);
      out.push_back('=');
      out.append(f.value);
    }
    out.push_back('\n');
  }
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
