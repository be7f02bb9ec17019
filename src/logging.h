// Logging to stderr: one line per event, filtered by the logLevel setting, in the logFormat setting's
// form: "<UTC time> <LEVEL> <text>" (text) or one JSON object per line with the same fields,
// {"time": ..., "level": ..., "msg": ...} (json). An event with fields (write_fields) adds them as
// " name=value" after the text, or as members of the object.
// Thread-safe; lines from different threads never interleave (each write(2) carries whole lines).
// A thread may batch its lines (one write for many); it must then call flush_thread() before it blocks.
// The HTTP workers do not: a request's log line must be on stderr by the time its reply is sent (the
// end-to-end tests read the log right after a reply), so each line is one write(2), without stdio.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

// The level named by logLevel ("debug", "info", "warn", "error"), or nullopt.
std::optional<Level> level_from_name(std::string_view name);
enum class Format { text, json };
// The format named by logFormat ("text", "json"), or nullopt.
std::optional<Format> format_from_name(std::string_view name);
// Sets the line format (default text).
void set_format(Format format);

// One named value of an event. `number` values are written bare in JSON (they must be JSON numbers).
struct Field {
  std::string_view name;
  std::string value;
  bool number = false;
};

// Sets the lowest level that is written (default info).
void set_level(Level level);
// True when a message at `level` would be written (to skip building costly messages).
bool enabled(Level level);
// Writes one line at `level` (into the thread's batch when batching).
void write(Level level, std::string_view text);
// Writes one event with fields: text "<text> a=1 b=x", json {"time", "level", "msg": text, "a": 1, "b": "x"}.
void write_fields(Level level, std::string_view text, const std::vector<Field>& fields);
// Writes an event whose text line stands alone: text "<text>" (the fields are not added), json
// {"time", "level", "msg": text, <fields>} (syncs and backups: backends/native/log_event.h).
void write_event(Level level, std::string_view text, const std::vector<Field>& fields);
// Batches the calling thread's lines from now on (true) or writes each at once again (false, flushing).
void set_thread_batching(bool batching);
// Writes the calling thread's batched lines.
void flush_thread();

inline void debug(std::string_view text) { write(Level::debug, text); }
inline void info(std::string_view text) { write(Level::info, text); }
inline void warn(std::string_view text) { write(Level::warn, text); }
inline void error(std::string_view text) { write(Level::error, text); }

}  // namespace ankc::log
