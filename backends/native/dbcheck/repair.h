// Check Database (rslib dbcheck.rs, collection-format.md §8.18): repairs a collection in place and
// counts what it fixed. The counts become Anki's English problem lines.
#pragma once

#include <string>
#include <vector>

#include "backends/native/collection/random.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/ids.h"

namespace ankc::native::dbcheck {

struct RepairCounts {
  int notetypes_recovered = 0;
  int card_position_too_high = 0;
  int card_properties_invalid = 0;
  int cards_missing_note = 0;
  int decks_missing = 0;
  int field_count_mismatch = 0;
  int card_ords_duplicated = 0;
  int templates_missing = 0;
  int revlog_properties_invalid = 0;
  int invalid_utf8 = 0;
  int invalid_ids = 0;

  // One English line per kind of fix, in Anki's order (database-check.ftl texts).
  std::vector<std::string> problems() const;
};

// Anki's text when PRAGMA quick_check fails.
inline constexpr const char* kCollectionCorrupt = "Collection file is corrupt. Please restore from an automatic backup.";

// True when PRAGMA quick_check passes.
bool collection_is_sound(storage::Db& db);
// VACUUM, REINDEX, ANALYZE (no transaction may be open).
void optimize_collection(storage::Db& db);

// All repairs, inside one write transaction stamped `now` (schema marked modified when structure
// was repaired, as Anki does). The collection must be sound.
RepairCounts repair_collection(storage::Db& db, TimestampMillis now, Random& random);

}  // namespace ankc::native::dbcheck
