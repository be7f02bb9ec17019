#include "backends/native/tags/registry.h"

#include <unordered_set>

#include "backends/native/storage/col/col.h"
#include "backends/native/storage/tags/tags.h"
#include "backends/native/storage/unicase.h"
#include "backends/native/tags/tag_names.h"

namespace ankc::native::tags {
namespace {

// Every proper "::" prefix of name (shortest first).
std::vector<std::string_view> parent_prefixes(std::string_view name) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while ((pos = name.find("::", pos)) != std::string_view::npos) {
    out.push_back(name.substr(0, pos));
    pos += 2;
  }
  return out;
}

}  // namespace

void TagRegistry::load() {
  if (loaded_) return;
  loaded_ = true;
  for (const auto& row : storage::all_tags(db_)) {
    by_fold_.emplace(storage::unicase_fold(row.name), row.name);
    for (auto prefix : parent_prefixes(row.name))
      prefix_by_fold_.emplace(storage::unicase_fold(prefix), std::string(prefix));
    prefix_by_fold_.emplace(storage::unicase_fold(row.name), row.name);
  }
}

std::string TagRegistry::registered(std::string_view name) {
  load();
  auto it = by_fold_.find(storage::unicase_fold(name));
  return it == by_fold_.end() ? std::string() : it->second;
}

std::string TagRegistry::prepare(const std::string& normalized, bool& is_new) {
  load();
  std::string fold = storage::unicase_fold(normalized);
  if (auto it = by_fold_.find(fold); it != by_fold_.end()) {
    is_new = false;
    return it->second;
  }
  is_new = true;
  // The nearest registered parent lends its spelling.
  auto parents = parent_prefixes(normalized);
  for (auto p = parents.rbegin(); p != parents.rend(); ++p) {
    auto it = prefix_by_fold_.find(storage::unicase_fold(*p));
    if (it != prefix_by_fold_.end()) return it->second + std::string(normalized.substr(p->size()));
  }
  return normalized;
}

std::vector<std::string> TagRegistry::canonify(const std::vector<std::string>& input, bool register_new) {
  std::string key;  // length-prefixed elements (addNotes repeats the same tag lists)
  if (register_new) {
    for (const auto& element : input) key += std::to_string(element.size()) + ':' + element;
    if (auto it = canonified_.find(key); it != canonified_.end()) return it->second;
  }
  std::vector<std::string> out;
  std::unordered_set<std::string> seen;
  for (const auto& element : input) {
    for (const auto& piece : split_tags(element)) {
      bool is_new = false;
      std::string name = prepare(normalize_tag_name(piece), is_new);
      if (is_new && register_new) {
        storage::put_tag(db_, storage::TagRow{name, storage::usn_for_local_change(db_), true});
        std::string fold = storage::unicase_fold(name);
        by_fold_.emplace(fold, name);
        prefix_by_fold_.emplace(fold, name);
        for (auto prefix : parent_prefixes(name))
          prefix_by_fold_.emplace(storage::unicase_fold(prefix), std::string(prefix));
      }
      if (seen.insert(storage::unicase_fold(name)).second) out.push_back(std::move(name));
    }
  }
  sort_tags(out);
  if (register_new) canonified_.emplace(std::move(key), out);
  return out;
}

}  // namespace ankc::native::tags
