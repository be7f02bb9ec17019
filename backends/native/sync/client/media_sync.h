// Media sync, client side (sync-protocol.md §6): the profile's media folder and its media database
// (collection.media.db2, the one the native engine keeps as files are stored and trashed) against the
// server's media store. Local changes are found by a folder scan (§6.2); the server's changes are
// pulled (mediaChanges, downloadFiles) before local ones are pushed (uploadChanges); mediaSanity closes
// a sync that did anything. lastUsn only moves when the usn arithmetic adds up.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "backends/native/sync/client/transport.h"

namespace ankc::native::sync {

// What a media sync did, readable from another thread while it runs (syncStatus).
struct MediaProgress {
  std::atomic<size_t> downloaded{0}, uploaded{0}, deleted_here{0}, deleted_there{0};
  std::atomic<size_t> bytes_down{0}, bytes_up{0};
  std::atomic<size_t> to_download{0};  // files the pull found to fetch so far
  std::atomic<size_t> to_upload{0};    // dirty rows when the push started
  void reset();
};

struct MediaSyncLimits {
  size_t max_file_bytes = 100u << 20;  // the protocol's per-file limit; larger local files are skipped
  size_t max_zip_bytes = 300u << 20;   // a downloadFiles answer larger than this is refused
};

// Runs one media sync of folder (<profile>/collection.media, its database beside it as
// collection.media.db2). server_usn is meta's media_usn when known (else msync/begin is asked).
// `scratch` is a folder for the temporary zips (the profile folder). Throws SyncError; the media
// database is only changed in transactions that match files already written.
void media_sync(const std::filesystem::path& folder, const std::filesystem::path& scratch, Transport& transport,
                std::optional<int32_t> server_usn, MediaProgress& progress, const MediaSyncLimits& limits = {});

}  // namespace ankc::native::sync
