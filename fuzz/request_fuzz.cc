// Fuzzes one request body through the compat layer as the web layer hands it over (src/web.cc calls
// Api::handle): pyjson loads, request-schema validation, API key, action lookup, parameter binding,
// `multi`, and the reply envelope. The backend echoes the bound params, so pyjson dumps sees whatever
// the binding let through. The first byte picks the emulation and the CORS verdict.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "backends/action_error.h"
#include "compat/api.h"

namespace {

class EchoBackend : public ankc::Backend {
 public:
  boost::json::value call(const std::string& action, const boost::json::object& params) override {
    if (action == "deckNames") throw ankc::ActionError("collection is not available");
    return params;
  }
  std::string name() const override { return "echo"; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t mode = data[0];
  std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  ankc::CompatSettings settings;
  settings.emulation = *ankc::Emulation::from_name(mode & 1 ? "anki23" : "anki25");
  if (mode & 2) settings.api_key = "secret";
  EchoBackend backend;
  ankc::Api api(settings, backend);
  std::optional<std::string> origin;
  if (mode & 4) origin = "chrome-extension://abc";
  api.handle(body, (mode & 8) == 0, origin);
  return 0;
}
