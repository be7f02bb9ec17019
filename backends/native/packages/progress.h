// Progress of a long package operation (an import, an export, a backup), for the command line's
// progress bar: the stage ("collection", "notes", "media", "writing"), units done and their total
// (0 = not known). Called from the working thread; may be empty.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

namespace ankc::native::packages {

using Progress = std::function<void(std::string_view stage, int64_t done, int64_t total)>;

// Calls progress when it is set.
inline void report(const Progress& progress, std::string_view stage, int64_t done, int64_t total) {
  if (progress) progress(stage, done, total);
}

}  // namespace ankc::native::packages
