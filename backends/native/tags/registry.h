// The collection's tag registry during one operation (collection-format.md §2.12, §8.7): canonicalises
// a note's tags (adopting the spelling of a registered tag or registered parent, deduplicating
// case-insensitively, unicase-sorted) and registers new tags (usn -1, collapsed) in the `tags` table.
// Loads the table once, so bulk operations (addNotes) stay fast. Use within one write transaction.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ankc::native::storage {
class Db;
}

namespace ankc::native::tags {

class TagRegistry {
 public:
  explicit TagRegistry(storage::Db& db) : db_(db) {}

  // Anki's canonify_tags: splits every element on separators, normalises, adopts registered case,
  // registers new tags (when register_new), dedupes (first wins) and sorts by unicase.
  std::vector<std::string> canonify(const std::vector<std::string>& tags, bool register_new = true);
  // The registered spelling of name (case-insensitive), or "" when not registered.
  std::string registered(std::string_view name);

 private:
  void load();
  std::string prepare(const std::string& normalized, bool& is_new);
  storage::Db& db_;
  bool loaded_ = false;
  std::unordered_map<std::string, std::string> by_fold_;         // folded full name → stored name
  std::unordered_map<std::string, std::string> prefix_by_fold_;  // folded prefix → stored prefix
  // canonify(input, true) results: stable, as registered spellings never change during an operation.
  std::unordered_map<std::string, std::vector<std::string>> canonified_;
};

}  // namespace ankc::native::tags
