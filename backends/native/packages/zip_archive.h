// Reading and writing the zip container of .apkg/.colpkg packages (collection-format.md §10.1) with
// libzip. Errors a package import reports are thrown as ActionError with the texts of Python's
// zipfile/open, which AnkiConnect passes through (api spec §5.1 importPackage).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct zip;
struct zip_source;

namespace ankc::native::packages {

class ZipReader {
 public:
  // Opens path read-only. Throws ActionError: "[Errno 2] No such file or directory: '<path>'",
  // "[Errno 21] Is a directory: '<path>'", "File is not a zip file". max_total caps the bytes all
  // reads together may decompress (0 = unlimited).
  explicit ZipReader(const std::filesystem::path& path, int64_t max_total = 0);
  // The same over an archive held in memory (copied into the reader). Throws ActionError
  // "File is not a zip file" when the bytes are not a zip.
  static std::unique_ptr<ZipReader> from_bytes(std::string bytes, int64_t max_total = 0);
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // True when the archive has an entry of exactly that name.
  bool has(std::string_view name) const;
  // The uncompressed bytes of the entry, or nullopt when there is none. Throws ActionError when the
  // entry cannot be decompressed, or when it decompresses to more than max_bytes (0 = unlimited) or
  // past the reader's max_total. Sizes are counted as the bytes come out, never taken from the
  // archive's declared sizes, so a crafted header cannot make memory grow beyond the real data.
  std::optional<std::string> read(std::string_view name, int64_t max_bytes = 0) const;
  // Streams the entry into a new file at `to` (counted against max_total); false when there is no
  // such entry. Throws ActionError as read() does, or when the file cannot be written.
  bool extract(std::string_view name, const std::filesystem::path& to) const;
  // Hands the entry's bytes to sink chunk by chunk (counted against max_total); false when there is
  // no such entry. Throws as read() does.
  bool for_each_chunk(std::string_view name, const std::function<void(const char*, size_t)>& sink) const;
  // Counts bytes decoded from an entry's contents (a zstd frame inside a member) against max_total,
  // so a package's total stays bounded however its members are compressed. Throws ActionError past it.
  void charge(int64_t bytes) const;
  // The names of every entry, in archive order.
  std::vector<std::string> names() const;

 private:
  // Reads the entry chunk by chunk into sink(data, size); false when there is none.
  template <class Sink>
  bool stream(std::string_view name, int64_t max_bytes, Sink&& sink) const;
  ZipReader() = default;

  std::string bytes_;  // the archive, for a reader made by from_bytes
  zip* archive_ = nullptr;
  int64_t max_total_ = 0;
  mutable int64_t total_read_ = 0;  // bytes decompressed by all reads so far
};

class ZipWriter {
 public:
  // Creates (or truncates) path. Throws ActionError with the OS error text.
  explicit ZipWriter(const std::filesystem::path& path);
  // An archive built in memory: finish it with close_to_bytes(), not close().
  ZipWriter();
  ~ZipWriter();  // discards the archive when close() was not reached
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // Adds an entry with the given bytes, deflated or stored; entries keep the order of the calls.
  void add(std::string_view name, std::string data, bool deflate);
  // Adds an entry read from the file at path when close() runs (streamed, never held in memory).
  void add_file(std::string_view name, const std::filesystem::path& path, bool deflate);
  // Writes the archive. Throws ActionError on failure.
  void close();
  // For an in-memory writer: writes the archive and returns its bytes. Throws ActionError on failure.
  std::string close_to_bytes();

 private:
  zip* archive_ = nullptr;
  zip_source* memory_ = nullptr;  // the in-memory archive's buffer (kept alive past zip_close)
};

// Python's repr() of a path inside an OSError text: '<path>' (double quotes when it holds a ').
std::string python_path_repr(const std::filesystem::path& path);

}  // namespace ankc::native::packages
