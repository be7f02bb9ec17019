// The deck-options actions (api spec §5.2): getDeckConfig, saveDeckConfig, setDeckConfigId,
// cloneDeckConfigId, removeDeckConfigId. Served through decks_actions().
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

// The deck-options handlers.
std::span<const ServiceAction> deckconfig_actions();

}  // namespace ankc::native
