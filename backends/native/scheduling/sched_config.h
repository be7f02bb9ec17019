// Typed reads and writes of the collection config keys the scheduler uses (scheduling.md §1.5):
// schedVer, rollover, creationOffset, collapseTime, fsrs, nextPos, lastUnburied, ...
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "backends/native/storage/ids.h"

namespace ankc::native {
namespace storage { class Db; }

// The integer value of a config key (JSON numbers; floats are truncated), or nullopt when the key is
// absent or not a number.
std::optional<int64_t> config_int(storage::Db& db, std::string_view key);
// The boolean value of a config key, or nullopt when absent or not a boolean.
std::optional<bool> config_bool(storage::Db& db, std::string_view key);
// Stores an integer config value (usn -1, mtime now).
void set_config_int(storage::Db& db, std::string_view key, int64_t value, TimestampSecs now);

}  // namespace ankc::native
