// The media database `collection.media.db2` beside the collection (collection-format.md §11.2): one row
// per media file (name, SHA-1, mtime, dirty) and the meta row (folder mtime, last media usn). Anki treats
// it as a cache of the folder; we keep it in step when we add or trash files so a media sync sends them.
// The file is its own SQLite database (not the collection), so its SQL lives here.
#pragma once

#include <vector>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;

namespace ankc::native::media {

struct MediaEntry {
  std::string fname;
  std::optional<std::string> sha1_hex;  // nullopt = deleted (tombstone)
  int64_t mtime = 0;                    // the file's mtime in seconds (as Anki); 0 when deleted
  bool dirty = true;
};

class MediaDb {
 public:
  // Opens path, creating it with Anki's schema when missing. Throws ActionError on failure.
  explicit MediaDb(const std::filesystem::path& path);
  ~MediaDb();
  MediaDb(const MediaDb&) = delete;
  MediaDb& operator=(const MediaDb&) = delete;

  // The row of fname, or nullopt.
  std::optional<MediaEntry> get(std::string_view fname);
  // Inserts or replaces a row.
  void put(const MediaEntry& e);
  // meta.dirMod (folder mtime in ms at the last sync with the folder).
  int64_t folder_mtime();
  void set_folder_mtime(int64_t ms);
  // meta.lastUsn: the server media usn this folder has caught up to (media sync, sync-protocol.md §6.2).
  int32_t last_usn();
  void set_last_usn(int32_t usn);
  // Deletes the row of fname.
  void remove(std::string_view fname);
  // Up to `limit` rows marked dirty (to be sent), in the database's order.
  std::vector<MediaEntry> dirty(size_t limit);
  // Every row, by name.
  std::vector<MediaEntry> all();
  // Rows whose file exists (csum not null): what mediaSanity compares.
  int64_t count_present();
  // Forgets everything (rows, lastUsn, dirMod): the next media sync rescans and pulls from usn 0.
  void wipe();
  // BEGIN / COMMIT / ROLLBACK.
  void begin();
  void commit();
  void rollback();

 private:
  sqlite3* db_ = nullptr;
};

// The modification time of a file or folder in milliseconds (0 when it does not exist).
int64_t mtime_ms(const std::filesystem::path& p);

}  // namespace ankc::native::media
