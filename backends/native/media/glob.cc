#include "backends/native/media/glob.h"

#include <vector>

#include "compat/pyjson.h"

namespace ankc::native::media {
namespace {

std::u32string decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) out.push_back(pyjson::next_code_point(s, i));
  return out;
}

// Matches a `[...]` class starting at p[i] == '['. Returns false in `valid` when the class is unclosed
// (then '[' is a literal). On success sets `next` past the closing ']'.
bool match_class(const std::u32string& p, size_t i, char32_t c, bool& valid, size_t& next) {
  size_t j = i + 1;
  bool negate = false;
  if (j < p.size() && p[j] == '!') negate = true, ++j;
  size_t first = j;
  if (j < p.size() && p[j] == ']') ++j;  // a leading ']' is literal
  while (j < p.size() && p[j] != ']') ++j;
  if (j >= p.size()) {
    valid = false;
    return false;
  }
  valid = true;
  next = j + 1;
  bool hit = false;
  for (size_t k = first; k < j; ++k) {
    if (k + 2 < j && p[k + 1] == '-') {
      if (p[k] <= c && c <= p[k + 2]) hit = true;
      k += 2;
    } else if (p[k] == c) {
      hit = true;
    }
  }
  return hit != negate;
}

bool match_from(const std::u32string& n, size_t ni, const std::u32string& p, size_t pi) {
  while (pi < p.size()) {
    char32_t pc = p[pi];
    if (pc == '*') {
      while (pi < p.size() && p[pi] == '*') ++pi;
      if (pi == p.size()) return true;
      for (size_t k = ni; k <= n.size(); ++k)
        if (match_from(n, k, p, pi)) return true;
      return false;
    }
    if (ni >= n.size()) return false;
    if (pc == '?') {
      ++ni, ++pi;
      continue;
    }
    if (pc == '[') {
      bool valid = false;
      size_t next = 0;
      bool hit = match_class(p, pi, n[ni], valid, next);
      if (valid) {
        if (!hit) return false;
        ++ni, pi = next;
        continue;
      }
    }
    if (n[ni] != pc) return false;
    ++ni, ++pi;
  }
  return ni == n.size();
}

}  // namespace

bool fnmatch(std::string_view name, std::string_view pattern) {
  return match_from(decode(name), 0, decode(pattern), 0);
}

bool has_magic(std::string_view pattern) { return pattern.find_first_of("*?[") != std::string_view::npos; }

}  // namespace ankc::native::media
