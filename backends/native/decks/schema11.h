// The legacy (schema 11) deck dict — what Anki's Python layer and AnkiConnect show for a deck
// (collection-format.md §6.4, §6.5): exact key order, `dyn` as an int, `md` only when true, unknown
// legacy keys from Deck.Common.other placed before the kind-specific keys.
#pragma once

#include <boost/json/object.hpp>

#include "backends/native/decks/deck.h"

namespace ankc::native {

// The deck as Anki's `decks.get(id)` dict.
boost::json::object deck_to_schema11(const Deck& deck);

// A legacy deck dict (as sync sends it) back to the deck model: `name` with `::` becomes the native
// name, `dyn` (int or bool) picks normal or filtered, `desiredRetention` is a percentage, missing keys
// take Anki's defaults, and unknown keys are kept in common.other (so deck_to_schema11 re-emits them).
// Lenient like serde's defaults: a value of the wrong type counts as missing.
Deck deck_from_schema11(const boost::json::object& dict);

}  // namespace ankc::native
