#include "backends/native/packages/zip_archive.h"

#include <zip.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>
#include <vector>

#include "backends/action_error.h"
#include "compat/pyjson.h"

namespace ankc::native::packages {
namespace fs = std::filesystem;

std::string python_path_repr(const fs::path& path) { return pyjson::repr_str(path.string()); }

ZipReader::ZipReader(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    throw ActionError("[Errno 2] No such file or directory: " + python_path_repr(path));
  if (fs::is_directory(path, ec)) throw ActionError("[Errno 21] Is a directory: " + python_path_repr(path));
  int error = 0;
  archive_ = zip_open(path.c_str(), ZIP_RDONLY, &error);
  if (!archive_) {
    if (error == ZIP_ER_OPEN || error == ZIP_ER_READ)
      throw ActionError("[Errno 13] Permission denied: " + python_path_repr(path));
    throw ActionError("File is not a zip file");
  }
}

ZipReader::~ZipReader() {
  if (archive_) zip_discard(archive_);
}

bool ZipReader::has(std::string_view name) const {
  return zip_name_locate(archive_, std::string(name).c_str(), ZIP_FL_ENC_RAW) >= 0;
}

std::optional<std::string> ZipReader::read(std::string_view name) const {
  std::string n(name);
  zip_int64_t index = zip_name_locate(archive_, n.c_str(), ZIP_FL_ENC_RAW);
  if (index < 0) return std::nullopt;
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive_, index, 0, &st) != 0) throw ActionError("Bad CRC-32 for file " + pyjson::repr_str(n));
  zip_file_t* f = zip_fopen_index(archive_, index, 0);
  if (!f) throw ActionError("Bad CRC-32 for file " + pyjson::repr_str(n));
  std::string out;
  out.resize(static_cast<size_t>(st.size));
  zip_int64_t got = st.size ? zip_fread(f, out.data(), st.size) : 0;
  zip_fclose(f);
  if (got != static_cast<zip_int64_t>(st.size)) throw ActionError("Bad CRC-32 for file " + pyjson::repr_str(n));
  return out;
}

ZipWriter::ZipWriter(const fs::path& path) {
  int error = 0;
  archive_ = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!archive_) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, error);
    int sys = zip_error_code_system(&ze);
    zip_error_fini(&ze);
    if (sys == 0) sys = EIO;
    throw ActionError("[Errno " + std::to_string(sys) + "] " + std::strerror(sys) + ": " + python_path_repr(path));
  }
}

ZipWriter::~ZipWriter() {
  if (archive_) zip_discard(archive_);
}

void ZipWriter::add(std::string_view name, std::string data, bool deflate) {
  // libzip reads the source at close(); it takes ownership of a malloc'd copy (freep = 1). An empty
  // member gets no buffer: libzip keeps none for a zero length, so it would never free one.
  void* buffer = nullptr;
  if (!data.empty()) {
    buffer = std::malloc(data.size());
    std::memcpy(buffer, data.data(), data.size());
  }
  zip_source_t* src = zip_source_buffer(archive_, buffer, data.size(), buffer != nullptr);
  if (!src) {
    std::free(buffer);
    throw ActionError("could not add " + std::string(name) + " to the package");
  }
  zip_int64_t index = zip_file_add(archive_, std::string(name).c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
  if (index < 0) {
    zip_source_free(src);
    throw ActionError("could not add " + std::string(name) + " to the package");
  }
  zip_set_file_compression(archive_, static_cast<zip_uint64_t>(index), deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
}

void ZipWriter::close() {
  if (zip_close(archive_) != 0) {
    std::string text = zip_strerror(archive_);
    zip_discard(archive_);
    archive_ = nullptr;
    throw ActionError(text);
  }
  archive_ = nullptr;
}

}  // namespace ankc::native::packages
