// Saving a note type as Anki does: legacy card requirements recomputed from the fronts (via
// rendering/cardgen), mtime = now, usn = -1, all field/template rows rewritten.
#pragma once

#include "backends/native/notetypes/notetype.h"
#include "backends/native/storage/db.h"

namespace ankc::native {

// The legacy `req` list of nt's current templates and fields (collection-format.md §8.16).
std::vector<CardRequirement> compute_requirements(const Notetype& nt);

// Stamps nt (mtime, usn -1, reqs, ords) and writes it. The caller's transaction decides whether the
// change also bumps scm.
void save_notetype(storage::Db& db, Notetype& nt, TimestampMillis now);

}  // namespace ankc::native
