// Logging to stderr: one line per event, "<UTC time> <LEVEL> <text>", filtered by the logLevel setting.
// Thread-safe; lines from different threads never interleave (each write(2) carries whole lines).
// A thread may batch its lines (one write for many); it must then call flush_thread() before it blocks.
// The HTTP workers do not: a request's log line must be on stderr by the time its reply is sent (the
// end-to-end tests read the log right after a reply), so each line is one write(2), without stdio.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ankc::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

// The level named by logLevel ("debug", "info", "warn", "error"), or nullopt.
std::optional<Level> level_from_name(std::string_view name);
// Sets the lowest level that is written (default info).
void set_level(Level level);
// True when a message at `level` would be written (to skip building costly messages).
bool enabled(Level level);
// Writes one line at `level` (into the thread's batch when batching).
void write(Level level, std::string_view text);
// Batches the calling thread's lines from now on (true) or writes each at once again (false, flushing).
void set_thread_batching(bool batching);
// Writes the calling thread's batched lines.
void flush_thread();

inline void debug(std::string_view text) { write(Level::debug, text); }
inline void info(std::string_view text) { write(Level::info, text); }
inline void warn(std::string_view text) { write(Level::warn, text); }
inline void error(std::string_view text) { write(Level::error, text); }

}  // namespace ankc::log
