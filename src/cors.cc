#include "src/cors.h"

#include <algorithm>

namespace ankc {
namespace {

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Origins AnkiConnect lets through whenever "http://localhost" is listed. Note the add-on tests the
// "http://127.0.0.1:" prefix twice, so "https://127.0.0.1:<port>" is not among them.
bool local_or_extension(const std::string& origin) {
  return origin == "http://127.0.0.1" || origin == "https://127.0.0.1" ||
         starts_with(origin, "http://127.0.0.1:") || starts_with(origin, "chrome-extension://") ||
         starts_with(origin, "moz-extension://") || starts_with(origin, "safari-web-extension://");
}

}  // namespace

CorsVerdict decide_cors(const std::vector<std::string>& origins, const std::optional<std::string>& origin) {
  CorsVerdict verdict;
  if (contains(origins, "*")) {
    verdict.allowed = true;
    verdict.origin = "*";
  } else if (origin) {
    if (contains(origins, *origin) || (contains(origins, "http://localhost") && local_or_extension(*origin))) {
      verdict.allowed = true;
      verdict.origin = *origin;
    }
  } else {
    verdict.allowed = true;
  }
  return verdict;
}

}  // namespace ankc
