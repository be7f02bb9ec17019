#include "backends/native/packages/zip_archive.h"

#include <zip.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <system_error>
#include <vector>

#include "backends/action_error.h"
#include "compat/pyjson.h"

namespace ankc::native::packages {
namespace fs = std::filesystem;

std::string python_path_repr(const fs::path& path) { return pyjson::repr_str(path.string()); }

ZipReader::ZipReader(const fs::path& path, int64_t max_total) : max_total_(max_total) {
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

std::unique_ptr<ZipReader> ZipReader::from_bytes(std::string bytes, int64_t max_total) {
  std::unique_ptr<ZipReader> reader(new ZipReader());
  reader->max_total_ = max_total;
  reader->bytes_ = std::move(bytes);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_buffer_create(reader->bytes_.data(), reader->bytes_.size(), 0, &error);
  if (src) {
    reader->archive_ = zip_open_from_source(src, ZIP_RDONLY, &error);
    if (!reader->archive_) zip_source_free(src);
  }
  zip_error_fini(&error);
  if (!reader->archive_) throw ActionError("File is not a zip file");
  return reader;
}

ZipReader::~ZipReader() {
  if (archive_) zip_discard(archive_);
}

bool ZipReader::has(std::string_view name) const {
  return zip_name_locate(archive_, std::string(name).c_str(), ZIP_FL_ENC_RAW) >= 0;
}

template <class Sink>
bool ZipReader::stream(std::string_view name, int64_t max_bytes, Sink&& sink) const {
  std::string n(name);
  zip_int64_t index = zip_name_locate(archive_, n.c_str(), ZIP_FL_ENC_RAW);
  if (index < 0) return false;
  zip_file_t* f = zip_fopen_index(archive_, index, 0);
  if (!f) throw ActionError("Bad CRC-32 for file " + pyjson::repr_str(n));
  struct Closer {
    zip_file_t* f;
    ~Closer() { zip_fclose(f); }
  } closer{f};
  std::vector<char> chunk(1 << 16);
  int64_t entry_bytes = 0;
  for (;;) {
    zip_int64_t got = zip_fread(f, chunk.data(), chunk.size());
    if (got < 0) throw ActionError("Bad CRC-32 for file " + pyjson::repr_str(n));  // also a short entry
    if (got == 0) break;
    entry_bytes += got;
    total_read_ += got;
    if (max_bytes > 0 && entry_bytes > max_bytes)
      throw ActionError("package member " + pyjson::repr_str(n) + " is larger than the allowed " +
                        std::to_string(max_bytes) + " bytes");
    if (max_total_ > 0 && total_read_ > max_total_)
      throw ActionError("package decompresses to more than the allowed " + std::to_string(max_total_) +
                        " bytes (packageMaxBytes)");
    sink(chunk.data(), static_cast<size_t>(got));
  }
  return true;
}

std::optional<std::string> ZipReader::read(std::string_view name, int64_t max_bytes) const {
  std::string out;
  if (!stream(name, max_bytes, [&](const char* data, size_t size) { out.append(data, size); })) return std::nullopt;
  return out;
}

bool ZipReader::extract(std::string_view name, const fs::path& to) const {
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  if (!out) throw ActionError("could not extract " + std::string(name) + " from the package");
  if (!stream(name, 0, [&](const char* data, size_t size) { out.write(data, static_cast<std::streamsize>(size)); }))
    return false;
  out.close();
  if (!out) throw ActionError("could not extract " + std::string(name) + " from the package");
  return true;
}

bool ZipReader::for_each_chunk(std::string_view name, const std::function<void(const char*, size_t)>& sink) const {
  return stream(name, 0, sink);
}

void ZipReader::charge(int64_t bytes) const {
  total_read_ += bytes;
  if (max_total_ > 0 && total_read_ > max_total_)
    throw ActionError("package decompresses to more than the allowed " + std::to_string(max_total_) +
                      " bytes (packageMaxBytes)");
}

std::vector<std::string> ZipReader::names() const {
  std::vector<std::string> out;
  zip_int64_t n = zip_get_num_entries(archive_, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(archive_, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_RAW);
    if (name) out.emplace_back(name);
  }
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

ZipWriter::ZipWriter() {
  zip_error_t error;
  zip_error_init(&error);
  memory_ = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (memory_) {
    archive_ = zip_open_from_source(memory_, ZIP_TRUNCATE, &error);
    if (archive_) {
      zip_source_keep(memory_);  // the archive's close frees its reference; ours keeps the bytes
    } else {
      zip_source_free(memory_);
      memory_ = nullptr;
    }
  }
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  if (!archive_) throw ActionError("could not create an archive in memory: " + text);
}

ZipWriter::~ZipWriter() {
  if (archive_) zip_discard(archive_);
  if (memory_) zip_source_free(memory_);
}

void ZipWriter::add(std::string_view name, std::string data, bool deflate) {
  // libzip reads the source at close(); it takes ownership of a malloc'd copy (freep = 1). An empty
  // entry gets no buffer: libzip never frees a zero-length one.
  void* buffer = nullptr;
  if (!data.empty()) {
    buffer = std::malloc(data.size());
    if (!buffer) throw ActionError("could not add " + std::string(name) + " to the package");
    std::memcpy(buffer, data.data(), data.size());
  }
  zip_source_t* src = zip_source_buffer(archive_, buffer, data.size(), buffer ? 1 : 0);
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

void ZipWriter::add_file(std::string_view name, const fs::path& path, bool deflate) {
  zip_source_t* src = zip_source_file(archive_, path.c_str(), 0, -1);
  if (!src) throw ActionError("could not add " + std::string(name) + " to the package");
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

std::string ZipWriter::close_to_bytes() {
  if (!memory_) throw ActionError("close_to_bytes() on an archive written to a file");
  close();
  std::string out;
  zip_stat_t st;
  bool ok = zip_source_open(memory_) == 0;
  if (ok) {
    ok = zip_source_stat(memory_, &st) == 0 && (st.valid & ZIP_STAT_SIZE);
    if (ok) {
      out.resize(static_cast<size_t>(st.size));
      size_t done = 0;
      while (ok && done < out.size()) {
        zip_int64_t got = zip_source_read(memory_, out.data() + done, out.size() - done);
        ok = got > 0;
        if (ok) done += static_cast<size_t>(got);
      }
    }
    zip_source_close(memory_);
  }
  zip_source_free(memory_);
  memory_ = nullptr;
  if (!ok) throw ActionError("could not read back the archive written in memory");
  return out;
}

}  // namespace ankc::native::packages
