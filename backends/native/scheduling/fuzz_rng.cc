#include "backends/native/scheduling/fuzz_rng.h"

#include <algorithm>
#include <cmath>

namespace ankc::native {
namespace {

uint32_t rotl(uint32_t v, int n) { return (v << n) | (v >> (32 - n)); }
uint32_t rotr(uint32_t v, uint32_t n) { return n == 0 ? v : (v >> n) | (v << (32 - n)); }

void quarter_round(uint32_t& a, uint32_t& b, uint32_t& c, uint32_t& d) {
  a += b; d ^= a; d = rotl(d, 16);
  c += d; b ^= c; b = rotl(b, 12);
  a += b; d ^= a; d = rotl(d, 8);
  c += d; b ^= c; b = rotl(b, 7);
}

uint32_t load_le(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

}  // namespace

std::array<uint8_t, 32> SchedRng::expand_seed(uint64_t seed) {
  constexpr uint64_t kMul = 6364136223846793005ULL;
  constexpr uint64_t kInc = 11634580027462260723ULL;
  std::array<uint8_t, 32> out{};
  uint64_t state = seed;
  for (int chunk = 0; chunk < 8; ++chunk) {
    state = state * kMul + kInc;
    const uint32_t xorshifted = static_cast<uint32_t>(((state >> 18) ^ state) >> 27);
    const uint32_t word = rotr(xorshifted, static_cast<uint32_t>(state >> 59));
    for (int b = 0; b < 4; ++b) out[chunk * 4 + b] = static_cast<uint8_t>(word >> (8 * b));
  }
  return out;
}

SchedRng::SchedRng(uint64_t seed) : SchedRng(expand_seed(seed)) {}

SchedRng::SchedRng(const std::array<uint8_t, 32>& key) {
  for (int i = 0; i < 8; ++i) key_[i] = load_le(&key[i * 4]);
}

void SchedRng::refill() {
  const std::array<uint32_t, 16> input = {0x61707865, 0x3320646e, 0x79622d32, 0x6b206574,
                                          key_[0], key_[1], key_[2], key_[3],
                                          key_[4], key_[5], key_[6], key_[7],
                                          static_cast<uint32_t>(counter_), static_cast<uint32_t>(counter_ >> 32), 0, 0};
  std::array<uint32_t, 16> x = input;
  for (int round = 0; round < 6; ++round) {  // 12 rounds = 6 double rounds
    quarter_round(x[0], x[4], x[8], x[12]);
    quarter_round(x[1], x[5], x[9], x[13]);
    quarter_round(x[2], x[6], x[10], x[14]);
    quarter_round(x[3], x[7], x[11], x[15]);
    quarter_round(x[0], x[5], x[10], x[15]);
    quarter_round(x[1], x[6], x[11], x[12]);
    quarter_round(x[2], x[7], x[8], x[13]);
    quarter_round(x[3], x[4], x[9], x[14]);
  }
  for (int i = 0; i < 16; ++i) block_[i] = x[i] + input[i];
  ++counter_;
  index_ = 0;
}

uint32_t SchedRng::next_u32() {
  if (index_ >= 16) refill();
  return block_[index_++];
}

uint64_t SchedRng::next_u64() {
  const uint64_t lo = next_u32();
  const uint64_t hi = next_u32();
  return lo | (hi << 32);
}

float fuzz_factor(uint64_t seed) {
  SchedRng rng(seed);
  return static_cast<float>(rng.next_u32() >> 9) / 8388608.0f;  // 2^23
}

uint32_t with_learning_fuzz(uint64_t seed, uint32_t secs) {
  const uint32_t extra = static_cast<uint32_t>(std::floor(std::min(static_cast<float>(secs) * 0.25f, 300.0f)));
  const uint32_t upper = secs + extra;
  if (upper <= secs) return secs;
  // rand's single-sample uniform u32 in [secs, upper) (widening multiply, one extra word when biased).
  const uint32_t range = upper - secs;
  SchedRng rng(seed);
  const uint64_t p = uint64_t{rng.next_u32()} * range;
  uint32_t hi = static_cast<uint32_t>(p >> 32);
  const uint32_t lo = static_cast<uint32_t>(p);
  if (lo > 0u - range) {
    const uint32_t carry_in = static_cast<uint32_t>((uint64_t{rng.next_u32()} * range) >> 32);
    if (static_cast<uint32_t>(lo + carry_in) < lo) ++hi;
  }
  return secs + hi;
}

}  // namespace ankc::native
