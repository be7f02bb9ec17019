#include "backends/native/native_backend.h"

#include <algorithm>
#include <cstdio>
#include <boost/json/array.hpp>
#include <mutex>
#include <span>
#include <string_view>
#include <unordered_map>

#include "backends/action_error.h"
#include "backends/native/collection/clock.h"
#include "backends/native/collection/random.h"
#include "backends/native/service.h"
#include "backends/native/session.h"

// The service table of each concept.
#include "backends/native/cards/service.h"
#include "backends/native/dbcheck/check_database.h"
#include "backends/native/decks/service.h"
#include "backends/native/gui/service.h"
#include "backends/native/media/service.h"
#include "backends/native/notes/service.h"
#include "backends/native/notetypes/service.h"
#include "backends/native/packages/package_path.h"
#include "backends/native/packages/service.h"
#include "backends/native/scheduling/service.h"
#include "backends/native/search/service.h"
#include "backends/native/stats/service.h"
#include "backends/native/tags/service.h"

namespace ankc {
namespace {

using native::ServiceAction;
using ServiceTable = std::span<const ServiceAction> (*)();

// Every concept's table (backends/native/<concept>/service.h); a concept appears here once.
const ServiceTable kServiceTables[] = {
    &native::dbcheck_actions,
    &native::notetypes_actions,
    &native::decks_actions,
    &native::notes_actions,
    &native::cards_actions,
    &native::tags_actions,
    &native::media_actions,
    &native::search_actions,
    &native::stats_actions,
    &native::scheduling_actions,
    &native::packages_actions,
    &native::gui_actions,
};

std::filesystem::path media_folder_of(const NativeProfile& p) { return p.folder / "collection.media"; }

class NativeBackend final : public Backend {
 public:
  NativeBackend(NativeOptions options, native::Clock& clock, native::Random& random,
                std::unique_ptr<native::Clock> owned_clock, std::unique_ptr<native::Random> owned_random)
      : options_(std::move(options)),
        owned_clock_(std::move(owned_clock)),
        owned_random_(std::move(owned_random)),
        clock_(clock),
        random_(random) {
    if (options_.profiles.empty()) throw std::invalid_argument("the native backend needs a profile");
    for (const auto& p : options_.profiles) std::filesystem::create_directories(media_folder_of(p));
    for (ServiceTable table : kServiceTables) {
        for (const ServiceAction& a : table()) handlers_.emplace(a.name, a.handler);
    }
    activate(0);
  }

  boost::json::value call(const std::string& action, const boost::json::object& params) override {
    std::lock_guard lock(mutex_);
    if (action == "getProfiles") {
      boost::json::array names;
      for (const auto& p : options_.profiles) names.emplace_back(p.name);
      return names;
    }
    if (action == "getActiveProfile") return boost::json::value(options_.profiles[active_].name);
    if (action == "loadProfile") return load_profile(params);
    if (action == "sync") {
      // AnkiWeb sync is not implemented and no credentials can be configured: Anki's answer for a
      // profile without sync credentials (the spec's headless proposal).
      throw ActionError("sync: auth not configured");
    }
    if (action == "reloadCollection") {
      session_->col();  // "collection is not available" when it cannot open
      return nullptr;
    }
    auto it = handlers_.find(action);
    if (it == handlers_.end()) throw ActionError(action + " is not served by the native backend yet");
    try {
      return it->second(*session_, params);
    } catch (const ActionError&) {
      report_open_error();
      throw;
    }
  }

  std::string name() const override { return "native"; }

 private:
  void activate(size_t index) {
    if (session_) session_->close();
    active_ = index;
    const NativeProfile& p = options_.profiles[index];
    native::SessionInfo info{p.name, options_.py_flavour};
    info.package_path_roots = options_.package_path_roots;
    info.package_max_bytes = options_.package_max_bytes;
    info.protected_paths = options_.protected_paths;
    for (const auto& other : options_.profiles) {
      auto paths = native::packages::profile_protected_paths(other.folder / "collection.anki2", media_folder_of(other));
      info.protected_paths.insert(info.protected_paths.end(), paths.begin(), paths.end());
    }
    session_ = std::make_unique<native::Session>(p.folder / "collection.anki2", media_folder_of(p), clock_, random_,
                                                 std::move(info));
  }

  // Logs why the collection could not be opened (once per distinct cause), since clients only see
  // "collection is not available".
  void report_open_error() {
    const std::string& cause = session_->last_open_error();
    if (cause.empty() || cause == reported_open_error_) return;
    reported_open_error_ = cause;
    std::string line = "profile '" + options_.profiles[active_].name + "': cannot open its collection: " + cause;
    if (options_.log_error) options_.log_error(line); else std::fprintf(stderr, "%s\n", line.c_str());
  }

  boost::json::value load_profile(const boost::json::object& params) {
    auto it = params.find("name");
    if (it == params.end() || !it->value().is_string()) return false;
    std::string_view name = it->value().as_string();
    for (size_t i = 0; i < options_.profiles.size(); ++i) {
      if (options_.profiles[i].name != name) continue;
      if (i != active_) activate(i);
      return true;
    }
    return false;
  }

  NativeOptions options_;
  std::unique_ptr<native::Clock> owned_clock_;
  std::unique_ptr<native::Random> owned_random_;
  native::Clock& clock_;
  native::Random& random_;
  std::unordered_map<std::string_view, native::Handler> handlers_;
  size_t active_ = 0;
  std::unique_ptr<native::Session> session_;
  std::string reported_open_error_;
  std::mutex mutex_;
};

}  // namespace

std::vector<std::string> native_served_actions() {
  std::vector<std::string> names{"getActiveProfile", "getProfiles", "loadProfile", "reloadCollection", "sync"};
  for (ServiceTable table : kServiceTables) {
    for (const ServiceAction& a : table()) names.emplace_back(a.name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::unique_ptr<Backend> make_native_backend(const NativeOptions& options) {
  auto clock = std::make_unique<native::SystemClock>();
  auto random = std::make_unique<native::SeededRandom>(native::SeededRandom::make_system());
  native::Clock& c = *clock;
  native::Random& r = *random;
  return std::make_unique<NativeBackend>(options, c, r, std::move(clock), std::move(random));
}

std::unique_ptr<Backend> make_native_backend(const NativeOptions& options, native::Clock& clock,
                                             native::Random& random) {
  return std::make_unique<NativeBackend>(options, clock, random, nullptr, nullptr);
}

}  // namespace ankc
