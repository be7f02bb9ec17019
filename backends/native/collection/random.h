// The injectable random source: field/template ids, guids and scheduling fuzz are random, and tests
// need them deterministic.
#pragma once

#include <cstdint>
#include <random>

namespace ankc::native {

class Random {
 public:
  virtual ~Random() = default;
  // A uniformly distributed 64-bit value.
  virtual uint64_t next_u64() = 0;
};

// std::mt19937_64 seeded with a fixed value (tests) or from std::random_device (make_system()).
class SeededRandom final : public Random {
 public:
  explicit SeededRandom(uint64_t seed) : engine_(seed) {}
  // Seeded from std::random_device.
  static SeededRandom make_system() { return SeededRandom((uint64_t(std::random_device{}()) << 32) ^ std::random_device{}()); }
  uint64_t next_u64() override { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace ankc::native
