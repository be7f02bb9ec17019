// The four answer-button labels cardsInfo reports as nextReviews (api spec §5.5): the interval each of
// Again/Hard/Good/Easy would give, formatted as Anki's scheduler describes it ("<⁨1⁩m", "⁨4⁩d", with
// Fluent's FSI/PDI marks). New and learning cards follow the preset's learning steps; review cards an
// SM-2 estimate without fuzz. (The scheduling module owns the real state machine; this is a stand-in.)
#pragma once

#include <array>
#include <string>

#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/db.h"

namespace ankc::native {

// Labels for the card (Again, Hard, Good, Easy).
std::array<std::string, 4> next_review_labels(storage::Db& db, const storage::CardRow& card, TimestampSecs now);
// Anki's answer-button text for an interval in seconds (`<` when under the 20-minute learn-ahead).
std::string interval_label(double secs);

}  // namespace ankc::native
