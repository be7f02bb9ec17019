// The card actions of AnkiConnect (api spec §5.5) served here: cardsInfo, cardsModTime,
// getEaseFactors, setEaseFactors, setSpecificValueOfCard, suspend, unsuspend, suspended,
// areSuspended, cardsToNotes. (findCards belongs to search; scheduling actions to scheduling.)
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

// The table native_backend.cc concatenates.
std::span<const ServiceAction> cards_actions();

}  // namespace ankc::native
