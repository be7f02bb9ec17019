#include "src/api_log.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace ankc {

ApiLog::ApiLog(const std::filesystem::path& path) : file_(std::fopen(path.c_str(), "ab")) {
  if (!file_) throw std::runtime_error("cannot open apiLogPath " + path.string() + ": " + std::strerror(errno));
}

ApiLog::~ApiLog() { std::fclose(file_); }

void ApiLog::record(std::string_view request_body, std::string_view reply_body) {
  std::lock_guard lock(mutex_);
  std::fputs("[request]\n", file_);
  std::fwrite(request_body.data(), 1, request_body.size(), file_);
  std::fputs("\n\n[reply]\n", file_);
  std::fwrite(reply_body.data(), 1, reply_body.size(), file_);
  std::fputs("\n\n", file_);
  std::fflush(file_);
}

}  // namespace ankc
