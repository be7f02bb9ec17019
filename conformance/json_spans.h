// A JSON reader that keeps the byte span of every value and key in the text it read, so the replayer can
// swap a volatile value in place without re-serialising (and so without disturbing any other byte).
// It accepts Python's json superset (NaN, Infinity, -Infinity) because AnkiConnect may emit them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::conformance {

struct SpanNode {
  enum class Type { object, array, string, number, literal };
  Type type = Type::literal;
  std::size_t begin = 0, end = 0;  // the value's bytes: text.substr(begin, end - begin)
  // For object members: the key token's span (with its quotes) and its raw text between the quotes.
  std::size_t key_begin = 0, key_end = 0;
  std::string key;
  std::vector<SpanNode> children;  // members (objects) or items (arrays), in text order
};

// Parses one JSON value (surrounding whitespace allowed); nullopt when `text` is not JSON.
std::optional<SpanNode> parse_spans(std::string_view text);

// True when the number token is an integer literal (optional '-', digits only).
bool is_integer_token(std::string_view token);

}  // namespace ankc::conformance
