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

namespace {

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string decode_entities(std::string_view s) {
  static const std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
  std::string out;
  for (size_t i = 0; i < s.size();) {
    bool done = false;
    if (s[i] == '&') {
      for (const auto& [name, c] : kEntities) {
        if (s.substr(i, name.size()) == name) {
          out += c;
          i += name.size();
          done = true;
          break;
        }
      }
    }
    if (!done) out += s[i++];
  }
  return out;
}

std::string encode_attribute(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '"') out += "&quot;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

bool is_media_tag(std::string_view name) {
  return name == "img" || name == "audio" || name == "video" || name == "object" || name == "source";
}

}  // namespace

std::string rewrite_media_refs(std::string_view text,
                               const std::function<std::optional<std::string>(const std::string&)>& rename) {
  std::string out;
  out.reserve(text.size());
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    if (text.compare(i, 7, "[sound:") == 0) {
      size_t end = text.find(']', i + 7);
      if (end != std::string_view::npos && end > i + 7) {
        std::string name(text.substr(i + 7, end - i - 7));
        auto renamed = rename(name);
        out += "[sound:";
        out += renamed ? *renamed : name;
        out += ']';
        i = end + 1;
        continue;
      }
    }
    if (text[i] != '<') {
      out += text[i++];
      continue;
    }
    // A tag: its name, then attributes up to '>' (quoted values may hold '>').
    size_t j = i + 1;
    std::string tag;
    while (j < n && ((text[j] >= 'a' && text[j] <= 'z') || (text[j] >= 'A' && text[j] <= 'Z') ||
                     (text[j] >= '0' && text[j] <= '9')))
      tag += lower(text[j++]);
    if (!is_media_tag(tag) || j >= n || !(is_space(text[j]) || text[j] == '/' || text[j] == '>')) {
      out += text[i++];
      continue;
    }
    std::string copy(text.substr(i, j - i));
    bool replaced_one = false;
    bool closed = false;
    while (j < n) {
      char c = text[j];
      if (c == '>') {
        copy += c;
        ++j;
        closed = true;
        break;
      }
      if (is_space(c) || c == '/') {
        copy += c;
        ++j;
        continue;
      }
      size_t name_start = j;
      while (j < n && !is_space(text[j]) && text[j] != '=' && text[j] != '>') ++j;
      std::string attr;
      for (size_t k = name_start; k < j; ++k) attr += lower(text[k]);
      copy.append(text.substr(name_start, j - name_start));
      if (j >= n || text[j] != '=') continue;
      copy += '=';
      ++j;
      size_t value_start = j, value_end;
      char quote = 0;
      if (j < n && (text[j] == '"' || text[j] == '\'')) {
        quote = text[j];
        value_start = ++j;
        while (j < n && text[j] != quote) ++j;
        value_end = j;
        if (j < n) ++j;
      } else {
        while (j < n && !is_space(text[j]) && text[j] != '>') ++j;
        value_end = j;
      }
      std::string_view raw = text.substr(value_start, value_end - value_start);
      std::string value(raw);
      if (!replaced_one && (attr == "src" || attr == "data") && !raw.empty()) {
        replaced_one = true;
        if (auto renamed = rename(decode_entities(raw))) value = encode_attribute(*renamed);
      }
      if (quote) copy += quote;
      copy += value;
      if (quote && value_end < n) copy += quote;
    }
    out += copy;
    i = j;
    (void)closed;
  }
  return out;
}

}  // namespace ankc::native::packages
