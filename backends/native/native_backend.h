// The native backend: answers AnkiConnect actions from Anki collection files read and written in-process.
//
// Profiles are named collections (a data folder each: collection.anki2 + collection.media); one is
// active at a time, as in Anki. Actions not implemented yet answer
// "<action> is not served by the native backend yet" rather than "unsupported action", which clients
// would read as an old AnkiConnect.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "backends/backend.h"

namespace ankc {

struct NativeProfile {
  std::string name;             // as getProfiles lists it
  std::filesystem::path folder; // holds collection.anki2 and collection.media
};

struct NativeOptions {
  std::vector<NativeProfile> profiles;  // at least one; the first is active at start
};

std::unique_ptr<Backend> make_native_backend(const NativeOptions& options);

}  // namespace ankc
