// Tag edits on existing notes, as Anki's backend does them (add_tags, remove_tags, find-and-replace of
// one tag, set, clear unused): only notes whose tag list changes are written (mod = now, usn -1); the
// `tags` table is kept in step (new tags registered). Run inside the caller's WriteTransaction.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {
class Db;
}

namespace ankc::native::tags {

class TagRegistry;

// Adds the space-separated tags to each note (unknown ids ignored). Returns notes changed.
int add_tags(storage::Db& db, TagRegistry& reg, const std::vector<NoteId>& notes, std::string_view tags,
             TimestampMillis now);
// Removes tags matching any space-separated pattern (case-insensitive, `*` wildcard, children of a
// matched tag included). Returns notes changed.
int remove_tags(storage::Db& db, const std::vector<NoteId>& notes, std::string_view patterns, TimestampMillis now);
// Replaces the note's tags by canonify(tags); writes even when equal when `always` (AnkiConnect's
// remove-then-add sequence). Returns true when written.
bool set_tags(storage::Db& db, TagRegistry& reg, NoteId note, const std::vector<std::string>& tags,
              TimestampMillis now, bool always);
// AnkiConnect's replaceTags on one note: if it has `from` (case-insensitive), all such tags are removed
// and `to` added. Returns true when the note was written.
bool replace_tag(storage::Db& db, TagRegistry& reg, NoteId note, std::string_view from, std::string_view to,
                 TimestampMillis now);
// Deletes registered tags no note uses (parents of used tags are kept).
void clear_unused_tags(storage::Db& db);

}  // namespace ankc::native::tags
