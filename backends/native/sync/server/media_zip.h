// The zip formats of media sync (sync-protocol.md §6.4) as the sync server meets them: the
// uploadChanges zip it reads, with the checks that refuse a bad one before anything is stored, and the
// downloadFiles zip it writes. The zip container itself is packages/zip_archive.* (libzip).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ankc::native::sync {

inline constexpr size_t kMaxMediaZipEntries = 25;                // names per uploadChanges / downloadFiles
inline constexpr int64_t kMaxMediaFileBytes = int64_t{100} << 20;  // one media file: 100 MiB
inline constexpr size_t kMaxMediaNameBytes = 255;                // an uploaded name, UTF-8 bytes
inline constexpr size_t kMediaZipTargetBytes = 5u << 19;         // 2.5 MiB: downloadFiles stops past it
inline constexpr int64_t kMaxMediaMetaBytes = int64_t{1} << 20;  // the `_meta` member

// One entry of an uploaded batch: a file's new content, or a deletion (nullopt).
struct MediaUploadEntry {
  std::string fname;
  std::optional<std::string> data;
};

// True for a name the server stores: 1..255 bytes of NFC UTF-8, one path component (no '/', '\\',
// NUL, not "." or "..").
bool valid_upload_name(std::string_view fname);

// Reads an uploadChanges zip: `_meta` is a JSON array of [fname, "<member>"] (an addition or
// replacement) or [fname, null] / [fname, ""] (a deletion). Checks: at most 25 entries, every name
// valid (above), every named member present, non-empty and at most 100 MiB, and at most
// max_total_bytes decompressed over the whole zip (sizes counted as bytes come out, so a zip bomb
// stops there). Throws ProtocolError (the server answers 400) on any failure; nothing is returned
// partially.
std::vector<MediaUploadEntry> read_upload_zip(std::string zip, int64_t max_total_bytes);

// A downloadFiles answer: members "0", "1", ... (stored) holding the files in order and `_meta`, the
// JSON object {"0": fname, "1": fname2, ...}.
std::string write_download_zip(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace ankc::native::sync
