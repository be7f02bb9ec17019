#include "backends/native/media/service.h"

#include <boost/json/array.hpp>
#include <filesystem>

#include "backends/action_error.h"
#include "backends/native/decks/nfc.h"
#include "backends/native/media/base64.h"
#include "backends/native/media/filename.h"
#include "backends/native/media/media_folder.h"
#include "backends/native/media/store.h"
#include "backends/native/session.h"

namespace ankc::native {
namespace json = boost::json;
namespace {

json::value param(const json::object& params, const char* name) {
  auto it = params.find(name);
  return it == params.end() ? json::value() : it->value();
}

// The parameter itself (not a copy: storeMediaFile's data can be huge), json_null() when absent.
const json::value* param_ref(const json::object& params, const char* name) {
  auto it = params.find(name);
  return it == params.end() ? &media::json_null() : &it->value();
}

json::value store_media_file_action(Session& s, const json::object& p) {
  static const json::value kTrue(true);
  media::StoreRequest r;
  r.filename = param_ref(p, "filename");
  r.data = param_ref(p, "data");
  r.path = param_ref(p, "path");
  r.url = param_ref(p, "url");
  r.skip_hash = param_ref(p, "skipHash");
  auto de = p.find("deleteExisting");
  r.delete_existing = de == p.end() ? &kTrue : &de->value();
  auto name = media::store_media_file(s, r);
  if (!name) return nullptr;
  return json::value(*name);
}

// AnkiConnect's stripIllegal after basename + NFC: removes ][><:"/?*^\| NUL CR LF.
std::string strip_illegal(std::string_view name) {
  std::string out;
  for (char c : name)
    if (std::string_view("][><:\"/?*^\\|\r\n").find(c) == std::string_view::npos && c != '\0') out.push_back(c);
  return out;
}

json::value retrieve_media_file(Session& s, const json::object& p) {
  json::value fv = param(p, "filename");
  if (!fv.is_string()) throw ActionError("expected str, bytes or os.PathLike object, not NoneType");
  std::string name = strip_illegal(to_nfc(media::basename(fv.get_string())));
  auto data = media::media_folder_of(s).read(name);
  if (!data) return false;
  return json::value(media::b64encode(*data));
}

json::value get_media_files_names(Session& s, const json::object& p) {
  json::value pv = param(p, "pattern");
  std::string pattern = pv.is_string() ? std::string(pv.get_string()) : "*";
  json::array out;
  for (auto& n : media::media_folder_of(s).list(pattern)) out.emplace_back(n);
  return out;
}

json::value delete_media_file(Session& s, const json::object& p) {
  json::value fv = param(p, "filename");
  if (fv.is_string()) media::media_folder_of(s).trash(fv.get_string());
  return nullptr;
}

json::value get_media_dir_path(Session& s, const json::object&) {
  return json::value(std::filesystem::absolute(s.media_folder()).lexically_normal().string());
}

constexpr ServiceAction kActions[] = {
    {"storeMediaFile", &store_media_file_action},
    {"retrieveMediaFile", &retrieve_media_file},
    {"getMediaFilesNames", &get_media_files_names},
    {"deleteMediaFile", &delete_media_file},
    {"getMediaDirPath", &get_media_dir_path},
};

}  // namespace

std::span<const ServiceAction> media_actions() { return kActions; }

}  // namespace ankc::native
