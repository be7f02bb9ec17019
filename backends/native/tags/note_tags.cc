#include "backends/native/tags/note_tags.h"

#include <re2/re2.h>

#include <memory>
#include <unordered_set>

#include "backends/native/storage/col/col.h"
#include "backends/native/storage/notes/notes.h"
#include "backends/native/storage/tags/tags.h"
#include "backends/native/storage/unicase.h"
#include "backends/native/tags/registry.h"
#include "backends/native/tags/tag_names.h"
#include "backends/action_error.h"
#include "compat/py_errors.h"

namespace ankc::native::tags {
namespace {

// Writes tags into the note row (mod, usn stamped).
void write(storage::Db& db, storage::NoteRow& row, const std::vector<std::string>& tags, TimestampMillis now) {
  row.tags = join_tags(tags);
  row.mtime = now.secs();
  row.usn = storage::usn_for_local_change(db);
  storage::put_note(db, row);
}

// Anki's TagMatcher: each pattern matches a tag or its children, case-insensitively, `*` = anything.
class TagMatcher {
 public:
  explicit TagMatcher(std::string_view patterns) {
    std::string re = "(?i)^(?:";
    bool first = true;
    for (const auto& p : split_tags(patterns)) {
      std::string part;
      for (size_t i = 0; i < p.size(); ++i) {
        if (p[i] == '*') part += ".*";
        else if (p[i] == '\\' && i + 1 < p.size()) part += RE2::QuoteMeta(std::string(1, p[++i]));
        else part += RE2::QuoteMeta(std::string(1, p[i]));
      }
      re += (first ? "" : "|") + part;
      first = false;
    }
    re += ")(?:$|::)";
    if (!first) regex_ = std::make_unique<RE2>(re);
  }
  bool matches(const std::string& tag) const { return regex_ && RE2::PartialMatch(tag, *regex_); }

 private:
  std::unique_ptr<RE2> regex_;
};

}  // namespace

int add_tags(storage::Db& db, TagRegistry& reg, const std::vector<NoteId>& notes, std::string_view tags,
             TimestampMillis now) {
  // The string goes to Anki's backend whole (tags.bulk_add); Python cannot encode a lone surrogate.
  if (auto error = pyerr::utf8_encode_error(tags)) throw ActionError(*error);
  std::vector<std::string> to_add = reg.canonify({std::string(tags)});
  if (to_add.empty()) return 0;
  int changed = 0;
  for (NoteId id : notes) {
    auto row = storage::get_note(db, id);
    if (!row) continue;
    std::vector<std::string> current = parse_tags_column(row->tags);
    std::vector<std::string> merged = current;
    merged.insert(merged.end(), to_add.begin(), to_add.end());
    merged = reg.canonify(merged);
    if (join_tags(merged) == row->tags) continue;
    write(db, *row, merged, now);
    ++changed;
  }
  return changed;
}

int remove_tags(storage::Db& db, const std::vector<NoteId>& notes, std::string_view patterns, TimestampMillis now) {
  TagMatcher matcher(patterns);
  int changed = 0;
  for (NoteId id : notes) {
    auto row = storage::get_note(db, id);
    if (!row) continue;
    std::vector<std::string> kept;
    for (auto& t : parse_tags_column(row->tags))
      if (!matcher.matches(t)) kept.push_back(t);
    if (join_tags(kept) == row->tags) continue;
    write(db, *row, kept, now);
    ++changed;
  }
  return changed;
}

bool set_tags(storage::Db& db, TagRegistry& reg, NoteId note, const std::vector<std::string>& tags,
              TimestampMillis now, bool always) {
  for (const std::string& tag : tags)
    if (auto error = pyerr::utf8_encode_error(tag)) throw ActionError(*error);
  auto row = storage::get_note(db, note);
  if (!row) return false;
  std::vector<std::string> canonical = reg.canonify(tags);
  if (!always && join_tags(canonical) == row->tags) return false;
  write(db, *row, canonical, now);
  return true;
}

bool replace_tag(storage::Db& db, TagRegistry& reg, NoteId note, std::string_view from, std::string_view to,
                 TimestampMillis now) {
  // tags.find_and_replace encodes the search, then the replacement.
  for (std::string_view s : {from, to})
    if (auto error = pyerr::utf8_encode_error(s)) throw ActionError(*error);
  auto row = storage::get_note(db, note);
  if (!row) return false;
  std::vector<std::string> kept;
  bool had = false;
  for (auto& t : parse_tags_column(row->tags)) {
    if (storage::unicase_equal(t, from)) had = true;
    else kept.push_back(t);
  }
  if (!had) return false;
  bool present = false;
  for (auto& t : kept) present = present || storage::unicase_equal(t, to);
  if (!present) kept.emplace_back(to);
  write(db, *row, reg.canonify(kept), now);
  return true;
}

void clear_unused_tags(storage::Db& db) {
  std::unordered_set<std::string> used;  // folded names of used tags and their parents
  for (const auto& column : storage::all_note_tags(db)) {
    for (const auto& t : parse_tags_column(column)) {
      std::string fold = storage::unicase_fold(t);
      used.insert(fold);
      for (size_t pos = 0; (pos = fold.find("::", pos)) != std::string::npos; pos += 2) used.insert(fold.substr(0, pos));
    }
  }
  for (const auto& tag : storage::all_tags(db))
    if (!used.count(storage::unicase_fold(tag.name))) storage::remove_tag(db, tag.name);
}

}  // namespace ankc::native::tags
