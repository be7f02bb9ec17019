// Rewriting the notes of a note type whose fields changed (rslib notetype/schemachange.rs,
// update_notes_for_changed_fields): each note's flds follow the fields' old ords (moved, new
// fields empty, removed ones dropped), sfld/csum are recomputed from the normalised fields and
// mod/usn stamped, as Anki's update_note_inner_without_cards does.
#pragma once

#include <cstddef>
#include <cstdint>

#include "backends/native/notetypes/notetype.h"
#include "backends/native/storage/db.h"

namespace ankc::native {

// nt's fields still carry their old ords (nullopt = added). Rewrites every note of nt when fields
// were added, removed or reordered, or (sort field only) when the sort field changed. Returns true
// when it rewrote notes, i.e. the change is a schema change (collection-format §8.19).
bool update_notes_for_changed_fields(storage::Db& db, const Notetype& nt, std::size_t previous_field_count,
                                     uint32_t previous_sort_idx, TimestampMillis now);

}  // namespace ankc::native
