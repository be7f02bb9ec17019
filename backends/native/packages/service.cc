#include "backends/native/packages/service.h"

#include <boost/json/value.hpp>
#include <cstdio>
#include <string>

#include "backends/action_error.h"
#include "backends/native/packages/legacy_export.h"
#include "backends/native/packages/legacy_import.h"
#include "backends/native/packages/modern_export.h"
#include "backends/native/packages/modern_import.h"
#include "backends/native/packages/package_path.h"
#include "backends/native/packages/replace_collection.h"
#include "backends/native/packages/temp_dir.h"
#include "backends/native/session.h"
#include "compat/pyjson.h"

namespace ankc::native {
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

std::string path_param(const json::object& params) {
  const json::value* v = params.if_contains("path");
  if (!v || !v->is_string())
    throw ActionError("expected str, bytes or os.PathLike object, not " +
                      std::string(v ? pyjson::type_name(*v) : "NoneType"));
  return std::string(v->as_string());
}

json::value export_package(Session& session, const json::object& params) {
  const json::value* deck = params.if_contains("deck");
  fs::path path = packages::package_target(session, path_param(params));
  const json::value* sched = params.if_contains("includeSched");
  if (!deck || !deck->is_string()) return false;
  packages::sweep_temp_dirs(session.collection_file().parent_path());
  return export_legacy_package(session, std::string(deck->as_string()), path, sched && pyjson::truthy(*sched));
}

bool flag_param(const json::object& params, const char* name, bool fallback) {
  const json::value* v = params.if_contains(name);
  return v ? pyjson::truthy(*v) : fallback;
}

// Logs a failed import (a client sees only the reply) and rethrows.
template <class F>
auto logged(Session& session, const char* action, const fs::path& path, F&& run) {
  try {
    return run();
  } catch (const ActionError& e) {
    std::string line = std::string(action) + " " + path.string() + ": " + (e.what()[0] ? e.what() : "no JSON media map");
    if (session.info().log_error) session.info().log_error(line);
    else std::fprintf(stderr, "%s\n", line.c_str());
    throw;
  }
}

// A .colpkg replaces the collection (as Anki imports one); its safety backup comes from the deployment.
packages::Replaced replace_from(Session& session, const fs::path& path) {
  if (!session.info().backup)
    throw ActionError("cannot replace the collection by " + path.string() + ": backups are not available");
  return packages::replace_collection(session, path, session.info().backup);
}

bool is_colpkg(const fs::path& path) { return path.extension() == ".colpkg"; }

json::value import_package(Session& session, const json::object& params) {
  fs::path path = packages::package_source(session, path_param(params));
  packages::sweep_temp_dirs(session.collection_file().parent_path());
  logged(session, "importPackage", path, [&] {
    if (is_colpkg(path)) replace_from(session, path);
    else packages::import_any_package(session, path, packages::ImportOptions{});
    return 0;
  });
  return true;
}

// importAnkiPackage {path}: importPackage's merge (a .colpkg too), answering what it did.
json::value import_anki_package(Session& session, const json::object& params) {
  fs::path path = packages::package_source(session, path_param(params));
  packages::sweep_temp_dirs(session.collection_file().parent_path());
  auto s = logged(session, "importAnkiPackage", path,
                  [&] { return packages::import_any_package(session, path, packages::ImportOptions{}); });
  json::object out;
  out["packageVersion"] = s.package_version;
  out["notesAdded"] = s.notes_added;
  out["notesUpdated"] = s.notes_updated;
  out["notesSkipped"] = s.notes_duplicate + s.notes_conflicting;
  out["cardsAdded"] = s.cards_added;
  out["revlogAdded"] = s.revlog_added;
  out["notetypesAdded"] = s.notetypes_added;
  out["decksAdded"] = s.decks_added;
  out["mediaAdded"] = s.media_added;
  return out;
}

// importCollectionPackage {path}: the collection replaced by the package's (a backup first).
json::value import_collection_package(Session& session, const json::object& params) {
  fs::path path = packages::package_source(session, path_param(params));
  packages::sweep_temp_dirs(session.collection_file().parent_path());
  auto r = logged(session, "importCollectionPackage", path, [&] { return replace_from(session, path); });
  json::object out;
  out["safetyBackup"] = r.safety_backup.empty() ? json::value(nullptr) : json::value(r.safety_backup.string());
  out["mediaWritten"] = r.media_written;
  return out;
}

// exportAnkiPackage {path, deck, includeSched, includeMedia, legacy}: a deck in the latest format (or
// AnkiConnect's legacy one); false when there is no such deck.
json::value export_anki_package(Session& session, const json::object& params) {
  fs::path path = packages::package_target(session, path_param(params));
  const json::value* deck = params.if_contains("deck");
  if (!deck || !deck->is_string()) throw ActionError("deck must be a deck name");
  packages::sweep_temp_dirs(session.collection_file().parent_path());
  bool sched = flag_param(params, "includeSched", false);
  if (flag_param(params, "legacy", false)) return export_legacy_package(session, std::string(deck->as_string()), path, sched);
  return packages::export_latest_deck(session, std::string(deck->as_string()), path, sched,
                                      flag_param(params, "includeMedia", false));
}

// exportCollectionPackage {path, includeMedia}: the whole collection as a latest .colpkg.
json::value export_collection_package(Session& session, const json::object& params) {
  fs::path path = packages::package_target(session, path_param(params));
  packages::sweep_temp_dirs(session.collection_file().parent_path());
  packages::export_latest_colpkg(session, path, flag_param(params, "includeMedia", true));
  return true;
}

// createBackup: a backup of the collection now, in <profile>/backups; its path.
json::value create_backup(Session& session, const json::object&) {
  if (!session.info().backup) throw ActionError("backups are not available");
  session.col();  // "collection is not available" rather than a backup error
  return json::value(session.info().backup(session).string());
}

const ServiceAction kActions[] = {
    {"createBackup", &create_backup},
    {"exportAnkiPackage", &export_anki_package},
    {"exportCollectionPackage", &export_collection_package},
    {"exportPackage", &export_package},
    {"importAnkiPackage", &import_anki_package},
    {"importCollectionPackage", &import_collection_package},
    {"importPackage", &import_package},
};

}  // namespace

std::span<const ServiceAction> packages_actions() { return kActions; }

}  // namespace ankc::native
