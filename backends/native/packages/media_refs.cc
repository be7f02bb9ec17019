#include "backends/native/packages/media_refs.h"

#include <regex>

namespace ankc::native::packages {
namespace {

struct Pattern {
  std::regex re;
  size_t name_group;
};

const std::vector<Pattern>& patterns() {
  static const auto flags = std::regex::ECMAScript | std::regex::icase;
  static const std::vector<Pattern> all = {
      {std::regex(R"(\[sound:([^\]]+)\])", flags), 1},
      {std::regex(R"(<(?:img|audio)\b[^>]* src=(["'])([^>]+?)\1[^>]*>)", flags), 2},
      {std::regex(R"(<(?:img|audio)\b[^>]* src=(?!['"])([^ >]+)[^>]*?>)", flags), 1},
      {std::regex(R"(<object\b[^>]* data=(["'])([^>]+?)\1[^>]*>)", flags), 2},
      {std::regex(R"(<object\b[^>]* data=(?!['"])([^ >]+)[^>]*?>)", flags), 1},
  };
  return all;
}

bool is_remote(const std::string& name) {
  static const std::regex remote(R"(^(https?|ftp)://)", std::regex::ECMAScript | std::regex::icase);
  return std::regex_search(name, remote);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  if (from.empty() || from == to) return s;
  for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

}  // namespace

std::vector<std::string> referenced_files(std::string_view text) {
  std::vector<std::string> out;
  std::string s(text);
  for (const Pattern& p : patterns()) {
    for (auto it = std::sregex_iterator(s.begin(), s.end(), p.re); it != std::sregex_iterator(); ++it) {
      std::string name = (*it)[p.name_group].str();
      if (!is_remote(name)) out.push_back(name);
    }
  }
  return out;
}

std::string transform_references(std::string_view text, const std::function<std::string(const std::string&)>& rename) {
  std::string s(text);
  for (const Pattern& p : patterns()) {
    std::string out;
    auto last = s.cbegin();
    for (auto it = std::sregex_iterator(s.begin(), s.end(), p.re); it != std::sregex_iterator(); ++it) {
      const std::smatch& m = *it;
      out.append(last, m[0].first);
      std::string name = m[p.name_group].str();
      out += replace_all(m[0].str(), name, rename(name));
      last = m[0].second;
    }
    out.append(last, s.cend());
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
