// The SQL of Check Database (dbcheck/repair.h), in Anki's order of steps: card property fixes,
// orphans, missing decks, filtered-card links, per-note card lists, tag table rebuild, revlog
// fixes, new-card position and future ids. Every function runs inside the caller's transaction
// except quick_check and optimize.
#pragma once

#include "backends/native/storage/cards/cards.h"  // next_new_position

#include <cstdint>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

// PRAGMA quick_check said "ok".
bool quick_check_ok(Db& db);
// VACUUM, REINDEX (the unicase indexes), ANALYZE. Outside any transaction.
void optimize(Db& db);

// Cards: new cards' due >= 1,000,000 folded to 1,000,000 + due % 1,000,000 (queue 4 excepted);
// returns the number changed.
int fix_new_card_due(Db& db, TimestampSecs mtime, Usn usn);
// Review-queue due beyond 100,000 → today; other due values rounded and clamped to 32 bits.
int fix_other_card_due(Db& db, int64_t today, TimestampSecs mtime, Usn usn);
// odue rounded/clamped; a positive odue on a learning or review card outside a filtered deck is
// cleared unless the collection still uses the v1 scheduler.
int fix_card_odue(Db& db, bool v1_scheduler, TimestampSecs mtime, Usn usn);
// ivl rounded and clamped to 0..2^31-1.
int fix_card_ivl(Db& db, TimestampSecs mtime, Usn usn);
// A non-integer mod made integral.
int fix_card_mod(Db& db);
// ord clamped to 0..30000.
int fix_card_ord(Db& db, TimestampSecs mtime, Usn usn);
// Deletes cards whose note is missing; returns how many.
int delete_orphaned_cards(Db& db);
// Deck ids cards use that have no deck row, ascending.
std::vector<DeckId> missing_card_decks(Db& db);
// (card id, current deck) of every card with odid > 0.
std::vector<std::pair<CardId, DeckId>> cards_with_original_deck(Db& db);
// Clears odid and odue of a card.
void clear_original_deck(Db& db, CardId id);

// Every (notetype id, note id), ordered by notetype then note.
std::vector<std::pair<NotetypeId, NoteId>> note_ids_by_notetype(Db& db);
// (card id, ord) of a note's cards in id order.
std::vector<std::pair<CardId, uint32_t>> card_ords_of_note(Db& db, NoteId nid);
// The note's flds as raw bytes (may be invalid UTF-8).
std::string raw_note_fields(Db& db, NoteId nid);
// The highest card ord used by notes of the notetype (0 without cards).
int64_t highest_card_ord_of_notetype(Db& db, NotetypeId ntid);

// Tag names that are expanded (collapsed = 0); delete all tag rows; mark names expanded again.
std::vector<std::string> expanded_tags(Db& db);
void clear_tags(Db& db);
void set_tag_expanded(Db& db, const std::string& name);

// Revlog ivl/lastIvl/time rounded and clamped; type 0 with time 0 and ease 0 becomes 5 (manual).
int fix_revlog_properties(Db& db);

// Number of notes, cards and revlog entries whose id is above cutoff (ms).
int64_t count_ids_above(Db& db, int64_t cutoff);
// Renumbers notes (and cards.nid), cards (and revlog.cid) and revlog whose id is above cutoff to
// consecutive ids from max(first_new, the table's highest valid id + 1).
void renumber_ids_above(Db& db, int64_t cutoff, int64_t first_new);

}  // namespace ankc::native::storage
