#include "backends/native/sync/server/media_zip.h"

#include <boost/json.hpp>

#include "backends/action_error.h"
#include "backends/native/decks/nfc.h"
#include "backends/native/media/filename.h"
#include "backends/native/packages/zip_archive.h"
#include "backends/native/sync/protocol/wire.h"

namespace ankc::native::sync {

namespace json = boost::json;

bool valid_upload_name(std::string_view fname) {
  if (fname.size() > kMaxMediaNameBytes || !media::is_safe_component(fname)) return false;
  return is_nfc(fname);
}

std::vector<MediaUploadEntry> read_upload_zip(std::string zip, int64_t max_total_bytes) {
  try {
    auto reader = packages::ZipReader::from_bytes(std::move(zip), max_total_bytes);
    std::optional<std::string> meta_text = reader->read("_meta", kMaxMediaMetaBytes);
    if (!meta_text) throw ProtocolError("media zip: no _meta");
    json::error_code ec;
    json::value meta = json::parse(*meta_text, ec);
    if (ec || !meta.is_array()) throw ProtocolError("media zip: _meta is not a JSON array");
    const json::array& pairs = meta.get_array();
    if (pairs.size() > kMaxMediaZipEntries) throw ProtocolError("media zip: more than 25 entries");

    std::vector<MediaUploadEntry> out;
    out.reserve(pairs.size());
    for (const json::value& pair : pairs) {
      const json::array* p = pair.if_array();
      if (!p || p->size() != 2 || !(*p)[0].is_string()) throw ProtocolError("media zip: bad _meta entry");
      MediaUploadEntry entry;
      entry.fname = std::string((*p)[0].get_string());
      if (!valid_upload_name(entry.fname)) throw ProtocolError("media zip: bad file name");
      const json::value& member = (*p)[1];
      bool deletion = member.is_null() || (member.is_string() && member.get_string().empty());
      if (!deletion) {
        if (!member.is_string()) throw ProtocolError("media zip: bad _meta entry");
        entry.data = reader->read(std::string_view(member.get_string()), kMaxMediaFileBytes);
        if (!entry.data) throw ProtocolError("media zip: a member named in _meta is missing");
        if (entry.data->empty()) throw ProtocolError("media zip: empty file");
      }
      out.push_back(std::move(entry));
    }
    return out;
  } catch (const ActionError& e) {
    // Not a zip, a corrupt member, a member over 100 MiB or the whole over max_total_bytes.
    throw ProtocolError(std::string("media zip: ") + e.what());
  }
}

std::string write_download_zip(const std::vector<std::pair<std::string, std::string>>& files) {
  packages::ZipWriter writer;
  json::object meta;
  for (size_t i = 0; i < files.size(); ++i) {
    std::string member = std::to_string(i);
    writer.add(member, files[i].second, false);
    meta[member] = files[i].first;
  }
  writer.add("_meta", json::serialize(meta), false);
  return writer.close_to_bytes();
}

}  // namespace ankc::native::sync
