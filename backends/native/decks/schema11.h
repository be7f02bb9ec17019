// The legacy (schema 11) deck dict — what Anki's Python layer and AnkiConnect show for a deck
// (collection-format.md §6.4, §6.5): exact key order, `dyn` as an int, `md` only when true, unknown
// legacy keys from Deck.Common.other placed before the kind-specific keys.
#pragma once

#include <boost/json/object.hpp>

#include "backends/native/decks/deck.h"

namespace ankc::native {

// The deck as Anki's `decks.get(id)` dict.
boost::json::object deck_to_schema11(const Deck& deck);

}  // namespace ankc::native
