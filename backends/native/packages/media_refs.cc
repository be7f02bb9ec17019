#include "backends/native/packages/media_refs.h"

#include <re2/re2.h>

#include <cctype>

namespace ankc::native::packages {
namespace {

// RE2, not std::regex: fields are user data, and libstdc++'s recursive matcher overflows the stack on a
// long unterminated reference (a stored note then crashed every export and import touching it). RE2
// has no backreference or lookahead, so the quoted form spells out each quote (the name is in group 1
// or 2) and the unquoted form requires a first character that is not a quote; with RE2's leftmost-first
// (Perl) preference the matches and names are the ones Anki's Python patterns give. Latin-1 mode
// matches byte by byte, as the previous std::regex did.
struct Pattern {
  const RE2* re;
  bool quoted;
};

const RE2* compile(const char* pattern) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);
  options.set_case_sensitive(false);
  options.set_dot_nl(true);
  options.set_log_errors(false);
  return new RE2(pattern, options);
}

const std::vector<Pattern>& patterns() {
  // Never destroyed (the RE2s it points to are not either): LeakSanitizer then sees them reachable at exit.
  static const std::vector<Pattern>& all = *new std::vector<Pattern>{
      {compile(R"re(\[sound:([^\]]+)\])re"), false},
      {compile(R"re(<(?:img|audio)\b[^>]* src=(?:"([^>]+?)"|'([^>]+?)')[^>]*>)re"), true},
      {compile(R"re(<(?:img|audio)\b[^>]* src=([^ >'"][^ >]*)[^>]*?>)re"), false},
      {compile(R"re(<object\b[^>]* data=(?:"([^>]+?)"|'([^>]+?)')[^>]*>)re"), true},
      {compile(R"re(<object\b[^>]* data=([^ >'"][^ >]*)[^>]*?>)re"), false},
  };
  return all;
}

bool is_remote(const std::string& name) {
  auto starts = [&name](std::string_view scheme) {
    if (name.size() < scheme.size()) return false;
    for (size_t i = 0; i < scheme.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(name[i])) != scheme[i]) return false;
    return true;
  };
  return starts("http://") || starts("https://") || starts("ftp://");
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  if (from.empty() || from == to) return s;
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

// Calls on_match(whole match, name) for each match of p in text, left to right.
template <typename F>
void for_each_match(std::string_view text, const Pattern& p, F&& on_match) {
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece groups[3];
  size_t pos = 0;
  while (pos <= text.size() &&
         p.re->Match(input, pos, text.size(), RE2::UNANCHORED, groups, p.quoted ? 3 : 2)) {
    re2::StringPiece name = p.quoted && groups[1].data() == nullptr ? groups[2] : groups[1];
    on_match(std::string_view(groups[0].data(), groups[0].size()), std::string(name.data(), name.size()));
    // Every pattern needs at least one character, so the next search always moves on.
    pos = static_cast<size_t>(groups[0].data() - text.data()) + groups[0].size();
  }
}

}  // namespace

std::vector<std::string> referenced_files(std::string_view text) {
  std::vector<std::string> out;
  for (const Pattern& p : patterns()) {
    for_each_match(text, p, [&out](std::string_view, std::string name) {
      if (!is_remote(name)) out.push_back(std::move(name));
    });
  }
  return out;
}

std::string transform_references(std::string_view text, const std::function<std::string(const std::string&)>& rename) {
  std::string s(text);
  for (const Pattern& p : patterns()) {
    std::string out;
    size_t last = 0;
    for_each_match(s, p, [&](std::string_view match, const std::string& name) {
      size_t begin = static_cast<size_t>(match.data() - s.data());
      out.append(s, last, begin - last);
      out += replace_all(std::string(match), name, rename(name));
      last = begin + match.size();
    });
    out.append(s, last);
    s = std::move(out);
  }
  return s;
}

}  // namespace ankc::native::packages
