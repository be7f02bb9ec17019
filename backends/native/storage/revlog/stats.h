// Revlog queries of the scheduler and the stats actions (scheduling.md §9.4, §11; api §5.7).
// Owned by scheduling/ and stats/.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"
#include "backends/native/storage/revlog/raw_sql.h"
#include "backends/native/storage/revlog/revlog.h"

namespace ankc::native::storage {

class Db;

// The time (secs) of the card's latest real answer: ease 1-4, not a cram entry (type 3, factor 0).
std::optional<TimestampSecs> time_of_last_review(Db& db, CardId cid);
// Rows with id > min_id.
int64_t count_revlog_since(Db& db, RevlogId min_id);
// Every revlog id, ascending (for per-day grouping done by the caller).
std::vector<RevlogId> all_revlog_ids(Db& db);
// Rows with id > start whose card's current deck is did (SQLite order, as AnkiConnect's query).
std::vector<RevlogRow> revlog_of_deck_since(Db& db, DeckId did, RevlogId start);
// The max revlog id of cards currently in did, or nullopt.
std::optional<RevlogId> latest_revlog_id_of_deck(Db& db, DeckId did);
// Rows of the given cards (ids pasted into SQL), SQLite order.
std::vector<RevlogRow> revlog_of_cards(Db& db, const std::vector<CardId>& cids);
// Answers since a moment (the legacy report's "Today" section).
struct RevlogSummary {
  int64_t count = 0;
  int64_t millis = 0;
  int64_t again = 0;
  int64_t learning = 0, review = 0, relearning = 0, filtered = 0;
  int64_t mature_passed = 0, mature_total = 0;  // reviews of cards with lastIvl >= 21
};
// Rows with id > since and ease > 0, optionally only of cards whose current deck is in `decks`.
RevlogSummary summarize_revlog(Db& db, RevlogId since, const std::vector<DeckId>* decks);

// AnkiConnect's insertReviews pastes `insert into revlog(...) values <values_sql>`. This prepares that
// text without running it, so the parse errors (no such column: None, wrong value counts) are the ones
// Anki reports; throws ActionError with SQLite's text.
void check_revlog_insert_sql(Db& db, const std::string& values_sql);
// Inserts the rows (id, cid, usn, ease, ivl, lastIvl, factor, time, type) with bound values, one
// statement per row in the caller's transaction; throws ActionError with SQLite's text (e.g. the UNIQUE
// constraint on revlog.id) as the pasted statement would.
void insert_revlog_rows(Db& db, const std::vector<std::array<SqlValue, 9>>& rows);

}  // namespace ankc::native::storage
