// Deck names: the human form "A::B::C" and the native form stored in decks.name ("A\x1fB\x1fC").
//
// Anki normalises every component on the way in (collection-format.md §8.8, rslib decks/name.rs):
// NFC, ASCII control characters removed, whitespace and ':' trimmed at both ends, an empty component
// becomes "blank". Comparison and ordering of native names is the storage layer's unicase collation.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::native {

// One normalised component (no "::" or \x1f inside the input is expected, but they are kept as is).
std::string normalized_deck_name_component(std::string_view component);

// Human "A::B" → native "A\x1fB", every component normalised.
std::string native_deck_name(std::string_view human_name);

// Native "A\x1fB" → human "A::B".
std::string human_deck_name(std::string_view native_name);

// The native components of a native name, in order.
std::vector<std::string> deck_name_components(std::string_view native_name);

// The native name of the immediate parent ("A\x1fB" → "A"), or nullopt for a top-level deck.
std::optional<std::string> immediate_parent_name(std::string_view native_name);

// The last component ("A\x1fB" → "B"), i.e. the name a deck tree node shows.
std::string_view deck_basename(std::string_view native_name);

}  // namespace ankc::native
