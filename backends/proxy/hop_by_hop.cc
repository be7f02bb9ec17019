#include "backends/proxy/hop_by_hop.h"

#include <algorithm>
#include <cctype>

namespace ankc::proxy {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The comma-separated tokens of every Connection header.
std::vector<std::string> connection_tokens(const HeaderList& headers) {
  std::vector<std::string> tokens;
  for (const auto& [name, value] : headers) {
    if (!same_name(name, "connection")) continue;
    std::string_view rest = value;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view token = trim(rest.substr(0, comma));
      if (!token.empty()) tokens.emplace_back(token);
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  return tokens;
}

}  // namespace

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

bool is_hop_by_hop(std::string_view name) {
  static constexpr std::string_view kNames[] = {"connection", "keep-alive", "transfer-encoding",
                                                "te",         "trailer",    "upgrade"};
  for (std::string_view hop : kNames)
    if (same_name(name, hop)) return true;
  return name.size() >= 6 && same_name(name.substr(0, 6), "proxy-");
}

HeaderList end_to_end(const HeaderList& headers) {
  const std::vector<std::string> listed = connection_tokens(headers);
  HeaderList kept;
  for (const auto& header : headers) {
    if (is_hop_by_hop(header.first)) continue;
    bool named = std::any_of(listed.begin(), listed.end(),
                             [&](const std::string& token) { return same_name(token, header.first); });
    if (!named) kept.push_back(header);
  }
  return kept;
}

}  // namespace ankc::proxy
