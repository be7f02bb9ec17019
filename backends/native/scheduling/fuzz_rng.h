// Anki's scheduling randomness (scheduling.md §4): a fresh generator per answer, seeded with
// card id + reps, reproducing rand 0.9's StdRng (ChaCha12 keyed by a PCG32 expansion of the u64
// seed). Fuzz is therefore deterministic per card and answer, exactly as in Anki.
#pragma once

#include <array>
#include <cstdint>

#include "backends/native/storage/ids.h"

namespace ankc::native {

// rand's StdRng::seed_from_u64: the stream of 32-bit words of ChaCha12.
class SchedRng {
 public:
  explicit SchedRng(uint64_t seed);
  // Builds the generator from a 32-byte key directly (test vectors).
  explicit SchedRng(const std::array<uint8_t, 32>& key);
  uint32_t next_u32();
  // Low word first, as rand's next_u64.
  uint64_t next_u64();

  // The PCG32 expansion of a u64 seed into the 32-byte key.
  static std::array<uint8_t, 32> expand_seed(uint64_t seed);

 private:
  void refill();
  std::array<uint32_t, 8> key_{};
  uint64_t counter_ = 0;
  std::array<uint32_t, 16> block_{};
  int index_ = 16;
};

// The fuzz seed of a card before an answer: id + reps (wrapping).
inline uint64_t fuzz_seed(CardId id, int32_t reps) {
  return static_cast<uint64_t>(id.v) + static_cast<uint64_t>(static_cast<int64_t>(reps));
}

// The review fuzz factor in [0, 1) (§4.3).
float fuzz_factor(uint64_t seed);

// A learning delay with up to 25% (at most 5 minutes) added (§4.5).
uint32_t with_learning_fuzz(uint64_t seed, uint32_t secs);

}  // namespace ankc::native
