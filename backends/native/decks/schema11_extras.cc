#include "backends/native/decks/schema11_extras.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <cmath>

#include "compat/pyjson.h"

namespace ankc::native {

void append_legacy_extras(boost::json::object& out, std::string_view other_json,
                          std::initializer_list<std::string_view> reserved) {
  if (other_json.empty()) return;
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(other_json, ec);
  if (ec || !parsed.is_object()) return;
  for (const auto& kv : parsed.as_object()) {
    bool skip = false;
    for (std::string_view r : reserved)
      if (kv.key() == r) skip = true;
    if (!skip) out[kv.key()] = kv.value();
  }
}

boost::json::value f32_value(float f) {
  if (!std::isfinite(f)) return nullptr;
  return pyjson::widen_f32(f);
}

boost::json::value f32_list(const std::vector<float>& values) {
  boost::json::array out;
  out.reserve(values.size());
  for (float f : values) out.push_back(f32_value(f));
  return out;
}

}  // namespace ankc::native
