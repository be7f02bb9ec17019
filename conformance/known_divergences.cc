#include "conformance/known_divergences.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ankc::conformance {

namespace {
std::string trim(const std::string& s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}
}  // namespace

bool glob_match(const std::string& pattern, const std::string& text) {
  std::size_t p = 0, t = 0, star = std::string::npos, mark = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string::npos) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

KnownDivergences KnownDivergences::parse(const std::string& text, const std::string& origin) {
  KnownDivergences list;
  std::istringstream in(text);
  std::string line;
  int no = 0;
  while (std::getline(in, line)) {
    ++no;
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    std::size_t bar1 = t.find('|');
    std::size_t bar2 = bar1 == std::string::npos ? bar1 : t.find('|', bar1 + 1);
    if (bar2 == std::string::npos)
      throw std::runtime_error(origin + ":" + std::to_string(no) + ": expected 'exchange | reason | issue'");
    KnownDivergence d{trim(t.substr(0, bar1)), trim(t.substr(bar1 + 1, bar2 - bar1 - 1)), trim(t.substr(bar2 + 1)), no};
    if (d.pattern.empty() || d.reason.empty() || d.issue.empty())
      throw std::runtime_error(origin + ":" + std::to_string(no) + ": exchange, reason and issue are all required");
    list.entries_.push_back(std::move(d));
  }
  return list;
}

KnownDivergences KnownDivergences::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse(buffer.str(), path.string());
}

const KnownDivergence* KnownDivergences::find(const std::string& exchange_id) const {
  for (const KnownDivergence& d : entries_)
    if (glob_match(d.pattern, exchange_id)) return &d;
  return nullptr;
}

}  // namespace ankc::conformance
