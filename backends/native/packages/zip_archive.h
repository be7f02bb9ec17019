// Reading and writing the zip container of .apkg/.colpkg packages (collection-format.md §10.1) with
// libzip. Errors a package import reports are thrown as ActionError with the texts of Python's
// zipfile/open, which AnkiConnect passes through (api spec §5.1 importPackage).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

struct zip;

namespace ankc::native::packages {

class ZipReader {
 public:
  // Opens path read-only. Throws ActionError: "[Errno 2] No such file or directory: '<path>'",
  // "[Errno 21] Is a directory: '<path>'", "File is not a zip file".
  explicit ZipReader(const std::filesystem::path& path);
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // True when the archive has an entry of exactly that name.
  bool has(std::string_view name) const;
  // The uncompressed bytes of the entry, or nullopt when there is none. Throws ActionError when the
  // entry cannot be decompressed.
  std::optional<std::string> read(std::string_view name) const;

 private:
  zip* archive_ = nullptr;
};

class ZipWriter {
 public:
  // Creates (or truncates) path. Throws ActionError with the OS error text.
  explicit ZipWriter(const std::filesystem::path& path);
  ~ZipWriter();  // discards the archive when close() was not reached
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;

  // Adds an entry with the given bytes, deflated or stored; entries keep the order of the calls.
  void add(std::string_view name, std::string data, bool deflate);
  // Writes the archive. Throws ActionError on failure.
  void close();

 private:
  zip* archive_ = nullptr;
};

// Python's repr() of a path inside an OSError text: '<path>' (double quotes when it holds a ').
std::string python_path_repr(const std::filesystem::path& path);

}  // namespace ankc::native::packages
