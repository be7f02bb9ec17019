// The Unicode 12 full case-folding table behind the unicase collation (generated; see
// gen_unicase_table.py). Sorted by code point; each maps to 1-3 code points (0-padded).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ankc::native::storage {

struct CaseFold {
  char32_t from;
  char32_t to[3];
};

extern const CaseFold kCaseFolds[];
extern const size_t kCaseFoldCount;

}  // namespace ankc::native::storage
