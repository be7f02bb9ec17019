// zstd frames as modern packages hold them (collection-format.md §10.1): the collection, each media
// file and the media index are each one frame. Decoding streams, so frames without a content size are
// read, memory stays bounded by the caller's limit, and a truncated or corrupt frame is an error, never
// a short result. Encoding uses zstd's default level, as Anki does.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace ankc::native::packages {

class ZipReader;

// Feeds compressed bytes in, hands decompressed bytes to a sink; the limit and the error texts name
// `what` (a package member). Throws ActionError:
//   "package member 'X' is not a valid zstd frame: <zstd's reason>",
//   "package member 'X' is truncated (its zstd frame ends early)",
//   "package member 'X' decompresses to more than N bytes",
//   "package member 'X' expands more than 10000-fold: refusing a likely zip bomb".
class ZstdDecoder {
 public:
  using Sink = std::function<void(const char*, size_t)>;
  // max_bytes: most output bytes allowed (0 = unlimited).
  ZstdDecoder(std::string what, int64_t max_bytes, Sink sink);
  ~ZstdDecoder();
  ZstdDecoder(const ZstdDecoder&) = delete;
  ZstdDecoder& operator=(const ZstdDecoder&) = delete;

  void feed(const char* data, size_t size);
  // Checks the frame ended; returns the decompressed size.
  int64_t finish();

 private:
  struct Impl;
  Impl* impl_;
};

// The decoded contents of the zstd-compressed zip member `name` (nullopt-like: throws when missing is
// not allowed; returns false when there is no such member). Counts the output against the reader's
// packageMaxBytes budget.
bool read_zstd_member(const ZipReader& zip, const std::string& name, int64_t max_bytes, std::string& out);
// Streams the zstd-compressed member into a new file at `to`; false when there is no such member.
bool extract_zstd_member(const ZipReader& zip, const std::string& name, const std::filesystem::path& to);

// One zstd frame of data at zstd's default level.
std::string zstd_compress(std::string_view data);
// Compresses the file at from into a new file at to (one frame, streamed; multithreaded when the
// library allows and the file is over 10 MiB, as Anki does). Throws ActionError on an I/O failure.
void zstd_compress_file(const std::filesystem::path& from, const std::filesystem::path& to);

}  // namespace ankc::native::packages
