// Generating the missing cards of existing notes after a note type's templates changed (rslib
// notetype/cardgen.rs generate_cards_for_notetype; collection-format §8.12–§8.15). A thin entry point
// for notetypes/ and dbcheck/: the one implementation is cards/card_gen.h.
#pragma once

#include "backends/native/collection/random.h"
#include "backends/native/notetypes/notetype.h"
#include "backends/native/storage/db.h"

namespace ankc::native {

// For every note of nt that has cards (normal note types: fewer cards than templates), adds the
// cards its content now calls for: deck = the template's deck, else the one deck all its cards
// live in, else Default (a missing or filtered deck also means Default); due = the position of one
// of its new cards, else the next `nextPos` (rslib's seeded random_position for presets with random
// insertion order, so `random` is not drawn from). Cards: mod now, usn -1, new.
void generate_cards_for_notetype(storage::Db& db, const Notetype& nt, TimestampMillis now, Random& random);

}  // namespace ankc::native
