// AnkiConnect's CORS decision (spec ankiconnect-api.md §1.2), computed for every request.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ankc {

struct CorsVerdict {
  bool allowed = false;
  std::string origin = "http://localhost";  // what Access-Control-Allow-Origin echoes
};

// `origins` is webCorsOriginList with webCorsOrigin already appended; `origin` the Origin header.
CorsVerdict decide_cors(const std::vector<std::string>& origins, const std::optional<std::string>& origin);

}  // namespace ankc
