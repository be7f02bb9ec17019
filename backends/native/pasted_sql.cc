#include "backends/native/pasted_sql.h"

#include <cmath>
#include <cstdint>

#include "backends/action_error.h"
#include "compat/pyjson.h"

namespace ankc::native {

std::optional<storage::SqlValue> pasted_value(const boost::json::value& v) {
  if (v.is_bool()) return storage::SqlValue(int64_t{v.get_bool() ? 1 : 0});  // True/False: SQLite's TRUE/FALSE
  if (v.is_int64()) return storage::SqlValue(v.get_int64());
  if (v.is_uint64()) return storage::SqlValue(static_cast<double>(v.get_uint64()));  // beyond int64: REAL
  if (v.is_double()) {
    if (!std::isfinite(v.get_double())) return std::nullopt;  // inf / nan are identifiers to SQLite
    return storage::SqlValue(v.get_double());
  }
  if (v.is_string()) return storage::sql_literal_value(v.get_string());
  return std::nullopt;
}

PastedValues paste_values(const boost::json::array& values) {
  PastedValues out;
  for (const auto& v : values) {
    if (!out.text.empty()) out.text += ",";
    out.text += pyjson::str(v);
    std::optional<storage::SqlValue> literal = pasted_value(v);
    if (literal) out.literals.push_back(std::move(*literal));
    else if (!out.unsafe) out.unsafe = &v;
  }
  return out;
}

std::string literal_text(const std::vector<storage::SqlValue>& literals) {
  std::string out;
  for (const auto& v : literals) {
    if (!out.empty()) out += ",";
    out += storage::sql_literal_text(v);
  }
  return out;
}

void refuse_pasted_value(std::string_view action, const boost::json::value& v) {
  // Not AnkiConnect's behaviour (it runs the value as SQL), so a text of our own.
  throw ActionError(std::string(action) + ": every value must be a number, true, false, null or a quoted SQL string, not " +
                    pyjson::repr(v));
}

}  // namespace ankc::native
