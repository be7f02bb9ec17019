// storeMediaFile as AnkiConnect does it (api spec §5.3), shared by the media action and by note media
// (audio/video/picture in addNote and friends): source precedence data > path > url by truthiness,
// skipHash, deleteExisting, then Anki's add_file. Also the per-profile MediaFolder cache.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

namespace ankc::native {
class Session;
}

namespace ankc::native::media {

class MediaFolder;

// The arguments of storeMediaFile (JSON values as given; null = not given).
struct StoreRequest {
  boost::json::value filename;
  boost::json::value data;
  boost::json::value path;
  boost::json::value url;
  boost::json::value skip_hash;
  boost::json::value delete_existing;
};

// Stores the file; returns the final name, or nullopt when skipHash matched. Throws ActionError
// with AnkiConnect's texts.
std::optional<std::string> store_media_file(Session& session, const StoreRequest& request);

// The media folder of the session's profile (opened once per folder, kept for the process).
MediaFolder& media_folder_of(Session& session);


}  // namespace ankc::native::media
