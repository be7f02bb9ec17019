#include "backends/native/packages/modern_import.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>

#include "backends/action_error.h"
#include "backends/native/collection/collection.h"
#include "backends/native/media/filename.h"
#include "backends/native/media/media_db.h"
#include "backends/native/media/media_folder.h"
#include "backends/native/packages/legacy_import.h"
#include "backends/native/packages/package_format.h"
#include "backends/native/packages/temp_dir.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/packages/zstd_frames.h"
#include "backends/native/session.h"
#include "compat/pyjson.h"

namespace ankc::native::packages {
namespace fs = std::filesystem;

namespace {

std::string hex(const std::string& raw) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string file_sha1_hex(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return media::sha1_hex(data);
}

bool is_static(const std::string& name) { return name.rfind("_", 0) == 0 || name.rfind("latex-", 0) == 0; }

// The package's media against the destination folder: which names references become, which files
// must be written, and the undo of those writes.
class MediaPlan {
 public:
  MediaPlan(std::vector<PackageMediaEntry> entries, fs::path folder) : folder_(std::move(folder)) {
    for (auto& e : entries) {
      std::string name = e.name;
      entries_.emplace(std::move(name), std::move(e));
    }
  }
  ~MediaPlan() {
    if (!committed_) rollback();
  }

  // A reference in an imported field: the (possibly renamed) name, when the package has the file.
  std::optional<std::string> use(const std::string& name) {
    auto it = entries_.find(name);
    if (it == entries_.end() || is_static(name)) return std::nullopt;
    const PackageMediaEntry& e = it->second;
    if (auto r = resolved_.find(name); r != resolved_.end()) return r->second == name ? std::nullopt : std::optional(r->second);
    std::string target = name;
    std::string want = hex(e.sha1);
    fs::path existing = folder_ / name;
    std::error_code ec;
    if (fs::exists(existing, ec) && file_sha1_hex(existing) != want) target = media::hash_suffixed_name(name, want);
    resolved_[name] = target;
    if (!fs::exists(folder_ / target, ec)) writes_[target] = &e;
    return target == name ? std::nullopt : std::optional(target);
  }

  // Writes the used files and the static ones whose names are free.
  void write(const ZipReader& zip, int64_t& added, const Progress& progress) {
    std::error_code ec;
    for (const auto& [name, e] : entries_)
      if (is_static(name) && !fs::exists(folder_ / name, ec)) writes_[name] = &e;
    fs::create_directories(folder_);
    int64_t done = 0, total = int64_t(writes_.size());
    for (const auto& [target, e] : writes_) {
      report(progress, "media", done++, total);
      std::string data;
      if (!read_zstd_member(zip, e->member, 0, data))
        throw ActionError("package is corrupt: its media index names member " + pyjson::repr_str(e->member) +
                          " (" + pyjson::repr_str(e->name) + "), which is missing");
      if (media::sha1_hex(data) != hex(e->sha1))
        throw ActionError("package is corrupt: media file " + pyjson::repr_str(e->name) + " does not match its sha1");
      fs::path temp = folder_ / (".ankc-media-import-" + e->member);
      {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out.write(data.data(), static_cast<std::streamsize>(data.size()));
        out.close();
        if (!out) {
          fs::remove(temp, ec);
          throw ActionError("could not write media file " + pyjson::repr_str(target));
        }
      }
      // link() never replaces: a name that appeared meanwhile is left alone.
      if (::link(temp.c_str(), (folder_ / target).c_str()) == 0) {
        created_.push_back(target);
        sums_[target] = hex(e->sha1);
        ++added;
      }
      fs::remove(temp, ec);
    }
    report(progress, "media", done, total);
  }

  // Records the new files in the media database so a media sync sends them.
  void commit() {
    committed_ = true;
    if (created_.empty()) return;
    media::MediaDb db(fs::path(folder_.string() + ".db2"));
    for (const auto& name : created_)
      db.put(media::MediaEntry{name, sums_[name], media::mtime_ms(folder_ / name), true});
  }

  void rollback() {
    std::error_code ec;
    for (const auto& name : created_) fs::remove(folder_ / name, ec);
    created_.clear();
  }

 private:
  fs::path folder_;
  std::map<std::string, PackageMediaEntry> entries_;
  std::map<std::string, std::string> resolved_;
  std::map<std::string, const PackageMediaEntry*> writes_;
  std::vector<std::string> created_;
  std::map<std::string, std::string> sums_;
  bool committed_ = false;
};

}  // namespace

ImportSummary import_latest_package(Session& session, const fs::path& path, const ImportOptions& options) {
  storage::Db& dst = session.db();
  ZipReader zip(path, session.info().package_max_bytes);
  PackageVersion version = package_version(zip);
  if (version != PackageVersion::Latest)
    throw ActionError(std::string("not a latest-format package: ") + version_name(version));
  TempDir temp(session.collection_file().parent_path());
  fs::path src_file = temp.path() / "collection.anki2";
  report(options.progress, "collection", 0, 0);
  if (!extract_zstd_member(zip, "collection.anki21b", src_file))
    throw ActionError("package is corrupt: it has no collection.anki21b member");
  std::unique_ptr<Collection> src;
  try {
    src = Collection::open_existing(src_file, session.clock(), session.random());
  } catch (const ActionError& e) {
    throw ActionError(std::string("the package's collection cannot be opened: ") + e.what());
  }
  MediaPlan media(read_latest_media(zip), session.media_folder());

  ImportSummary summary;
  summary.package_version = version_name(version);
  report(options.progress, "notes", 0, 0);
  auto tx = session.write();
  ModernMerge merge(src->db(), dst, session.clock(), options, [&](const std::string& name) { return media.use(name); });
  merge.run(summary);
  media.write(zip, summary.media_added, options.progress);
  tx.mark_changed();
  tx.commit();
  media.commit();
  src->close();
  return summary;
}

ImportSummary import_any_package(Session& session, const fs::path& path, const ImportOptions& options) {
  PackageVersion version;
  {
    ZipReader zip(path, session.info().package_max_bytes);
    version = package_version(zip);
  }
  if (version == PackageVersion::Latest) return import_latest_package(session, path, options);
  import_legacy_package(session, path);
  ImportSummary summary;
  summary.package_version = version_name(version);
  return summary;
}

}  // namespace ankc::native::packages
