#include "backends/native/notetypes/card_generation.h"

#include "backends/native/cards/card_gen.h"

namespace ankc::native {

void generate_cards_for_notetype(storage::Db& db, const Notetype& nt, TimestampMillis now, Random& /*random*/) {
  CardGenerator(db, nt, now).add_for_notetype();
}

}  // namespace ankc::native
