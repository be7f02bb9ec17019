// The graphical actions of AnkiConnect (api spec §5.8) answered headless, per each action's
// `headless_proposal` in ankiconnect-actions.json: no window ever opens, the plugin's validations and
// error texts stay, and the few effects that live in the collection happen (guiDeckOverview and
// guiDeckReview select the current deck, guiAddCards selects the deck and note type).
#pragma once

#include <span>

#include "backends/native/service.h"

namespace ankc::native {

// The table native_backend.cc concatenates: every gui* action.
std::span<const ServiceAction> gui_actions();

}  // namespace ankc::native
