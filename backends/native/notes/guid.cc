#include "backends/native/notes/guid.h"

#include <algorithm>

#include "backends/native/collection/random.h"

namespace ankc::native {

std::string base91(uint64_t n) {
  static constexpr char kDigits[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&()*+,-./:;<=>?@[]^_`{|}~";
  std::string out;
  while (n > 0) {
    out.push_back(kDigits[n % 91]);
    n /= 91;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::string new_guid(Random& random) {
  uint64_t n = random.next_u64();
  if (n == 0) n = 1;  // an empty guid would be invalid
  return base91(n);
}

}  // namespace ankc::native
