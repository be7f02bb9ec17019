#include "compat/py_errors.h"

#include <cstdio>

#include "compat/pyjson.h"

namespace ankc::pyerr {

std::optional<std::string> utf8_encode_error(std::string_view utf8) {
  auto is_surrogate = [](char32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; };
  std::size_t position = 0;
  for (std::size_t i = 0; i < utf8.size(); ++position) {
    char32_t cp = pyjson::next_code_point(utf8, i);
    if (!is_surrogate(cp)) continue;
    // CPython's encoder reports the whole run of consecutive surrogates.
    std::size_t end = position + 1;
    for (std::size_t j = i; j < utf8.size() && is_surrogate(pyjson::next_code_point(utf8, j));) ++end;
    if (end == position + 1) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(cp));
      return "'utf-8' codec can't encode character '" + std::string(escaped) + "' in position " +
             std::to_string(position) + ": surrogates not allowed";
    }
    return "'utf-8' codec can't encode characters in position " + std::to_string(position) + "-" +
           std::to_string(end - 1) + ": surrogates not allowed";
  }
  return std::nullopt;
}

}  // namespace ankc::pyerr
