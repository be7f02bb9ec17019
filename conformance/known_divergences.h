// conformance/known-divergences: the one reviewed list of exchanges where ankiconnectd is known not to
// match AnkiConnect yet. Each entry names the exchange ("<cassette file stem>/<exchange name>", '*'
// matching any run of characters), the reason, and the issue that will fix it:
//   actions-notes/addNote-*   | not implemented yet | Native engine I
// Lines starting with '#' and blank lines are ignored.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace ankc::conformance {

struct KnownDivergence {
  std::string pattern;
  std::string reason;
  std::string issue;
  int line = 0;
};

class KnownDivergences {
 public:
  // Parses the list; throws std::runtime_error naming the line of a malformed entry.
  static KnownDivergences parse(const std::string& text, const std::string& origin);
  // Reads the file; an absent file is an empty list.
  static KnownDivergences load(const std::filesystem::path& path);

  // The first entry covering "<cassette>/<exchange>", or nullptr.
  const KnownDivergence* find(const std::string& exchange_id) const;
  const std::vector<KnownDivergence>& entries() const { return entries_; }

 private:
  std::vector<KnownDivergence> entries_;
};

// Glob match with '*' only.
bool glob_match(const std::string& pattern, const std::string& text);

}  // namespace ankc::conformance
