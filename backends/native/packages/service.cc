#include "backends/native/packages/service.h"

#include <boost/json/value.hpp>
#include <cstdio>
#include <string>

#include "backends/action_error.h"
#include "backends/native/packages/legacy_export.h"
#include "backends/native/packages/legacy_import.h"
#include "backends/native/packages/modern_import.h"
#include "backends/native/packages/package_path.h"
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

json::value import_package(Session& session, const json::object& params) {
  fs::path path = packages::package_source(session, path_param(params));
  packages::sweep_temp_dirs(session.collection_file().parent_path());
  try {
    packages::import_any_package(session, path, packages::ImportOptions{});
  } catch (const ActionError& e) {
    std::string line = "importPackage " + path.string() + ": " + (e.what()[0] ? e.what() : "no JSON media map");
    if (session.info().log_error) session.info().log_error(line);
    else std::fprintf(stderr, "%s\n", line.c_str());
    throw;
  }
  return true;
}

const ServiceAction kActions[] = {
    {"exportPackage", &export_package},
    {"importPackage", &import_package},
};

}  // namespace

std::span<const ServiceAction> packages_actions() { return kActions; }

}  // namespace ankc::native
