// Byte-string helpers the cassette format needs: strict UTF-8 validation, base64 (RFC 4648, padded)
// and a JSON string writer that keeps UTF-8 text readable (only '"', '\\' and control bytes escaped).
#pragma once

#include <optional>
#include <string>

namespace ankc::conformance {

// True when `bytes` is well-formed UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(const std::string& bytes);

// Standard base64 with '=' padding.
std::string base64_encode(const std::string& bytes);
// Decodes standard base64 (padding required); nullopt on any invalid character or length.
std::optional<std::string> base64_decode(const std::string& text);

// `s` with ASCII letters lower-cased (HTTP header names).
std::string ascii_lower(std::string s);

// Appends `utf8` as a quoted JSON string; non-ASCII text stays raw.
void append_json_string(std::string& out, const std::string& utf8);

}  // namespace ankc::conformance
