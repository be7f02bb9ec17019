// What a package file is (collection-format.md §10.1-§10.2): its version from the `meta` member (or
// from the members present when there is none), which collection member that version holds, and the
// modern media index (protobuf `MediaEntries`, zstd) with Anki's validity rules. Also the encoders of
// those members for the writers.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ankc::native::packages {

class ZipReader;

enum class PackageVersion { Legacy1 = 1, Legacy2 = 2, Latest = 3 };

// The package's version. Throws ActionError: "package too new: its meta member names version N, which
// this ankiconnectd does not know" (0 and unknown values, as Anki refuses them), "package is corrupt:
// its meta member is not a PackageMetadata message".
PackageVersion package_version(const ZipReader& zip);
// "collection.anki2", "collection.anki21", "collection.anki21b".
const char* collection_member(PackageVersion v);
// "legacy 1", "legacy 2", "latest".
const char* version_name(PackageVersion v);

// One media file of a latest-format package: zip member `member` (the entry's index in decimal).
struct PackageMediaEntry {
  std::string name;   // normalised, a single safe component
  std::string sha1;   // 20 raw bytes
  uint32_t size = 0;  // uncompressed bytes
  std::string member;
};

// The media index of a latest-format package (empty when there is no `media` member). Throws
// ActionError("package is corrupt: media entry N ...") when an entry's sha1 is not 20 bytes or its name
// is not normalised or would leave the media folder: Anki rejects the whole package then.
std::vector<PackageMediaEntry> read_latest_media(const ZipReader& zip);

// The `meta` member's bytes for a version (`08 03` for latest).
std::string encode_meta(PackageVersion v);
// The uncompressed `media` member of a latest package (entry i is zip member "i").
std::string encode_media_entries(const std::vector<PackageMediaEntry>& entries);

}  // namespace ankc::native::packages
