// Logging to stderr: one line per event, "<UTC time> <LEVEL> <text>", filtered by the logLevel setting.
// Thread-safe; lines from different threads never interleave.
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
// Writes one line at `level`.
void write(Level level, std::string_view text);

inline void debug(std::string_view text) { write(Level::debug, text); }
inline void info(std::string_view text) { write(Level::info, text); }
inline void warn(std::string_view text) { write(Level::warn, text); }
inline void error(std::string_view text) { write(Level::error, text); }

}  // namespace ankc::log
