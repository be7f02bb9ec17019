// apiLogPath: a file that receives every request body and reply body, as AnkiConnect's api log does.
// AnkiConnect writes "[request]" / "[reply]" sections with the parsed JSON pretty-printed; we append
// the raw bytes under the same section names (the bytes are what parity is about).
#pragma once

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <string_view>

namespace ankc {

class ApiLog {
 public:
  // Opens `path` for appending; throws std::runtime_error naming the path and cause.
  explicit ApiLog(const std::filesystem::path& path);
  ~ApiLog();
  ApiLog(const ApiLog&) = delete;
  ApiLog& operator=(const ApiLog&) = delete;

  // Appends one exchange and flushes. Thread-safe.
  void record(std::string_view request_body, std::string_view reply_body);

 private:
  std::FILE* file_;
  std::mutex mutex_;
};

}  // namespace ankc
