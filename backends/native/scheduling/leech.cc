#include "backends/native/scheduling/leech.h"

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "backends/native/storage/notes/notes.h"
#include "backends/native/storage/tags/tags.h"
#include "backends/native/storage/unicase.h"

namespace ankc::native {
namespace {

bool same_tag(const std::string& a, const std::string& b) { return storage::unicase_equal(a, b); }

}  // namespace

void add_leech_tag(storage::Db& db, NoteId nid, TimestampSecs now) {
  auto note = storage::get_note(db, nid);
  if (!note) return;
  std::vector<std::string> tags;
  std::istringstream in(note->tags);
  for (std::string t; in >> t;) tags.push_back(t);
  for (const auto& t : tags)
    if (same_tag(t, "leech")) return;
  std::string spelling = "leech";
  if (auto registered = storage::get_tag(db, "leech")) spelling = registered->name;
  else storage::put_tag(db, storage::TagRow{"leech", kLocalUsn, true});
  tags.push_back(spelling);
  std::sort(tags.begin(), tags.end(), [](const std::string& a, const std::string& b) {
    return storage::unicase_compare(a, b) < 0;
  });
  std::string joined = " ";
  for (const auto& t : tags) joined += t + " ";
  note->tags = joined;
  note->mtime = now;
  note->usn = kLocalUsn;
  storage::put_note(db, *note);
}

}  // namespace ankc::native
