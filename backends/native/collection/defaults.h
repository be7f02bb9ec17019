// The default deck, default preset and initial config keys of a new collection (spec §5.1, §7.2).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "backends/native/proto/deck.pb.h"
#include "backends/native/proto/deck_config.pb.h"

namespace ankc::native {

// The stock "Default" preset (§4.7 golden blob).
pb::DeckConfigConfig default_deck_config();
// Deck.Common of a new deck: study_collapsed and browser_collapsed true (`08 01 10 01`).
pb::DeckCommon new_deck_common();
// Kind of a new normal deck using preset 1 (`0a 02 08 01`).
pb::DeckKindContainer new_normal_deck_kind();
// Kind of a new filtered deck (§4.6 defaults).
pb::DeckKindContainer new_filtered_deck_kind();
// The 16 config keys a new collection starts with, key → compact JSON, in key order; creationOffset
// is the given minutes west of UTC; curModel is filled in later by creation.
std::vector<std::pair<std::string, std::string>> initial_config(int creation_offset_minutes_west);

}  // namespace ankc::native
