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

// One pattern element. A `[...]` class keeps the span of its members in the decoded pattern.
struct Token {
  enum Kind { kStar, kAny, kClass, kLiteral } kind;
  char32_t literal = 0;
  size_t first = 0, end = 0;  // class members are p[first, end)
  bool negate = false;
};

// Splits the pattern as fnmatch.translate reads it: runs of '*' become one star; a '[' without a
// closing ']' is a literal '[' and the characters after it are read as pattern again.
std::vector<Token> tokenize(const std::u32string& p) {
  std::vector<Token> out;
  for (size_t i = 0; i < p.size();) {
    char32_t pc = p[i];
    if (pc == '*') {
      if (out.empty() || out.back().kind != Token::kStar) out.push_back({Token::kStar});
      ++i;
    } else if (pc == '?') {
      out.push_back({Token::kAny});
      ++i;
    } else if (pc == '[') {
      size_t j = i + 1;
      bool negate = false;
      if (j < p.size() && p[j] == '!') negate = true, ++j;
      size_t first = j;
      if (j < p.size() && p[j] == ']') ++j;  // a leading ']' is literal
      while (j < p.size() && p[j] != ']') ++j;
      if (j >= p.size()) {
        out.push_back({Token::kLiteral, '['});
        ++i;
      } else {
        out.push_back({Token::kClass, 0, first, j, negate});
        i = j + 1;
      }
    } else {
      out.push_back({Token::kLiteral, pc});
      ++i;
    }
  }
  return out;
}

bool class_hit(const std::u32string& p, const Token& t, char32_t c) {
  bool hit = false;
  for (size_t k = t.first; k < t.end; ++k) {
    if (k + 2 < t.end && p[k + 1] == '-') {
      if (p[k] <= c && c <= p[k + 2]) hit = true;
      k += 2;
    } else if (p[k] == c) {
      hit = true;
    }
  }
  return hit != t.negate;
}

bool single_hit(const std::u32string& p, const Token& t, char32_t c) {
  switch (t.kind) {
    case Token::kAny: return true;
    case Token::kClass: return class_hit(p, t, c);
    case Token::kLiteral: return t.literal == c;
    case Token::kStar: break;
  }
  return false;
}

// Every element but '*' consumes exactly one character, so only the latest star ever needs to take one
// more character on a mismatch: earlier stars can never help (the classic wildcard argument). That
// keeps a pattern of many '*' against a long name at O(n·m) instead of exponential backtracking,
// which held the collection for as long as it ran.
bool match(const std::u32string& n, const std::u32string& p) {
  std::vector<Token> t = tokenize(p);
  constexpr size_t kNone = static_cast<size_t>(-1);
  size_t ni = 0, ti = 0, star_t = kNone, star_n = 0;
  while (ni < n.size()) {
    if (ti < t.size() && t[ti].kind == Token::kStar) {
      star_t = ti++;
      star_n = ni;
    } else if (ti < t.size() && single_hit(p, t[ti], n[ni])) {
      ++ni, ++ti;
    } else if (star_t != kNone) {
      ti = star_t + 1;
      ni = ++star_n;
    } else {
      return false;
    }
  }
  while (ti < t.size() && t[ti].kind == Token::kStar) ++ti;
  return ti == t.size();
}

}  // namespace

bool fnmatch(std::string_view name, std::string_view pattern) {
  return match(decode(name), decode(pattern));
}

bool has_magic(std::string_view pattern) { return pattern.find_first_of("*?[") != std::string_view::npos; }

}  // namespace ankc::native::media
