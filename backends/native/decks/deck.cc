#include "backends/native/decks/deck.h"

#include <utility>

namespace ankc::native {

Deck new_normal_deck(std::string native_name) {
  Deck deck;
  deck.name = std::move(native_name);
  deck.kind = NormalDeck{};
  return deck;
}

}  // namespace ankc::native
