// Upgrading schema 11-17 collections to 18 (spec §9.2), in one transaction.
#include "backends/action_error.h"
#include "backends/native/collection/collection.h"

namespace ankc::native {

void upgrade_to_current(storage::Db& db, Clock& clock, Random& random) {
  throw ActionError("upgrading older collections is not implemented yet");
}

}  // namespace ankc::native
