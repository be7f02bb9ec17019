// The profile's media folder (collection.media) with its media database beside it
// (collection.media.db2) and Anki's trash folder (media.trash): adding data under a desired name as
// Anki's add_file does, trashing files, reading them back and listing them. Every name handed in is
// checked to stay inside the folder. Files are written to a hidden temporary name (".ankc-media-*"),
// fsynced and renamed into place, so a crash never leaves a partial file under a media name;
// temporaries a killed process left are removed when the folder's database is first opened.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::native::media {

class MediaDb;

class MediaFolder {
 public:
  // folder = <profile>/collection.media (created when missing).
  explicit MediaFolder(std::filesystem::path folder);
  ~MediaFolder();

  const std::filesystem::path& path() const { return folder_; }

  // Writes data under the normalised desired_name: an identical file of that name is reused; a
  // different one makes the name hash-suffixed. Records the file in the media database (dirty).
  // Returns the name used. Throws ActionError when the name normalises to nothing usable.
  std::string add_file(std::string_view desired_name, std::string_view data);
  // Trashes the file named `name` and stores data under the same name, as trash() then add_file()
  // would, but atomically: the old file is hard-linked (else copied) into media.trash first and the
  // new bytes are renamed over it, so at every moment the name holds the old or the new file. Names
  // whose file is missing or not a regular file get trash() then add_file(). Returns the name used.
  std::string replace_file(std::string_view name, std::string_view data);
  // Moves the file named exactly `name` to media.trash and marks it deleted in the media database.
  // Missing files and names that would leave the folder are ignored.
  void trash(std::string_view name);
  // The bytes of the file named `name` (a single component), or nullopt when there is none.
  std::optional<std::string> read(std::string_view name) const;
  // True when a regular file of that name exists.
  bool exists(std::string_view name) const;
  // Names of entries matching pattern (Python glob.glob semantics, directory order, dot-files only
  // for patterns starting with '.'). Patterns with '/' are refused (empty list): they would leave
  // the folder.
  std::vector<std::string> list(std::string_view pattern) const;

 private:
  MediaDb& db();
  std::filesystem::path folder_;
  std::unique_ptr<MediaDb> db_;
};

// Lower-case hex SHA-1 / MD5 of data.
std::string sha1_hex(std::string_view data);
std::string md5_hex(std::string_view data);

}  // namespace ankc::native::media
