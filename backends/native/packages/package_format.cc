#include "backends/native/packages/package_format.h"

#include "backends/action_error.h"
#include "backends/native/media/filename.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/packages/zstd_frames.h"
#include "backends/native/proto/package.pb.h"
#include "compat/pyjson.h"

namespace ankc::native::packages {

namespace {
// The media index itself is small (names and hashes); a bigger one is not a real package.
constexpr int64_t kMaxIndexBytes = 64 << 20;
}  // namespace

PackageVersion package_version(const ZipReader& zip) {
  auto meta = zip.read("meta", 1 << 16);
  if (!meta) return zip.has("collection.anki21") ? PackageVersion::Legacy2 : PackageVersion::Legacy1;
  pb::PackageMetadata m;
  if (!m.ParseFromString(*meta))
    throw ActionError("package is corrupt: its meta member is not a PackageMetadata message");
  int v = static_cast<int>(m.version());
  if (v < 1 || v > 3)
    throw ActionError("package too new: its meta member names version " + std::to_string(v) +
                      ", which this ankiconnectd does not know (it reads versions 1 to 3)");
  return static_cast<PackageVersion>(v);
}

const char* collection_member(PackageVersion v) {
  switch (v) {
    case PackageVersion::Legacy1: return "collection.anki2";
    case PackageVersion::Legacy2: return "collection.anki21";
    case PackageVersion::Latest: return "collection.anki21b";
  }
  return "collection.anki2";
}

const char* version_name(PackageVersion v) {
  switch (v) {
    case PackageVersion::Legacy1: return "legacy 1";
    case PackageVersion::Legacy2: return "legacy 2";
    case PackageVersion::Latest: return "latest";
  }
  return "?";
}

std::vector<PackageMediaEntry> read_latest_media(const ZipReader& zip) {
  std::string bytes;
  if (!read_zstd_member(zip, "media", kMaxIndexBytes, bytes)) return {};
  pb::MediaEntries entries;
  if (!entries.ParseFromString(bytes)) throw ActionError("package is corrupt: its media index is not a MediaEntries message");
  std::vector<PackageMediaEntry> out;
  out.reserve(static_cast<size_t>(entries.entries_size()));
  for (int i = 0; i < entries.entries_size(); ++i) {
    const auto& e = entries.entries(i);
    std::string where = "package is corrupt: media entry " + std::to_string(i) + " (" + pyjson::repr_str(e.name()) + ") ";
    if (e.sha1().size() != 20) throw ActionError(where + "has no 20-byte sha1");
    if (!media::is_safe_component(e.name()) || !media::is_normalized(e.name()))
      throw ActionError(where + "has a name that is not a normalised single file name");
    out.push_back(PackageMediaEntry{e.name(), e.sha1(), e.size(), std::to_string(i)});
  }
  return out;
}

std::string encode_meta(PackageVersion v) {
  pb::PackageMetadata m;
  m.set_version(static_cast<pb::PackageMetadata::Version>(static_cast<int>(v)));
  return m.SerializeAsString();
}

std::string encode_media_entries(const std::vector<PackageMediaEntry>& entries) {
  pb::MediaEntries out;
  for (const auto& e : entries) {
    auto* m = out.add_entries();
    m->set_name(e.name);
    m->set_size(e.size);
    m->set_sha1(e.sha1);
  }
  return out.SerializeAsString();
}

}  // namespace ankc::native::packages
