// Fuzzes the media glob (Python's fnmatch): the input is a pattern and a file name split at the first
// NUL byte, as getMediaFilesNames matches each media file name against the request's pattern.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "backends/native/media/glob.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t split = input.find('\0');
  std::string_view pattern = input.substr(0, split);
  std::string_view name = split == std::string_view::npos ? std::string_view() : input.substr(split + 1);
  ankc::native::media::has_magic(pattern);
  ankc::native::media::fnmatch(name, pattern);
  return 0;
}
