#include "backends/native/storage/unicase.h"

#include <sqlite3.h>

#include <algorithm>

#include "backends/native/storage/unicase_table.h"

namespace ankc::native::storage {
namespace {

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

unsigned char ascii_lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

// Decodes one UTF-8 sequence at s[i], advancing i; malformed input yields U+FFFD.
char32_t next_code_point(std::string_view s, size_t& i) {
  unsigned char c = s[i++];
  if (c < 0x80) return c;
  int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
  if (extra < 0 || c >= 0xF8) return 0xFFFD;
  char32_t cp = c & (0x3F >> extra);
  for (int k = 0; k < extra; ++k) {
    if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  }
  return cp;
}

const CaseFold* find_fold(char32_t cp) {
  const CaseFold* end = kCaseFolds + kCaseFoldCount;
  const CaseFold* it =
      std::lower_bound(kCaseFolds, end, cp, [](const CaseFold& f, char32_t v) { return f.from < v; });
  return (it != end && it->from == cp) ? it : nullptr;
}

// Streams the folded code points of a string, one at a time.
class FoldedStream {
 public:
  explicit FoldedStream(std::string_view s) : s_(s) {}
  // Next folded code point, or false at the end.
  bool next(char32_t& out) {
    if (pending_pos_ < pending_len_) {
      out = pending_[pending_pos_++];
      return true;
    }
    if (i_ >= s_.size()) return false;
    char32_t cp = next_code_point(s_, i_);
    const CaseFold* f = find_fold(cp);
    if (!f) {
      out = cp;
      return true;
    }
    pending_len_ = 0;
    pending_pos_ = 0;
    for (char32_t c : f->to)
      if (c) pending_[pending_len_++] = c;
    out = pending_[pending_pos_++];
    return true;
  }

 private:
  std::string_view s_;
  size_t i_ = 0;
  char32_t pending_[3] = {0, 0, 0};
  int pending_len_ = 0;
  int pending_pos_ = 0;
};

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int collate(void*, int alen, const void* a, int blen, const void* b) {
  return unicase_compare(std::string_view(static_cast<const char*>(a), alen),
                         std::string_view(static_cast<const char*>(b), blen));
}

}  // namespace

int unicase_compare(std::string_view a, std::string_view b) {
  if (is_ascii(a) && is_ascii(b)) {
    size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
      unsigned char x = ascii_lower(a[i]), y = ascii_lower(b[i]);
      if (x != y) return x < y ? -1 : 1;
    }
    return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
  }
  FoldedStream sa(a), sb(b);
  for (;;) {
    char32_t x = 0, y = 0;
    bool hx = sa.next(x), hy = sb.next(y);
    if (!hx || !hy) return hx == hy ? 0 : (hx ? 1 : -1);
    if (x != y) return x < y ? -1 : 1;
  }
}

std::string unicase_fold(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  FoldedStream fs(s);
  char32_t cp;
  while (fs.next(cp)) append_utf8(out, cp);
  return out;
}

void register_unicase(sqlite3* db) {
  sqlite3_create_collation_v2(db, "unicase", SQLITE_UTF8, nullptr, &collate, nullptr);
}

}  // namespace ankc::native::storage
