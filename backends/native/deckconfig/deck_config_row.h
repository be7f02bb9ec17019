// DeckConfig ⇄ deck_config-table row: decodes/encodes the DeckConfig.Config blob, clamping values
// to Anki's valid ranges on read as Anki does (collection-format.md §4.7).
#pragma once

#include "backends/native/deckconfig/deck_config.h"
#include "backends/native/storage/deck_config/deck_config.h"

namespace ankc::native {

// The row's preset (values out of range replaced by defaults); an undecodable blob throws ActionError.
DeckConfig deck_config_from_row(const storage::DeckConfigRow& row);
// The row to store for config.
storage::DeckConfigRow deck_config_to_row(const DeckConfig& config);

}  // namespace ankc::native
