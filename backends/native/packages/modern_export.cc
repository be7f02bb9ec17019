#include "backends/native/packages/modern_export.h"

#include <fstream>
#include <set>

#include "backends/action_error.h"
#include "backends/native/media/filename.h"
#include "backends/native/media/media_folder.h"
#include "backends/native/packages/legacy_export.h"
#include "backends/native/packages/package_format.h"
#include "backends/native/packages/package_path.h"
#include "backends/native/packages/temp_dir.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/packages/zstd_frames.h"
#include "backends/native/session.h"
#include "backends/native/storage/db.h"

namespace ankc::native::packages {
namespace fs = std::filesystem;

namespace {

constexpr const char* kDummyText = "Please update to the latest Anki version, then import the .colpkg/.apkg file again.";

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string raw_sha1(const std::string& data) {
  std::string hex = media::sha1_hex(data), raw;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) raw += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return raw;
}

std::string sql_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

void write_latest_package(const fs::path& collection_file, const std::string& dummy, const fs::path& media_folder,
                          const std::vector<std::string>& media, const fs::path& target, const Progress& progress) {
  fs::path packed = collection_file.string() + ".zst";
  report(progress, "collection", 0, 0);
  zstd_compress_file(collection_file, packed);
  PendingFile pending(target);
  {
    ZipWriter zip(pending.path());
    zip.add("meta", encode_meta(PackageVersion::Latest), false);
    zip.add_file("collection.anki21b", packed, false);
    zip.add("collection.anki2", dummy, false);
    std::vector<PackageMediaEntry> entries;
    std::error_code ec;
    int64_t done = 0, total = int64_t(media.size());
    for (const std::string& name : media) {
      report(progress, "media", done++, total);
      fs::path file = media_folder / name;
      if (!fs::is_regular_file(file, ec)) continue;
      std::string data = read_bytes(file);
      std::string index = std::to_string(entries.size());
      entries.push_back(PackageMediaEntry{name, raw_sha1(data), static_cast<uint32_t>(data.size()), index});
      zip.add(index, zstd_compress(data), false);
    }
    zip.add("media", zstd_compress(encode_media_entries(entries)), false);
    report(progress, "media", total, total);
    report(progress, "writing", 0, 0);
    zip.close();  // reads collection.anki21b from `packed`
  }
  std::error_code ec;
  fs::remove(packed, ec);
  pending.commit();
}

bool export_latest_deck(Session& session, std::string_view deck_name, const fs::path& path, bool include_sched,
                        bool include_media, const Progress& progress) {
  TempDir temp(session.collection_file().parent_path());
  fs::path colfile = temp.path() / "export.anki2";
  auto files = build_deck_export(session, deck_name, colfile, include_sched, /*downgrade=*/false);
  if (!files) return false;
  std::vector<std::string> media;
  if (include_media)
    for (const auto& f : *files)
      if (media::is_safe_component(f) && media::is_normalized(f)) media.push_back(f);
  write_latest_package(colfile, legacy_dummy_collection(session, kDummyText), session.media_folder(), media, path,
                       progress);
  return true;
}

std::string latest_dummy_collection(Session& session) { return legacy_dummy_collection(session, kDummyText); }

void snapshot_collection(Session& session, const fs::path& to) {
  std::error_code ec;
  fs::remove(to, ec);
  session.db().exec("VACUUM INTO " + sql_quote(to.string()));
}

void export_latest_colpkg(Session& session, const fs::path& path, bool include_media, const Progress& progress) {
  TempDir temp(session.collection_file().parent_path());
  fs::path snap = temp.path() / "collection.anki2";
  snapshot_collection(session, snap);
  std::vector<std::string> media;
  std::error_code ec;
  if (include_media) {
    for (const auto& e : fs::directory_iterator(session.media_folder(), ec)) {
      std::string name = e.path().filename().string();
      if (e.is_regular_file(ec) && media::is_normalized(name) && name.rfind(".ankc-", 0) != 0) media.push_back(name);
    }
    std::sort(media.begin(), media.end());
  }
  write_latest_package(snap, legacy_dummy_collection(session, kDummyText), session.media_folder(), media, path,
                       progress);
}

}  // namespace ankc::native::packages
