// Card queries of the scheduler (scheduling.md §6, §11, §12): sibling burying, the day-rollover
// unbury, relearnCards' raw update, and per-deck due counts. Owned by scheduling/.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

// Buries (queue -2) the other cards of note nid in the queues selected; mod/usn stamped.
// Suspended and already buried cards are untouched. Returns the number of cards buried.
int bury_siblings(Db& db, NoteId nid, CardId except, bool queue_new, bool queue_review, bool queue_day_learn,
                  TimestampSecs mtime);

// Restores queue from type for every buried card (queues -2/-3), without touching mod/usn.
void unbury_all(Db& db);

// AnkiConnect's relearnCards: `update cards set type=3, queue=1 where id in (<ids>)`, ids pasted as
// given (already formatted by the caller, e.g. "1, 2"). Throws ActionError with SQLite's text.
void set_relearning_raw(Db& db, const std::string& id_list);
// Prepares that statement without running it (SQLite's parse error as ActionError).
void check_relearning_sql(Db& db, const std::string& id_list);

// Every card whose due column lies in [min_day, max_day), whatever its queue (rslib
// get_all_cards_due_in_range, the load balancer's source), in rowid order.
struct CardDueDay {
  CardId id;
  NoteId nid;
  DeckId did;
  int64_t due = 0;
};
std::vector<CardDueDay> cards_due_in_day_range(Db& db, int64_t min_day, int64_t max_day);

// Raw due counts of the cards whose current deck is did (§12.1).
struct DeckDueCounts {
  DeckId did;
  int64_t new_count = 0;
  int64_t review = 0;
  int64_t interday_learning = 0;
  int64_t intraday_learning = 0;
  int64_t total = 0;
};
std::vector<DeckDueCounts> due_counts_by_deck(Db& db, int64_t today, int64_t learn_cutoff_secs);

// Card counts for the legacy stats report, optionally limited to cards whose current deck is in decks.
struct CardCounts {
  int64_t total = 0, new_cards = 0, learning = 0, young = 0, mature = 0, suspended = 0, buried = 0;
};
CardCounts card_counts(Db& db, const std::vector<DeckId>* decks);

}  // namespace ankc::native::storage
