// The legacy (schema 11) deck-options dict (collection-format.md §6.6; api spec §3 table): written for
// getDeckConfig and read back for saveDeckConfig, with Anki's key order, int/bool types, f32 floats,
// and unknown keys kept in DeckConfigInner::other (nested new/rev/lapse keys under those names).
#pragma once

#include <boost/json/object.hpp>

#include "backends/native/deckconfig/deck_config.h"

namespace ankc::native {

// The preset as Anki's `decks.get_config(id)` dict (`dyn` is false).
boost::json::object deck_config_to_schema11(const DeckConfig& config);

// Reads a legacy dict the way Anki's backend does when a client saves one (lenient keys default,
// `id`/`mod` may be numeric strings). Throws ActionError with Anki's JsonError text when a required
// key is missing or has the wrong type.
DeckConfig deck_config_from_schema11(const boost::json::object& dict);

}  // namespace ankc::native
