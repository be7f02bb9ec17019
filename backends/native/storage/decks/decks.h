// The `decks` table (spec §2.11). Names are in native form (components joined by U+001F) and compared
// with unicase; `common` and `kind` hold Deck.Common / Deck.KindContainer bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

struct DeckRow {
  DeckId id;
  std::string name;  // native form, "A\x1fB"
  TimestampSecs mtime;
  Usn usn;
  std::string common;  // serialized ankc.pb.DeckCommon
  std::string kind;    // serialized ankc.pb.DeckKindContainer
};

// The deck with that id, or nullopt.
std::optional<DeckRow> get_deck(Db& db, DeckId id);
// The deck whose native name equals name case-insensitively (unicase), or nullopt.
std::optional<DeckRow> get_deck_by_name(Db& db, std::string_view native_name);
// All decks in unicase name order (the deck list order; parents before children).
std::vector<DeckRow> all_decks(Db& db);
// All descendants of the deck named parent (native form), in name order.
std::vector<DeckRow> child_decks(Db& db, std::string_view parent_native_name);
// Inserts a new deck; row.id is set to max(now, max(id)+1) and returned. Throws ActionError when
// the name already exists (unique index).
DeckId add_deck(Db& db, DeckRow& row, TimestampMillis now);
// Inserts or replaces the row with its given id.
void put_deck(Db& db, const DeckRow& row);
// Deletes the deck row only (the caller handles cards and the grave).
void remove_deck(Db& db, DeckId id);

}  // namespace ankc::native::storage
