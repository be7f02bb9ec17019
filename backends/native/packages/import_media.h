// The media side of a legacy .apkg import (pylib anki/importing/apkg.py, anki2.py): the package's
// JSON media map (zip entry number → file name), checked as Anki checks it, and the destination
// media folder, written the way the legacy importer writes it (exact names, overwriting) with each
// file also recorded in the media database so a media sync sends it.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ankc::native::media { class MediaDb; }

namespace ankc::native::packages {

class ZipReader;

// File name (NFC) → zip entry name.
using MediaMap = std::map<std::string, std::string>;

// Reads the `media` entry. Throws ActionError("") when it is missing or not a JSON object in UTF-8
// (Anki's MediaMapInvalid, whose text is empty; new-format packages fail here), and
// ActionError("Invalid file") when a name would leave media_folder.
MediaMap read_media_map(const ZipReader& zip, const std::filesystem::path& media_folder);

// The bytes of the numbered media entry, at most mediaMaxBytes (media::fetch_policy(), 0 = unlimited).
// Throws ActionError("\"There is no item named '<entry>' in the archive\"") when it is missing, or
// the size error of ZipReader::read.
std::string read_media_member(const ZipReader& zip, const std::string& entry);

class DestinationMedia {
 public:
  explicit DestinationMedia(std::filesystem::path folder);
  ~DestinationMedia();
  // True when a file of that name exists in the folder.
  bool have(std::string_view name) const;
  // The file's bytes, "" when missing (Anki's _dstMediaData).
  std::string read(std::string_view name) const;
  // Writes data under NFC(name), replacing a file of that name; names that are not a single safe
  // component are skipped (Anki ignores the OSError). Records normalised names in the media DB.
  void write(std::string_view name, std::string_view data);
  // Advances the media DB's folder mtime when it was in step with the folder before the import.
  void finish();

 private:
  std::filesystem::path folder_;
  std::unique_ptr<media::MediaDb> db_;
  bool was_in_sync_ = false;
};

}  // namespace ankc::native::packages
