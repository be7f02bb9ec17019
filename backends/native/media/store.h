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

// A JSON null, for the arguments of a StoreRequest that were not given.
const boost::json::value& json_null();

// The arguments of storeMediaFile: the JSON values as given, not copied (a `data` string can be
// hundreds of megabytes); they must outlive the call. json_null() = not given.
struct StoreRequest {
  const boost::json::value* filename = &json_null();
  const boost::json::value* data = &json_null();
  const boost::json::value* path = &json_null();
  const boost::json::value* url = &json_null();
  const boost::json::value* skip_hash = &json_null();
  const boost::json::value* delete_existing = &json_null();
};

// Stores the file; returns the final name, or nullopt when skipHash matched. Throws ActionError
// with AnkiConnect's texts.
std::optional<std::string> store_media_file(Session& session, const StoreRequest& request);

// The media folder of the session's profile (opened once per folder, kept for the process).
MediaFolder& media_folder_of(Session& session);


}  // namespace ankc::native::media
