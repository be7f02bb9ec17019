#include "backends/native/scheduling/sched_config.h"

#include <boost/json/parse.hpp>
#include <string>

#include "backends/native/storage/config/config.h"

namespace ankc::native {
namespace {

std::optional<boost::json::value> config_value(storage::Db& db, std::string_view key) {
  auto text = storage::get_config_json(db, key);
  if (!text) return std::nullopt;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(*text, ec);
  if (ec) return std::nullopt;
  return v;
}

}  // namespace

std::optional<int64_t> config_int(storage::Db& db, std::string_view key) {
  auto v = config_value(db, key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->as_double());
  return std::nullopt;
}

std::optional<bool> config_bool(storage::Db& db, std::string_view key) {
  auto v = config_value(db, key);
  if (!v || !v->is_bool()) return std::nullopt;
  return v->as_bool();
}

void set_config_int(storage::Db& db, std::string_view key, int64_t value, TimestampSecs now) {
  storage::set_config_json(db, key, std::to_string(value), kLocalUsn, now);
}

}  // namespace ankc::native
