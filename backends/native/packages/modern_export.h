// Writing latest-format packages (collection-format.md §10.1, meta 3) as Anki 2.1.50+ writes them:
// `meta`, the zstd-compressed schema-18 collection as `collection.anki21b`, the dummy schema-11
// `collection.anki2` old versions show, each media file as its own zstd frame under its index, and
// the zstd-compressed protobuf media index (name, size, sha1). Every member is stored (zstd does the
// compressing). The file goes to a temporary name beside the target and is renamed into place.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/packages/progress.h"

namespace ankc::native {

class Session;

namespace packages {

// A deck (and its sub-decks) as a latest .apkg; false when there is no such deck. With include_sched
// cards keep their scheduling and revlog, else they are reset as Anki's export resets them. Without
// include_media no media files are included.
bool export_latest_deck(Session& session, std::string_view deck_name, const std::filesystem::path& path,
                        bool include_sched, bool include_media, const Progress& progress = {});

// The whole collection as a latest .colpkg (Anki 23.10+ opens it): a consistent snapshot of the open
// collection (VACUUM INTO, taken between writes) and every top-level media file with a normalised name.
void export_latest_colpkg(Session& session, const std::filesystem::path& path, bool include_media,
                          const Progress& progress = {});

// The schema-11 dummy collection latest packages carry for old Anki versions (one note saying to update).
std::string latest_dummy_collection(Session& session);

// A consistent copy of the session's collection at `to` (schema 18, checkpointed, no -wal).
void snapshot_collection(Session& session, const std::filesystem::path& to);

// Writes the latest-format package of collection_file (schema 18, left unchanged) with the named files
// of media_folder to target (atomically), reporting the stages "media" (files) and "writing". dummy: the legacy dummy collection's bytes.
void write_latest_package(const std::filesystem::path& collection_file, const std::string& dummy,
                          const std::filesystem::path& media_folder, const std::vector<std::string>& media,
                          const std::filesystem::path& target, const Progress& progress = {});

}  // namespace packages
}  // namespace ankc::native
