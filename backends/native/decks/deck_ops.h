// Deck operations on an open collection, as Anki's DeckManager does them: lookup by id or
// (normalised, case-insensitive) name, get-or-create with missing parents, removal with children and
// cards. Writes run inside the caller's WriteTransaction and stamp mtime = now, usn = -1.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/decks/deck.h"
#include "backends/native/storage/db.h"

namespace ankc::native {

// The deck with that id, or nullopt.
std::optional<Deck> find_deck(storage::Db& db, DeckId id);
// The deck with that id, else deck 1 (Anki's `decks.get(id)` fallback), else nullopt.
std::optional<Deck> find_deck_or_default(storage::Db& db, DeckId id);
// The deck whose name matches human_name after normalisation (unicase), or nullopt.
std::optional<Deck> find_deck_by_human_name(storage::Db& db, std::string_view human_name);
// Every deck in deck-list order (unicase order of native names).
std::vector<Deck> list_decks(storage::Db& db);

// Anki's `decks.id(name)`: the existing deck's id, or a new normal deck (with missing parents,
// re-using existing parents' spelling). Throws ActionError("Filtered decks can not have child decks.")
// when a parent is filtered.
DeckId ensure_deck(storage::Db& db, std::string_view human_name, TimestampMillis now);

// Removes a deck, its children and all their cards (notes left without cards go too, with graves);
// filtered decks return their cards home first; deck 1 is emptied and renamed "Default".
void remove_deck_with_children(storage::Db& db, DeckId id, TimestampMillis now);

// Returns the given cards that sit in filtered decks to their home decks (Anki's remFromDyn).
void return_cards_home(storage::Db& db, const std::vector<CardId>& cards, TimestampMillis now);

}  // namespace ankc::native
