#include "backends/native/tags/tag_names.h"

#include <algorithm>

#include "backends/native/decks/nfc.h"
#include "backends/native/rendering/html_text.h"
#include "backends/native/storage/unicase.h"

namespace ankc::native::tags {
namespace {

constexpr std::string_view kIdeographicSpace = "\xe3\x80\x80";

std::string normalize_component(std::string_view comp) {
  std::string nfc = to_nfc(comp);
  std::string out;
  for (size_t i = 0; i < nfc.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(nfc[i]);
    if (u < 0x20 || u == 0x7f || u == ' ') continue;
    if (nfc.compare(i, 3, kIdeographicSpace) == 0) {
      i += 2;
      continue;
    }
    out.push_back(nfc[i]);
  }
  std::string_view trimmed = rendering::trim_unicode(out);
  if (trimmed.empty()) return "blank";
  return std::string(trimmed);
}

}  // namespace

std::vector<std::string> split_tags(std::string_view text) {
  std::vector<std::string> out;
  std::string cur;
  for (size_t i = 0; i < text.size(); ++i) {
    bool sep = text[i] == ' ';
    size_t len = 1;
    if (!sep && text.compare(i, 3, kIdeographicSpace) == 0) sep = true, len = 3;
    if (sep) {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
      i += len - 1;
    } else {
      cur.push_back(text[i]);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string normalize_tag_name(std::string_view name) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t pos = name.find("::", start);
    std::string_view comp = name.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start);
    if (start) out += "::";
    out += normalize_component(comp);
    if (pos == std::string_view::npos) break;
    start = pos + 2;
  }
  return out;
}

std::string join_tags(const std::vector<std::string>& tags) {
  if (tags.empty()) return "";
  std::string out = " ";
  for (const auto& t : tags) out += t + " ";
  return out;
}

std::vector<std::string> parse_tags_column(std::string_view column) { return split_tags(column); }

bool tag_equal(std::string_view a, std::string_view b) { return storage::unicase_equal(a, b); }

void sort_tags(std::vector<std::string>& tags) {
  std::stable_sort(tags.begin(), tags.end(),
                   [](const std::string& a, const std::string& b) { return storage::unicase_compare(a, b) < 0; });
}

}  // namespace ankc::native::tags
