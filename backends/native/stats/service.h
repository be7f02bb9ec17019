// The stats actions of AnkiConnect (ankiconnect-api.md §5.7) plus getDeckStats (§5.2, Q12):
// reviews today and per day, the revlog of a deck or of cards, inserting raw revlog rows, the legacy
// collection report (approximate) and the deck-tree due counts.
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

std::span<const ServiceAction> stats_actions();

}  // namespace ankc::native
