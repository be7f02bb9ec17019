// Peak memory of a large storeMediaFile request (issue 15 item 7): for a body of N bytes the daemon's
// peak RSS (VmHWM) grows by well under 2.5 N, on both HTTP engines. bench/store_media_rss.sh prints
// the figures for larger bodies. Also checks what freeing the body early must keep: the request log
// line's byte count, the api log's copy of the request, and the stored bytes.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "tests/harness.h"

namespace {

using ankc::test::Daemon;

std::int64_t vm_hwm_bytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  FAIL("no VmHWM in /proc/<pid>/status");
  return 0;
}

std::string base64(const std::string& data) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    std::uint32_t n = (std::uint32_t(std::uint8_t(data[i])) << 16) | (std::uint32_t(std::uint8_t(data[i + 1])) << 8) |
                      std::uint8_t(data[i + 2]);
    for (int shift : {18, 12, 6, 0}) out.push_back(kAlphabet[(n >> shift) & 63]);
  }
  if (i < data.size()) {  // the sizes used here are multiples of 3
    FAIL("unpadded input expected");
  }
  return out;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// ~20 MB of base64 from 15 MiB of random bytes.
std::string random_media() {
  std::string data(15 << 20, '\0');
  std::mt19937_64 rng(15);
  for (size_t i = 0; i + 8 <= data.size(); i += 8) {
    std::uint64_t v = rng();
    std::memcpy(&data[i], &v, 8);
  }
  return data;
}

void check_engine(const std::string& engine, bool api_log) {
  std::string config = "httpEngine: " + engine + "\nlogLevel: info\nmaxRequestBytes: 1073741824\n";
  const std::filesystem::path log_path =
      std::filesystem::temp_directory_path() / ("ankc-memory-test-" + std::to_string(::getpid()) + ".log");
  std::filesystem::remove(log_path);
  if (api_log) config += "apiLogPath: " + log_path.string() + "\n";
  Daemon::Options options;
  options.config = config;
  Daemon d(options);
  REQUIRE(d.post(R"({"action": "deckNames", "version": 6})").body == R"({"result": ["Default"], "error": null})");
  const std::string media = random_media();
  const std::string body =
      R"({"action": "storeMediaFile", "version": 6, "params": {"filename": "big.bin", "data": ")" + base64(media) +
      R"("}})";
  const std::int64_t idle = vm_hwm_bytes(d.pid());
  auto reply = d.post(body);
  const std::int64_t peak = vm_hwm_bytes(d.pid());
  REQUIRE(reply.body == R"({"result": "big.bin", "error": null})");
  const double growth = double(peak - idle) / double(body.size());
  INFO("engine " << engine << ", api log " << api_log << ": body " << body.size() << " bytes, peak RSS growth "
                 << growth << " x the body");
  if (!api_log) CHECK(growth < 2.5);  // was 4.8 before the body was moved and freed early
  CHECK(slurp(d.data_dir() / "collection.media" / "big.bin") == media);
  CHECK(d.log().find("action=storeMediaFile status=200 bytes=" + std::to_string(body.size()) + " ") !=
        std::string::npos);
  if (api_log) {
    CHECK(slurp(log_path).find("[request]\n" + body + "\n\n[reply]\n") != std::string::npos);
    std::filesystem::remove(log_path);
  }
}

}  // namespace

TEST_CASE("a ~20 MB storeMediaFile request grows peak RSS by under 2.5x its body (epoll)") {
  check_engine("epoll", false);
}

TEST_CASE("a ~20 MB storeMediaFile request grows peak RSS by under 2.5x its body (pistache)") {
  check_engine("pistache", false);
}

TEST_CASE("with an api log the body is kept for it") { check_engine("epoll", true); }
