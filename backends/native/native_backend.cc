#include "backends/native/native_backend.h"

#include <boost/json/array.hpp>
#include <mutex>

#include "backends/action_error.h"

namespace ankc {
namespace {

class NativeBackend final : public Backend {
 public:
  explicit NativeBackend(NativeOptions options) : options_(std::move(options)) {
    if (options_.profiles.empty()) throw std::invalid_argument("the native backend needs a profile");
    for (const auto& p : options_.profiles) std::filesystem::create_directories(p.folder);
    active_ = 0;
  }

  boost::json::value call(const std::string& action, const boost::json::object& params) override {
    std::lock_guard lock(mutex_);
    if (action == "getProfiles") {
      boost::json::array names;
      for (const auto& p : options_.profiles) names.emplace_back(p.name);
      return names;
    }
    if (action == "getActiveProfile") return boost::json::value(options_.profiles[active_].name);
    throw ActionError(action + " is not served by the native backend yet");
  }

  std::string name() const override { return "native"; }

 private:
  NativeOptions options_;
  size_t active_ = 0;
  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<Backend> make_native_backend(const NativeOptions& options) {
  return std::make_unique<NativeBackend>(options);
}

}  // namespace ankc
