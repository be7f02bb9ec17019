#include "backends/native/sync/client/media_sync.h"

#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <vector>

#include "backends/action_error.h"
#include "backends/native/media/filename.h"
#include "backends/native/media/media_db.h"
#include "backends/native/media/media_folder.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/sync/client/sync_error.h"

namespace ankc::native::sync {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using media::MediaDb;
using media::MediaEntry;

constexpr size_t kMaxBatchFiles = 25;              // §6.3: per downloadFiles / uploadChanges
constexpr size_t kMaxBatchBytes = 5u << 19;        // 2.5 MiB: an upload batch stops once past it

SyncError media_error(const std::string& what) { return SyncError(SyncErrorKind::Protocol, "media sync: " + what); }

json::value parse(const std::string& text, std::string_view method) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) throw media_error("the answer to " + std::string(method) + " is not JSON");
  return v;
}

// The `data` of a wrapped media answer {"data": ..., "err": ""}; an answer without data is an error
// whose text is `err`.
json::value unwrap(const std::string& text, std::string_view method) {
  json::value v = parse(text, method);
  if (!v.is_object()) throw media_error("the answer to " + std::string(method) + " is not an object");
  const json::object& o = v.as_object();
  auto data = o.find("data");
  if (data == o.end()) {
    auto err = o.find("err");
    std::string message = err != o.end() && err->value().is_string() ? std::string(err->value().as_string()) : "";
    throw SyncError(SyncErrorKind::ServerMessage, "media sync: the server says: " + message);
  }
  return data->value();
}

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A temporary file in the scratch folder, removed at scope end.
struct TempPath {
  fs::path path;
  explicit TempPath(const fs::path& folder, const char* what)
      : path(folder / (".ankc-msync-" + std::string(what) + "-" + std::to_string(::getpid()) + ".zip")) {}
  ~TempPath() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

bool skipped_name(const std::string& name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // Our own temporaries, and what Anki never syncs.
  return name.rfind(".ankc-", 0) == 0 || lower == "thumbs.db" || lower == ".ds_store" || !media::is_normalized(name) ||
         !media::is_safe_component(name);
}

// §6.2: brings the database in step with the folder when the folder changed since the last scan.
void scan(const fs::path& folder, MediaDb& db, const MediaSyncLimits& limits) {
  int64_t dir_mod = media::mtime_ms(folder);
  if (dir_mod != 0 && dir_mod == db.folder_mtime()) return;
  std::map<std::string, MediaEntry> known;
  for (MediaEntry& e : db.all()) known.emplace(e.fname, std::move(e));
  db.begin();
  try {
    std::set<std::string> seen;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
      std::string name = entry.path().filename().string();
      if (!entry.is_regular_file() || skipped_name(name)) continue;
      auto size = entry.file_size(ec);
      if (ec || size == 0 || size > limits.max_file_bytes) continue;
      seen.insert(name);
      int64_t mtime = media::mtime_ms(entry.path()) / 1000;
      auto it = known.find(name);
      if (it != known.end() && it->second.sha1_hex && it->second.mtime == mtime) continue;
      std::string hash = media::sha1_hex(read_all(entry.path()));
      bool same = it != known.end() && it->second.sha1_hex == hash;
      db.put(MediaEntry{name, hash, mtime, same ? it->second.dirty : true});
    }
    for (auto& [name, e] : known)
      if (e.sha1_hex && !seen.count(name)) db.put(MediaEntry{name, std::nullopt, 0, true});
    db.set_folder_mtime(media::mtime_ms(folder));
    db.commit();
  } catch (...) {
    db.rollback();
    throw;
  }
}

// Writes bytes to folder/name through a temporary name (an existing file is replaced whole).
void write_media(const fs::path& folder, const std::string& name, const std::string& bytes) {
  fs::path tmp = folder / (".ankc-media-sync-" + std::to_string(::getpid()));
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush()) throw media_error("cannot write " + (folder / name).string());
  }
  std::error_code ec;
  fs::rename(tmp, folder / name, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw media_error("cannot write " + (folder / name).string());
  }
}

class MediaSyncer {
 public:
  MediaSyncer(const fs::path& folder, const fs::path& scratch, Transport& t, MediaProgress& p,
              const MediaSyncLimits& limits)
      : folder_(folder), scratch_(scratch), t_(t), progress_(p), limits_(limits),
        db_(fs::path(folder.string() + ".db2")) {}

  void run(std::optional<int32_t> server_usn) {
    fs::create_directories(folder_);
    scan(folder_, db_, limits_);
    int32_t server = server_usn ? *server_usn : begin();
    bool changed = false;
    if (db_.last_usn() != server) changed |= pull();
    changed |= push();
    if (changed) sanity();
  }

 private:
  int32_t begin() {
    std::string version = std::string("ankiconnectd,") + kFollowedAnkiVersion;
    json::value data = unwrap(t_.post_media("begin", json::serialize(json::object{{"v", version}})), "begin");
    if (!data.is_object() || !data.as_object().contains("usn") || !data.as_object().at("usn").is_int64())
      throw media_error("the answer to begin holds no usn");
    return static_cast<int32_t>(data.as_object().at("usn").as_int64());
  }

  // §6.3 step 3: the server's changes since lastUsn, batch by batch.
  bool pull() {
    bool changed = false;
    while (true) {
      int32_t last = db_.last_usn();
      json::value data = unwrap(t_.post_media("mediaChanges", json::serialize(json::object{{"lastUsn", last}})), "mediaChanges");
      if (!data.is_array()) throw media_error("the answer to mediaChanges is not a list");
      if (data.as_array().empty()) return changed;
      changed = true;
      std::vector<std::string> to_delete, to_download, to_mark_clean;
      int32_t batch_usn = last;
      for (const json::value& row : data.as_array()) {
        if (!row.is_array() || row.as_array().size() != 3 || !row.as_array()[0].is_string() ||
            !row.as_array()[1].is_int64() || !row.as_array()[2].is_string())
          throw media_error("a mediaChanges entry is malformed");
        std::string name(row.as_array()[0].as_string());
        int32_t usn = static_cast<int32_t>(row.as_array()[1].as_int64());
        std::string sha1(row.as_array()[2].as_string());
        batch_usn = std::max(batch_usn, usn);
        if (!media::is_safe_component(name)) continue;  // never a path, whatever the server says
        std::optional<MediaEntry> local = db_.get(name);
        bool local_has = local && local->sha1_hex;
        if (sha1.empty()) {  // deleted on the server
          if (!local) continue;
          if (!local_has) to_delete.push_back(name);           // drop the tombstone row
          else if (!local->dirty) to_delete.push_back(name);   // clean: delete here too
          // dirty: our file wins and is uploaded later
        } else if (local_has && *local->sha1_hex == sha1) {
          if (local->dirty) to_mark_clean.push_back(name);
        } else {
          to_download.push_back(name);
        }
      }
      progress_.to_download += to_download.size();
      std::vector<MediaEntry> downloaded = download(to_download);
      db_.begin();
      try {
        for (const std::string& name : to_mark_clean) {
          auto e = db_.get(name);
          if (e) e->dirty = false, db_.put(*e);
        }
        for (const std::string& name : to_delete) {
          std::error_code ec;
          if (fs::remove(folder_ / name, ec)) ++progress_.deleted_here;
          db_.remove(name);
        }
        for (const MediaEntry& e : downloaded) db_.put(e);
        db_.set_last_usn(batch_usn);
        db_.set_folder_mtime(media::mtime_ms(folder_));
        db_.commit();
      } catch (...) {
        db_.rollback();
        throw;
      }
    }
  }

  // downloadFiles in requests of ≤ 25 names until each has arrived; returns the database rows of the
  // files written (clean), plus for a name the server sent unnormalised the file under its normalised
  // name (to send) and a deletion of the original name (to send).
  std::vector<MediaEntry> download(std::vector<std::string> names) {
    std::vector<MediaEntry> written;
    size_t next = 0;
    while (next < names.size()) {
      json::array request;
      for (size_t i = next; i < names.size() && request.size() < kMaxBatchFiles; ++i) request.emplace_back(names[i]);
      std::string zip_bytes = t_.post_media("downloadFiles", json::serialize(json::object{{"files", request}}));
      if (zip_bytes.size() > limits_.max_zip_bytes) throw media_error("a downloadFiles answer is too large");
      TempPath tmp(scratch_, "in");
      {
        std::ofstream out(tmp.path, std::ios::binary | std::ios::trunc);
        out.write(zip_bytes.data(), static_cast<std::streamsize>(zip_bytes.size()));
        if (!out.flush()) throw media_error("cannot write " + tmp.path.string());
      }
      size_t got = 0;
      try {
        packages::ZipReader zip(tmp.path, static_cast<int64_t>(limits_.max_zip_bytes) * 4);
        auto meta_text = zip.read("_meta", 1 << 20);
        if (!meta_text) throw media_error("a downloadFiles zip has no _meta");
        json::value meta = parse(*meta_text, "downloadFiles");
        if (!meta.is_object()) throw media_error("a downloadFiles _meta is not an object");
        // Members in the order they were asked for; the server may stop early.
        for (const auto& kv : meta.as_object()) {
          if (!kv.value().is_string()) throw media_error("a downloadFiles _meta entry is not a name");
          std::string server_name(kv.value().as_string());
          auto data = zip.read(kv.key(), static_cast<int64_t>(limits_.max_file_bytes));
          if (!data) throw media_error("a downloadFiles zip is malformed (member " + std::string(kv.key()) + " missing)");
          std::string name = media::normalize_filename(server_name);
          if (name.empty() || !media::is_safe_component(name)) continue;
          write_media(folder_, name, *data);
          std::string sha1 = media::sha1_hex(*data);
          bool renamed = name != server_name;
          written.push_back(MediaEntry{name, sha1, media::mtime_ms(folder_ / name) / 1000, renamed});
          if (renamed) written.push_back(MediaEntry{server_name, std::nullopt, 0, true});
          ++progress_.downloaded;
          progress_.bytes_down += data->size();
          ++got;
        }
      } catch (const ActionError& e) {
        throw media_error(std::string("a downloadFiles zip cannot be read: ") + e.what());
      }
      if (got == 0) throw media_error("the server sent none of the files asked for");
      next += got;
    }
    return written;
  }

  // §6.3 step 4: dirty rows out, 25 at a time, stopping a batch once past 2.5 MiB.
  bool push() {
    bool changed = false;
    progress_.to_upload = db_.dirty(1u << 30).size();
    while (true) {
      std::vector<MediaEntry> dirty = db_.dirty(kMaxBatchFiles);
      if (dirty.empty()) return changed;
      changed = true;
      json::array meta;
      std::vector<std::pair<std::string, std::string>> members;  // (member name, bytes)
      std::vector<MediaEntry> batch;
      size_t bytes = 0;
      bool rebuilt = false;
      for (MediaEntry& e : dirty) {
        std::string index = std::to_string(batch.size());
        fs::path file = folder_ / e.fname;
        std::error_code ec;
        bool present = e.sha1_hex && fs::is_regular_file(file, ec);
        if (present) {
          auto size = fs::file_size(file, ec);
          if (ec || size == 0 || size > limits_.max_file_bytes || !media::is_normalized(e.fname)) {
            db_.remove(e.fname);  // unsendable: forget it and build the batch again
            rebuilt = true;
            break;
          }
          std::string data = read_all(file);
          bytes += data.size();
          members.emplace_back(index, std::move(data));
          meta.push_back(json::array{json::string(e.fname), json::string(index)});
        } else {
          meta.push_back(json::array{json::string(e.fname), nullptr});
        }
        batch.push_back(e);
        if (bytes > kMaxBatchBytes) break;
      }
      if (rebuilt) continue;
      TempPath tmp(scratch_, "out");
      std::string zip_bytes;
      try {
        packages::ZipWriter zip(tmp.path);
        for (auto& [name, data] : members) zip.add(name, std::move(data), false);
        zip.add("_meta", json::serialize(meta), false);
        zip.close();
        zip_bytes = read_all(tmp.path);
      } catch (const ActionError& e) {
        throw media_error(std::string("cannot build the upload: ") + e.what());
      }
      json::value data = unwrap(t_.post_media("uploadChanges", zip_bytes), "uploadChanges");
      if (!data.is_array() || data.as_array().size() != 2 || !data.as_array()[0].is_int64() ||
          !data.as_array()[1].is_int64())
        throw media_error("the answer to uploadChanges is not [processed, usn]");
      size_t processed = static_cast<size_t>(data.as_array()[0].as_int64());
      int32_t current = static_cast<int32_t>(data.as_array()[1].as_int64());
      if (processed > batch.size()) throw media_error("uploadChanges says it processed more than was sent");
      db_.begin();
      try {
        for (size_t i = 0; i < processed; ++i) {
          MediaEntry e = batch[i];
          e.dirty = false;
          db_.put(e);
          if (e.sha1_hex) ++progress_.uploaded, progress_.bytes_up += fs::file_size(folder_ / e.fname);
          else ++progress_.deleted_there;
        }
        int32_t last = db_.last_usn();
        if (last + static_cast<int32_t>(processed) == current) db_.set_last_usn(current);
        db_.commit();
      } catch (...) {
        db_.rollback();
        throw;
      }
      if (processed == 0) throw media_error("the server accepted none of the files sent");
    }
  }

  void sanity() {
    json::value data = unwrap(t_.post_media("mediaSanity", json::serialize(json::object{{"local", db_.count_present()}})),
                              "mediaSanity");
    if (data.is_string() && data.as_string() == "OK") return;
    db_.wipe();
    throw SyncError(SyncErrorKind::SanityCheck,
                    "media sync: the media folder differs from the server's; its records were reset, please sync again");
  }

  fs::path folder_, scratch_;
  Transport& t_;
  MediaProgress& progress_;
  MediaSyncLimits limits_;
  MediaDb db_;
};

}  // namespace

void MediaProgress::reset() {
  downloaded = uploaded = deleted_here = deleted_there = bytes_down = bytes_up = to_download = to_upload = 0;
}

void media_sync(const fs::path& folder, const fs::path& scratch, Transport& transport, std::optional<int32_t> server_usn,
                MediaProgress& progress, const MediaSyncLimits& limits) {
  try {
    MediaSyncer(folder, scratch, transport, progress, limits).run(server_usn);
  } catch (const ActionError& e) {  // the media database or folder
    throw SyncError(SyncErrorKind::Protocol, std::string("media sync: ") + e.what());
  }
}

}  // namespace ankc::native::sync
