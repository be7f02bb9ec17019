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

}  // namespace ankc::native::packages
