// BLAKE3, written from the algorithm's specification (one-shot hashing only).
#include "backends/native/rendering/blake3.h"

namespace ankc::native::rendering {
namespace {

constexpr std::uint32_t kIv[8] = {0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au,
                                  0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u};
constexpr int kPermutation[16] = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};

constexpr std::uint32_t kChunkStart = 1;
constexpr std::uint32_t kChunkEnd = 2;
constexpr std::uint32_t kParent = 4;
constexpr std::uint32_t kRoot = 8;

constexpr std::size_t kBlockLen = 64;
constexpr std::size_t kChunkLen = 1024;

using Words8 = std::array<std::uint32_t, 8>;
using Words16 = std::array<std::uint32_t, 16>;

std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void mix(Words16& s, int a, int b, int c, int d, std::uint32_t mx, std::uint32_t my) {
  s[a] = s[a] + s[b] + mx;
  s[d] = rotr(s[d] ^ s[a], 16);
  s[c] = s[c] + s[d];
  s[b] = rotr(s[b] ^ s[c], 12);
  s[a] = s[a] + s[b] + my;
  s[d] = rotr(s[d] ^ s[a], 8);
  s[c] = s[c] + s[d];
  s[b] = rotr(s[b] ^ s[c], 7);
}

// The compression function: returns the full 16-word state (the first 8 words are the new
// chaining value; all 16 are output bytes for the root).
Words16 compress(const Words8& cv, const Words16& block, std::uint64_t counter,
                 std::uint32_t block_len, std::uint32_t flags) {
  Words16 s = {cv[0], cv[1], cv[2], cv[3], cv[4], cv[5], cv[6], cv[7],
               kIv[0], kIv[1], kIv[2], kIv[3],
               static_cast<std::uint32_t>(counter), static_cast<std::uint32_t>(counter >> 32),
               block_len, flags};
  Words16 m = block;
  for (int round = 0; round < 7; ++round) {
    mix(s, 0, 4, 8, 12, m[0], m[1]);
    mix(s, 1, 5, 9, 13, m[2], m[3]);
    mix(s, 2, 6, 10, 14, m[4], m[5]);
    mix(s, 3, 7, 11, 15, m[6], m[7]);
    mix(s, 0, 5, 10, 15, m[8], m[9]);
    mix(s, 1, 6, 11, 12, m[10], m[11]);
    mix(s, 2, 7, 8, 13, m[12], m[13]);
    mix(s, 3, 4, 9, 14, m[14], m[15]);
    if (round < 6) {
      Words16 permuted;
      for (int i = 0; i < 16; ++i) permuted[i] = m[kPermutation[i]];
      m = permuted;
    }
  }
  for (int i = 0; i < 8; ++i) {
    s[i] ^= s[i + 8];
    s[i + 8] ^= cv[i];
  }
  return s;
}

// Loads up to 64 bytes as little-endian words, zero-padded.
Words16 load_block(const std::uint8_t* p, std::size_t len) {
  std::uint8_t buf[kBlockLen] = {};
  for (std::size_t i = 0; i < len; ++i) buf[i] = p[i];
  Words16 w;
  for (int i = 0; i < 16; ++i) {
    w[i] = std::uint32_t(buf[4 * i]) | (std::uint32_t(buf[4 * i + 1]) << 8) |
           (std::uint32_t(buf[4 * i + 2]) << 16) | (std::uint32_t(buf[4 * i + 3]) << 24);
  }
  return w;
}

Words8 first8(const Words16& s) { return {s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]}; }

// A compression not yet performed: either the last block of a chunk or a parent node. The root
// node is compressed with the ROOT flag (and any output counter), every other node without.
struct PendingNode {
  Words8 cv;
  Words16 block;
  std::uint64_t counter;
  std::uint32_t block_len;
  std::uint32_t flags;

  Words8 chaining_value() const { return first8(compress(cv, block, counter, block_len, flags)); }
};

// All blocks of one chunk but the last are compressed; the last is returned pending.
PendingNode chunk_node(const std::uint8_t* p, std::size_t len, std::uint64_t chunk_index) {
  Words8 cv;
  for (int i = 0; i < 8; ++i) cv[i] = kIv[i];
  std::size_t offset = 0;
  std::uint32_t start_flag = kChunkStart;
  while (len - offset > kBlockLen) {
    cv = first8(compress(cv, load_block(p + offset, kBlockLen), chunk_index, kBlockLen, start_flag));
    start_flag = 0;
    offset += kBlockLen;
  }
  std::size_t last_len = len - offset;
  return PendingNode{cv, load_block(p + offset, last_len), chunk_index,
                     static_cast<std::uint32_t>(last_len), start_flag | kChunkEnd};
}

PendingNode parent_node(const Words8& left, const Words8& right) {
  Words16 block;
  for (int i = 0; i < 8; ++i) {
    block[i] = left[i];
    block[i + 8] = right[i];
  }
  Words8 key;
  for (int i = 0; i < 8; ++i) key[i] = kIv[i];
  return PendingNode{key, block, 0, kBlockLen, kParent};
}

// Hashes the input to the pending root node. Chunks are merged as soon as a subtree is complete
// (the number of chunks so far tells how many merges are due), leaving the rightmost path for
// the final right-to-left merge.
PendingNode root_node(std::string_view data) {
  const auto* p = reinterpret_cast<const std::uint8_t*>(data.data());
  std::size_t len = data.size();
  std::vector<Words8> stack;
  std::uint64_t chunk_index = 0;
  std::size_t offset = 0;
  while (len - offset > kChunkLen) {
    Words8 cv = chunk_node(p + offset, kChunkLen, chunk_index).chaining_value();
    offset += kChunkLen;
    ++chunk_index;
    for (std::uint64_t done = chunk_index; (done & 1) == 0; done >>= 1) {
      cv = parent_node(stack.back(), cv).chaining_value();
      stack.pop_back();
    }
    stack.push_back(cv);
  }
  PendingNode node = chunk_node(p + offset, len - offset, chunk_index);
  while (!stack.empty()) {
    node = parent_node(stack.back(), node.chaining_value());
    stack.pop_back();
  }
  return node;
}

}  // namespace

std::vector<std::uint8_t> blake3_xof(std::string_view data, std::size_t out_len) {
  PendingNode root = root_node(data);
  std::vector<std::uint8_t> out;
  out.reserve(out_len);
  for (std::uint64_t counter = 0; out.size() < out_len; ++counter) {
    Words16 s = compress(root.cv, root.block, counter, root.block_len, root.flags | kRoot);
    for (int i = 0; i < 16 && out.size() < out_len; ++i) {
      for (int b = 0; b < 4 && out.size() < out_len; ++b) {
        out.push_back(static_cast<std::uint8_t>(s[i] >> (8 * b)));
      }
    }
  }
  return out;
}

std::array<std::uint8_t, 32> blake3(std::string_view data) {
  std::vector<std::uint8_t> v = blake3_xof(data, 32);
  std::array<std::uint8_t, 32> out;
  for (int i = 0; i < 32; ++i) out[i] = v[i];
  return out;
}

std::string to_hex(const std::uint8_t* bytes, std::size_t len) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (std::size_t i = 0; i < len; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 15]);
  }
  return out;
}

}  // namespace ankc::native::rendering
