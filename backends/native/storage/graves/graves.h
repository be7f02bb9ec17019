// The `graves` table (spec §2.7, §8.11): deletions pending sync. Write the grave before deleting.
#pragma once

#include <cstdint>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

enum class GraveKind { Card = 0, Note = 1, Deck = 2 };

struct GraveRow {
  int64_t oid = 0;
  GraveKind kind = GraveKind::Card;
  Usn usn;
};

// INSERT OR IGNORE a grave for a deleted card / note / deck.
void add_card_grave(Db& db, CardId id, Usn usn);
void add_note_grave(Db& db, NoteId id, Usn usn);
void add_deck_grave(Db& db, DeckId id, Usn usn);
// Removes a grave (an undone deletion).
void remove_grave(Db& db, int64_t oid, GraveKind kind);
// All graves, by (oid, type).
std::vector<GraveRow> all_graves(Db& db);

}  // namespace ankc::native::storage
