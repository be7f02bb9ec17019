// The leech tag (scheduling.md §5.9): added to a note whose card reached the leech threshold.
#pragma once

#include "backends/native/storage/ids.h"

namespace ankc::native {
namespace storage { class Db; }

// Adds the tag "leech" to the note (unless present, case-insensitively) and registers it in the
// tags table; note mod/usn are stamped when the tag was added.
void add_leech_tag(storage::Db& db, NoteId nid, TimestampSecs now);

}  // namespace ankc::native
