// Readable byte diffs for the replayer's failure lines: where two byte strings first differ, with a
// little context on each side, non-printable bytes escaped so the line stays one line.
#pragma once

#include <string>

namespace ankc::conformance {

// "" when equal; else e.g. `at byte 57: expected …"error": null}… got …"error": "x…`.
std::string describe_difference(const std::string& expected, const std::string& actual, std::size_t context = 40);

// `bytes` with \r \n \t, backslash and non-printable bytes escaped (\xNN); printable UTF-8 kept.
std::string escape_for_line(const std::string& bytes);

}  // namespace ankc::conformance
