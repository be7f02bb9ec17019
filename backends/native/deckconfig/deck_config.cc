#include "backends/native/deckconfig/deck_config.h"

#include <utility>

namespace ankc::native {

DeckConfig default_deck_config(std::string name) {
  DeckConfig dc;
  dc.name = std::move(name);
  return dc;
}

}  // namespace ankc::native
