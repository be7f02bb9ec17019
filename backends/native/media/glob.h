// Python's fnmatch on POSIX (case-sensitive): `*`, `?`, `[seq]`, `[!seq]`, ranges, an unclosed `[`
// taken literally; matching is per code point. getMediaFilesNames filters the folder with it.
#pragma once

#include <string_view>

namespace ankc::native::media {

// fnmatch.fnmatchcase(name, pattern).
bool fnmatch(std::string_view name, std::string_view pattern);
// glob's "has magic": the pattern contains '*', '?' or '['.
bool has_magic(std::string_view pattern);

}  // namespace ankc::native::media
