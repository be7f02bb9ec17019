#include "conformance/byte_diff.h"

#include <algorithm>

namespace ankc::conformance {

std::string escape_for_line(const std::string& bytes) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\r') out += "\\r";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\\') out += "\\\\";
    else if (c < 0x20 || c == 0x7F) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

std::string describe_difference(const std::string& expected, const std::string& actual, std::size_t context) {
  if (expected == actual) return "";
  std::size_t n = std::min(expected.size(), actual.size());
  std::size_t at = 0;
  while (at < n && expected[at] == actual[at]) ++at;
  std::size_t from = at > context ? at - context : 0;
  auto window = [&](const std::string& s) {
    if (from >= s.size()) return std::string(from > 0 ? "…" : "") + "<end>";
    std::string piece = escape_for_line(s.substr(from, at - from + context));
    if (at >= s.size()) piece += "<end>";
    return (from > 0 ? "…" : "") + piece + (from + (at - from + context) < s.size() ? "…" : "");
  };
  return "at byte " + std::to_string(at) + " (expected " + std::to_string(expected.size()) + " bytes, got " +
         std::to_string(actual.size()) + "): expected " + window(expected) + " | got " + window(actual);
}

}  // namespace ankc::conformance
