// Base64 as AnkiConnect's media actions use it: Python's non-validating base64.b64decode (characters
// outside the alphabet skipped, Python's exact padding error texts) and b64encode.
#pragma once

#include <string>
#include <string_view>

namespace ankc::native::media {

// Python base64.b64decode(text). Throws ActionError("Incorrect padding"), ActionError("Invalid
// base64-encoded string: number of data characters (N) cannot be 1 more than a multiple of 4") or
// ActionError("string argument should contain only ASCII characters").
std::string b64decode(std::string_view text);
// Python base64.b64encode(data).decode(): standard alphabet, padded.
std::string b64encode(std::string_view data);

}  // namespace ankc::native::media
