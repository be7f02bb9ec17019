#include "backends/native/media/base64.h"

#include <array>
#include <cstdint>

#include "backends/action_error.h"

namespace ankc::native::media {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<uint8_t, 256> make_table() {
  std::array<uint8_t, 256> t{};
  for (auto& v : t) v = 0xFF;
  for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<uint8_t>(i);
  return t;
}
constexpr auto kTable = make_table();

}  // namespace

std::string b64decode(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) throw ActionError("string argument should contain only ASCII characters");
  std::string out;
  out.reserve(text.size() / 4 * 3 + 3);
  int quad_pos = 0, pads = 0;
  uint32_t left = 0;
  for (char ch : text) {
    if (ch == '=') {
      if (quad_pos >= 2 && quad_pos + ++pads >= 4) return out;  // a complete pad ends the data
      continue;
    }
    uint8_t v = kTable[static_cast<unsigned char>(ch)];
    if (v == 0xFF) continue;  // non-alphabet characters are skipped
    pads = 0;
    switch (quad_pos) {
      case 0: quad_pos = 1; left = v; break;
      case 1: quad_pos = 2; out.push_back(static_cast<char>((left << 2) | (v >> 4))); left = v & 0x0F; break;
      case 2: quad_pos = 3; out.push_back(static_cast<char>((left << 4) | (v >> 2))); left = v & 0x03; break;
      default: quad_pos = 0; out.push_back(static_cast<char>((left << 6) | v)); left = 0; break;
    }
  }
  if (quad_pos == 1)
    throw ActionError("Invalid base64-encoded string: number of data characters (" +
                      std::to_string(out.size() / 3 * 4 + 1) + ") cannot be 1 more than a multiple of 4");
  if (quad_pos != 0) throw ActionError("Incorrect padding");
  return out;
}

std::string b64encode(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t n = (uint32_t(uint8_t(data[i])) << 16) | (uint32_t(uint8_t(data[i + 1])) << 8) | uint8_t(data[i + 2]);
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(kAlphabet[(n >> 6) & 63]);
    out.push_back(kAlphabet[n & 63]);
  }
  size_t rest = data.size() - i;
  if (rest) {
    uint32_t n = uint32_t(uint8_t(data[i])) << 16;
    if (rest == 2) n |= uint32_t(uint8_t(data[i + 1])) << 8;
    out.push_back(kAlphabet[(n >> 18) & 63]);
    out.push_back(kAlphabet[(n >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace ankc::native::media
