// Deck ⇄ decks-table row: decodes/encodes the Deck.Common and Deck.KindContainer blobs.
#pragma once

#include "backends/native/decks/deck.h"
#include "backends/native/storage/decks/decks.h"

namespace ankc::native {

// The row's deck; an undecodable blob or a kind with neither variant throws ActionError.
Deck deck_from_row(const storage::DeckRow& row);
// The row to store for deck (blobs serialised as Anki's prost would: defaults omitted).
storage::DeckRow deck_to_row(const Deck& deck);

}  // namespace ankc::native
