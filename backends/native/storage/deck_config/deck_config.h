// The `deck_config` table (spec §2.8): deck option presets. `config` holds DeckConfig.Config bytes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

struct DeckConfigRow {
  DeckConfigId id;
  std::string name;
  TimestampSecs mtime;
  Usn usn;
  std::string config;  // serialized ankc.pb.DeckConfigConfig
};

// The preset with that id, or nullopt.
std::optional<DeckConfigRow> get_deck_config(Db& db, DeckConfigId id);
// All presets, ordered by id.
std::vector<DeckConfigRow> all_deck_configs(Db& db);
// Inserts a new preset; row.id is set to max(now, max(id)+1) (spec §8.1) and returned.
DeckConfigId add_deck_config(Db& db, DeckConfigRow& row, TimestampMillis now);
// Inserts or replaces the row with its given id.
void put_deck_config(Db& db, const DeckConfigRow& row);
// Deletes the preset row (the caller reassigns decks and bumps scm).
void remove_deck_config(Db& db, DeckConfigId id);

}  // namespace ankc::native::storage
