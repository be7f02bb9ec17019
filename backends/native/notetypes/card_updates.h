// Keeping cards in step with a note type's templates (rslib notetype/schemachange.rs,
// update_cards_for_changed_templates): cards of removed templates deleted with graves, cards of
// moved templates renumbered, and missing cards generated whenever a template was added or any
// front differs from before.
#pragma once

#include <vector>

#include "backends/native/collection/random.h"
#include "backends/native/notetypes/notetype.h"
#include "backends/native/storage/db.h"

namespace ankc::native {

// nt's templates still carry their old ords (nullopt = added); old_templates is the stored list.
// Returns true when templates were added, removed or moved (a schema change, §8.19).
bool update_cards_for_changed_templates(storage::Db& db, const Notetype& nt,
                                        const std::vector<CardTemplate>& old_templates, TimestampMillis now,
                                        Random& random);

}  // namespace ankc::native
