// The deck and deck-options actions of AnkiConnect (api spec §5.2): deckNames, deckNamesAndIds,
// getDecks, createDeck, changeDeck, deleteDecks, deckNameFromId, getDeckConfig, saveDeckConfig,
// setDeckConfigId, cloneDeckConfigId, removeDeckConfigId.
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

// The table native_backend.cc concatenates (includes the deck-options actions of deckconfig/).
std::span<const ServiceAction> decks_actions();

}  // namespace ankc::native
