#include "backends/native/media/filename.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

#include "backends/native/decks/nfc.h"
#include "compat/pyjson.h"

namespace ankc::native::media {
namespace {

struct Range { char32_t first, last; };
constexpr Range kAssigned[] = {
#include "backends/native/media/unicode10_assigned.inc"
};

bool assigned_in_unicode10(char32_t cp) {
  auto it = std::upper_bound(std::begin(kAssigned), std::end(kAssigned), cp,
                             [](char32_t c, const Range& r) { return c < r.first; });
  if (it == std::begin(kAssigned)) return false;
  --it;
  return cp <= it->last;
}

bool disallowed(char32_t cp) {
  switch (cp) {
    case '[': case ']': case '<': case '>': case ':': case '"': case '/': case '?': case '*':
    case '^': case '\\': case '|':
      return true;
    default:
      break;
  }
  if (cp < 0x20 || cp == 0x7f) return true;
  return !assigned_in_unicode10(cp);
}

// Cuts s to at most max bytes without splitting a UTF-8 sequence.
std::string_view cut_at_char_boundary(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  while (max > 0 && (static_cast<unsigned char>(s[max]) & 0xC0) == 0x80) --max;
  return s.substr(0, max);
}

// Splits at the last '.' (no '.' → whole name is the stem) and cuts the extension to 10 bytes and the
// stem to max_bytes - len(ext) - 2.
std::pair<std::string_view, std::string_view> split_and_cut(std::string_view name, size_t max_bytes) {
  std::string_view stem = name, ext;
  size_t dot = name.rfind('.');
  if (dot != std::string_view::npos) {
    stem = name.substr(0, dot);
    ext = name.substr(dot + 1);
  }
  ext = cut_at_char_boundary(ext, 10);
  stem = cut_at_char_boundary(stem, max_bytes - ext.size() - 2);
  return {stem, ext};
}

bool ends_with_space_or_dot(const std::string& s) { return !s.empty() && (s.back() == ' ' || s.back() == '.'); }

bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// Length of a leading Windows device name followed by '.' or the end, else 0.
size_t device_name_length(std::string_view s) {
  for (std::string_view dev : {"CON", "PRN", "AUX", "NUL"})
    if (s.size() >= 3 && iequals_ascii(s.substr(0, 3), dev) && (s.size() == 3 || s[3] == '.')) return 3;
  for (std::string_view dev : {"COM", "LPT"})
    if (s.size() >= 4 && iequals_ascii(s.substr(0, 3), dev) && s[3] >= '1' && s[3] <= '9' &&
        (s.size() == 4 || s[4] == '.'))
      return 4;
  return 0;
}

}  // namespace

std::string normalize_filename(std::string_view name) {
  std::string nfc = to_nfc(name);
  std::string out;
  out.reserve(nfc.size());
  for (size_t i = 0; i < nfc.size();) {
    size_t start = i;
    char32_t cp = pyjson::next_code_point(nfc, i);
    if (cp == 0xFFFD && !(i - start == 3)) continue;  // invalid byte: drop
    if (disallowed(cp)) continue;
    if (cp == 0xA0) {
      out.push_back(' ');
      continue;
    }
    out.append(nfc, start, i - start);
  }
  if (size_t n = device_name_length(out)) out.insert(n, "_");
  if (ends_with_space_or_dot(out)) out.push_back('_');
  if (out.size() > kMaxFilenameBytes) {
    auto [stem, ext] = split_and_cut(out, kMaxFilenameBytes);
    std::string cut(stem);
    if (!ext.empty() || out.rfind('.') != std::string::npos) {
      if (!ext.empty()) {
        cut.push_back('.');
        cut.append(ext);
      }
    }
    if (ends_with_space_or_dot(cut)) cut.push_back('_');
    out = std::move(cut);
  }
  return out;
}

bool is_normalized(std::string_view name) { return normalize_filename(name) == name; }

std::string hash_suffixed_name(std::string_view normalized_name, std::string_view sha1_hex) {
  auto [stem, ext] = split_and_cut(normalized_name, kMaxFilenameBytes - 40 - 1);
  std::string out(stem);
  out.push_back('-');
  out.append(sha1_hex);
  out.push_back('.');
  out.append(ext);
  return out;
}

bool is_safe_component(std::string_view name) {
  if (name.empty() || name == "." || name == "..") return false;
  return name.find_first_of(std::string_view("/\\\0", 3)) == std::string_view::npos;
}

std::string_view basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace ankc::native::media
