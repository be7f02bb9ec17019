#include "backends/native/media/store.h"

#include <map>
#include <memory>
#include <mutex>

#include "backends/action_error.h"
#include "backends/native/media/base64.h"
#include "backends/native/media/fetch.h"
#include "backends/native/media/filename.h"
#include "backends/native/media/media_folder.h"
#include "backends/native/session.h"
#include "compat/py_errors.h"
#include "compat/pyjson.h"

namespace ankc::native::media {
namespace json = boost::json;

MediaFolder& media_folder_of(Session& session) {
  static std::mutex mutex;
  static std::map<std::filesystem::path, std::unique_ptr<MediaFolder>> folders;
  std::lock_guard lock(mutex);
  auto& slot = folders[session.media_folder()];
  if (!slot) slot = std::make_unique<MediaFolder>(session.media_folder());
  return *slot;
}

namespace {

std::string require_string(const json::value& v) {
  if (!v.is_string())
    throw ActionError(std::string("expected str, bytes or os.PathLike object, not ") + pyjson::type_name(v));
  return std::string(v.get_string());
}

}  // namespace

std::optional<std::string> store_media_file(Session& session, const StoreRequest& r) {
  std::string bytes;
  if (pyjson::truthy(r.data)) {
    if (!r.data.is_string())
      throw ActionError(std::string("argument should be a bytes-like object or ASCII string, not '") +
                        pyjson::type_name(r.data) + "'");
    bytes = b64decode(r.data.get_string());
    check_size(bytes.size());
  } else if (pyjson::truthy(r.path)) {
    bytes = read_path(require_string(r.path));
  } else if (pyjson::truthy(r.url)) {
    bytes = download(require_string(r.url));
  } else {
    throw ActionError("You must provide a \"data\", \"path\", or \"url\" field.");
  }
  if (!r.skip_hash.is_null()) {
    if (r.skip_hash.is_string() && r.skip_hash.get_string() == md5_hex(bytes)) return std::nullopt;
  }
  std::string filename = require_string(r.filename);
  // trash_files / write_data hand the name to Anki's backend; Python cannot encode a lone surrogate.
  if (auto error = pyerr::utf8_encode_error(filename)) throw ActionError(*error);
  MediaFolder& folder = media_folder_of(session);
  if (pyjson::truthy(r.delete_existing)) folder.trash(filename);
  if (!is_safe_component(normalize_filename(basename(filename))))
    throw ActionError("invalid media file name: " + filename);
  return folder.add_file(basename(filename), bytes);
}

}  // namespace ankc::native::media
