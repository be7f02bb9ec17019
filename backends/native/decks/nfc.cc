#include "backends/native/decks/nfc.h"

#include <utf8proc.h>

#include <cstdlib>

namespace ankc::native {

std::string to_nfc(std::string_view utf8) {
  // Pure ASCII is always NFC; skip the allocation for the common case.
  bool ascii = true;
  for (unsigned char c : utf8) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return std::string(utf8);
  utf8proc_uint8_t* out = nullptr;
  // An explicit length (no NULLTERM flag) keeps embedded NULs, which later steps strip as controls.
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                    static_cast<utf8proc_ssize_t>(utf8.size()), &out,
                                    static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
  if (n < 0) return std::string(utf8);
  std::string result(reinterpret_cast<const char*>(out), static_cast<std::size_t>(n));
  std::free(out);
  return result;
}

bool is_nfc(std::string_view utf8) { return to_nfc(utf8) == utf8; }

}  // namespace ankc::native
