// The `revlog` table (spec §2.6): one row per answer or manual scheduling change.
#pragma once

#include <optional>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

struct RevlogRow {
  RevlogId id;
  CardId cid;
  Usn usn;
  int ease = 0;
  int32_t ivl = 0;
  int32_t last_ivl = 0;
  int32_t factor = 0;
  int32_t time = 0;  // ms
  int kind = 0;      // the `type` column
};

// Inserts a revlog row; when row.id is taken, max(id)+1 is used. Returns the stored id.
RevlogId add_revlog(Db& db, RevlogRow& row);
// Deletes the row with that id (undoing an answer); true when one was deleted.
bool remove_revlog(Db& db, RevlogId id);
// The revlog of a card, oldest first.
std::vector<RevlogRow> revlog_of_card(Db& db, CardId cid);
// The newest revlog id, or nullopt when empty.
std::optional<RevlogId> latest_revlog_id(Db& db);

}  // namespace ankc::native::storage
