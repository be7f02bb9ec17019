// One account's media on the sync server (sync-protocol.md §6, §9, §0.7): the files in
// <account>/media/ and the database <account>/media.db. The database is its own SQLite file (not the
// collection), so its SQL lives in media_store.cc:
//
//   media(fname TEXT PRIMARY KEY, sha1 TEXT NOT NULL, usn INTEGER NOT NULL, deleted INTEGER NOT NULL)
//     one row per name the server has seen: the lowercase hex SHA-1 of its content (of the last content
//     for a deleted entry), the media usn of its last change, and whether it is deleted (a tombstone,
//     reported to clients as sha1 "").
//   meta(usn INTEGER NOT NULL)
//     one row: the media usn, i.e. the usn of the latest change (0 for an empty store).
//
// Every accepted addition, replacement or deletion takes the next usn, so usns are unique per row and
// mediaChanges pages strictly by usn. Each upload is one transaction; its files are written to
// <account>/media.tmp/ first and renamed into media/ before the commit, so a failure leaves the store
// as it was. The caller serialises calls (the account's mutex).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backends/native/sync/server/media_zip.h"

namespace ankc::native::storage {
class Db;
}

namespace ankc::native::sync {

// The most entries one mediaChanges answer carries.
inline constexpr size_t kMaxMediaChanges = 1000;

// One entry of a mediaChanges answer: [fname, usn, sha1hex], sha1 "" for a deletion.
struct ServerMediaChange {
  std::string fname;
  int32_t usn = 0;
  std::string sha1;
};

class MediaStore {
 public:
  // Opens (creating when missing) <account_folder>/media.db and the folder <account_folder>/media/.
  explicit MediaStore(const std::filesystem::path& account_folder);
  ~MediaStore();
  MediaStore(const MediaStore&) = delete;
  MediaStore& operator=(const MediaStore&) = delete;

  const std::filesystem::path& folder() const { return media_folder_; }

  // The media usn (meta's media_usn, begin's usn, the second half of uploadChanges' answer).
  int32_t usn();
  // Entries changed after last_usn, usn ascending, at most limit of them.
  std::vector<ServerMediaChange> changes_after(int32_t last_usn, size_t limit);
  // The number of entries that are not deleted (what mediaSanity compares with).
  int64_t file_count();

  // Applies a checked upload batch in order and returns the media usn afterwards. An addition or
  // replacement with new content, or a deletion of a present entry, takes the next usn; a file
  // identical to the stored one (rewritten if it went missing on disk) and a deletion of an absent or
  // already deleted entry change no usn. All or nothing.
  int32_t apply_upload(const std::vector<MediaUploadEntry>& entries);

  // The files for a downloadFiles answer, in the order asked: (fname, bytes), stopping once the bytes
  // added pass target_bytes (so at least one file comes back). Throws HttpStatusError(409) when a name
  // has no entry or a deleted one (changing nothing), or when an entry's file is missing on disk (the
  // entry is then forgotten, without recording a deletion).
  std::vector<std::pair<std::string, std::string>> files_for_download(const std::vector<std::string>& names,
                                                                       size_t target_bytes);

 private:
  struct Row {
    std::string sha1;
    int32_t usn = 0;
    bool deleted = false;
  };
  std::optional<Row> get(const std::string& fname);
  void put(const std::string& fname, const Row& row);

  std::filesystem::path account_folder_;
  std::filesystem::path media_folder_;
  std::unique_ptr<storage::Db> db_;
};

}  // namespace ankc::native::sync
