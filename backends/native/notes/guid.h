// Note guids as Anki makes them (collection-format.md §8.2): a random 64-bit number in base 91.
#pragma once

#include <cstdint>
#include <string>

namespace ankc::native {

class Random;

// n in Anki's base-91 alphabet, most significant digit first (0 → "").
std::string base91(uint64_t n);
// A new guid from the random source.
std::string new_guid(Random& random);

}  // namespace ankc::native
