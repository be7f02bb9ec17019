#include "backends/native/scheduling/card_data.h"

#include <boost/json/parse.hpp>
#include <charconv>
#include <cmath>

#include "compat/pyjson.h"

namespace ankc::native {
namespace {

std::optional<float> number(const boost::json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return std::nullopt;
  const auto& v = it->value();
  if (v.is_double()) return static_cast<float>(v.as_double());
  if (v.is_int64()) return static_cast<float>(v.as_int64());
  if (v.is_uint64()) return static_cast<float>(v.as_uint64());
  return std::nullopt;
}

float round_places(float v, int places) {
  const float scale = std::pow(10.0f, static_cast<float>(places));
  return std::round(v * scale) / scale;
}

}  // namespace

std::string f32_json(float v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

CardData CardData::parse(std::string_view json) {
  CardData d;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return d;
  const auto& o = v.as_object();
  if (auto it = o.find("pos"); it != o.end() && (it->value().is_int64() || it->value().is_uint64()))
    d.pos = static_cast<uint32_t>(it->value().to_number<int64_t>());
  auto s = number(o, "s");
  auto diff = number(o, "d");
  if (s && diff) d.memory = MemoryState{*s, *diff};
  d.desired_retention = number(o, "dr");
  d.decay = number(o, "decay");
  if (auto it = o.find("lrt"); it != o.end() && (it->value().is_int64() || it->value().is_uint64()))
    d.last_review_secs = it->value().to_number<int64_t>();
  if (auto it = o.find("cd"); it != o.end() && it->value().is_string()) d.custom_data = it->value().as_string();
  return d;
}

std::string CardData::to_json() const {
  std::string out = "{";
  auto key = [&](const char* k) {
    if (out.size() > 1) out += ",";
    out += "\"";
    out += k;
    out += "\":";
  };
  if (pos) key("pos"), out += std::to_string(*pos);
  if (memory) {
    key("s"), out += f32_json(round_places(memory->stability, 4));
    key("d"), out += f32_json(round_places(memory->difficulty, 3));
  }
  if (desired_retention) key("dr"), out += f32_json(round_places(*desired_retention, 2));
  if (decay) key("decay"), out += f32_json(round_places(*decay, 3));
  if (last_review_secs) key("lrt"), out += std::to_string(*last_review_secs);
  if (!custom_data.empty() && custom_data != "{}") {
    key("cd");
    pyjson::dump_string_to(out, custom_data);
  }
  out += "}";
  return out;
}

}  // namespace ankc::native
