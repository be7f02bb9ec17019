#include "backends/native/packages/import_media.h"

#include <boost/json/parse.hpp>
#include <fstream>
#include <system_error>

#include "backends/action_error.h"
#include "backends/native/decks/nfc.h"
#include "backends/native/media/fetch.h"
#include "backends/native/media/filename.h"
#include "backends/native/media/media_db.h"
#include "backends/native/media/media_folder.h"
#include "backends/native/packages/zip_archive.h"
#include "compat/pyjson.h"

namespace ankc::native::packages {
namespace fs = std::filesystem;

namespace {
// Python: os.path.commonprefix([abspath(join(dir, name)), dir]) == dir.
bool stays_inside(const fs::path& dir, const std::string& name) {
  fs::path joined = (!name.empty() && name[0] == '/') ? fs::path(name) : dir / name;
  std::string normal = joined.lexically_normal().string();
  while (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  std::string d = dir.string();
  return normal.compare(0, d.size(), d) == 0;
}
}  // namespace

MediaMap read_media_map(const ZipReader& zip, const fs::path& media_folder) {
  auto bytes = zip.read("media");
  if (!bytes) throw ActionError("");
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*bytes, ec);
  if (ec) throw ActionError("");
  if (!v.is_object()) throw ActionError(std::string("'") + pyjson::type_name(v) + "' object has no attribute 'items'");
  fs::path dir = fs::absolute(media_folder).lexically_normal();
  MediaMap map;
  for (const auto& [key, value] : v.as_object()) {
    if (!value.is_string())
      throw ActionError(std::string("join() argument must be str, bytes, or os.PathLike object, not '") +
                        pyjson::type_name(value) + "'");
    std::string name(value.as_string());
    if (!stays_inside(dir, name)) throw ActionError("Invalid file");
    map[to_nfc(name)] = std::string(key);
  }
  return map;
}

std::string read_media_member(const ZipReader& zip, const std::string& entry) {
  auto data = zip.read(entry, media::fetch_policy().max_bytes);
  if (!data) throw ActionError("\"There is no item named '" + entry + "' in the archive\"");
  return std::move(*data);
}

DestinationMedia::DestinationMedia(fs::path folder) : folder_(std::move(folder)) {
  fs::create_directories(folder_);
  db_ = std::make_unique<media::MediaDb>(fs::path(folder_.string() + ".db2"));
  was_in_sync_ = db_->folder_mtime() == media::mtime_ms(folder_);
}

DestinationMedia::~DestinationMedia() = default;

bool DestinationMedia::have(std::string_view name) const {
  std::error_code ec;
  return media::is_safe_component(name) && fs::exists(folder_ / std::string(name), ec);
}

std::string DestinationMedia::read(std::string_view name) const {
  if (!media::is_safe_component(name)) return "";
  std::ifstream in(folder_ / std::string(name), std::ios::binary);
  if (!in) return "";
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void DestinationMedia::write(std::string_view name, std::string_view data) {
  std::string nfc = to_nfc(name);
  if (!media::is_safe_component(nfc)) return;
  fs::path target = folder_ / nfc;
  {
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    if (!out) return;
    out.write(data.data(), static_cast<std::streamsize>(data.size()));
    if (!out) return;
  }
  if (media::is_normalized(nfc) && !data.empty())
    db_->put(media::MediaEntry{nfc, media::sha1_hex(data), media::mtime_ms(target) / 1000, true});
}

void DestinationMedia::finish() {
  if (was_in_sync_) db_->set_folder_mtime(media::mtime_ms(folder_));
}

}  // namespace ankc::native::packages
