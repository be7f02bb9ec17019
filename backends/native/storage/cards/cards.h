// The `cards` table (spec §2.5).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"
#include "backends/native/storage/new_row_ids.h"

namespace ankc::native::storage {

class Db;

struct CardRow {
  CardId id;
  NoteId nid;
  DeckId did;
  uint32_t ord = 0;
  TimestampSecs mtime;
  Usn usn;
  int type = 0;   // 0 new, 1 learning, 2 review, 3 relearning
  int queue = 0;  // -3..4
  int32_t due = 0;
  int32_t ivl = 0;
  int32_t factor = 0;
  int32_t reps = 0;
  int32_t lapses = 0;
  int32_t left = 0;
  int32_t odue = 0;
  DeckId odid;
  int32_t flags = 0;
  std::string data = "{}";
};

// The card with that id, or nullopt.
std::optional<CardRow> get_card(Db& db, CardId id);
// Inserts a new card; row.id is set to max(now, max(id)+1) and returned.
CardId add_card(Db& db, CardRow& row, TimestampMillis now);
// add_card for one of many cards added at `now` (see NewRowIds in storage/new_row_ids.h).
CardId add_card(Db& db, CardRow& row, TimestampMillis now, NewRowIds& ids);
// Inserts or replaces the row with its given id.
void put_card(Db& db, const CardRow& row);
// Deletes the card row only (the caller writes the grave).
void remove_card(Db& db, CardId id);
// The cards of a note, by ord.
std::vector<CardRow> cards_of_note(Db& db, NoteId nid);
// The ids of a note's cards, by ord (what notesInfo lists: no row decoding).
std::vector<CardId> card_ids_of_note(Db& db, NoteId nid);
// Ids of the cards whose home or current deck is did.
std::vector<CardId> card_ids_in_deck(Db& db, DeckId did);

// What card generation needs of an existing card (rslib AlreadyGeneratedCardInfo).
struct ExistingCard {
  CardId id;
  NoteId nid;
  uint32_t ord = 0;
  DeckId home_deck;                       // odid when in a filtered deck, else did
  std::optional<int32_t> position_if_new;  // new cards: odue when set, else due
};
// The existing cards of a note, by ord.
std::vector<ExistingCard> existing_cards_of_note(Db& db, NoteId nid);
// The existing cards of every note of a note type, grouped by note (ascending nid, then ord).
std::vector<ExistingCard> existing_cards_of_notetype(Db& db, NotetypeId mid);

// One past the highest due of the new cards (type 0); 0 when there are none. What Check Database and the
// package importer store as the collection's nextPos.
int64_t next_new_position(Db& db);

}  // namespace ankc::native::storage
