// The media actions of AnkiConnect (api spec §5.3): storeMediaFile, retrieveMediaFile,
// getMediaFilesNames, deleteMediaFile, getMediaDirPath. They work on the active profile's
// collection.media folder and keep collection.media.db2 in step.
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

// The table native_backend.cc concatenates.
std::span<const ServiceAction> media_actions();

}  // namespace ankc::native
