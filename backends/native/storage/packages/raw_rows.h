// Package import/export copies whole rows of notes, cards and revlog between two collections, keeping
// every column's value and storage class as it was (Anki's importer and exporter copy rows with
// `select *` / `insert ... values (?,...)`). A row is a list of SQLite values; callers change the few
// columns the package rules touch by index (kNote*/kCard*/kRevlog* below).
#pragma once

#include "backends/native/storage/cards/cards.h"  // next_new_position

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {
class Db;

// One SQLite value with its storage class (SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, SQLITE_BLOB,
// SQLITE_NULL).
struct SqlValue {
  int type = 5;  // SQLITE_NULL
  int64_t i = 0;
  double d = 0;
  std::string s;
  static SqlValue integer(int64_t v) { return SqlValue{1, v, 0, {}}; }
  static SqlValue text(std::string v) { return SqlValue{3, 0, 0, std::move(v)}; }
};
using SqlRow = std::vector<SqlValue>;

// Column indexes of `notes` (11 columns), `cards` (18) and `revlog` (9) in table order.
enum NoteCol { kNoteId, kNoteGuid, kNoteMid, kNoteMod, kNoteUsn, kNoteTags, kNoteFlds, kNoteSfld, kNoteCsum };
enum CardCol {
  kCardId, kCardNid, kCardDid, kCardOrd, kCardMod, kCardUsn, kCardType, kCardQueue, kCardDue, kCardIvl,
  kCardFactor, kCardReps, kCardLapses, kCardLeft, kCardOdue, kCardOdid, kCardFlags, kCardData
};
enum RevlogCol { kRevlogId, kRevlogCid, kRevlogUsn };

// Every note row, by id.
std::vector<SqlRow> all_note_rows(Db& db);
// The note rows with those ids, by id.
std::vector<SqlRow> note_rows_with_ids(Db& db, const std::vector<int64_t>& ids);
// Every card row whose note exists, preceded by two columns: the note's guid and mid (20 values).
std::vector<SqlRow> all_card_rows_with_note(Db& db);
// The card rows whose deck (did) is one of dids, by id.
std::vector<SqlRow> card_rows_in_decks(Db& db, const std::vector<int64_t>& dids);
// The revlog rows of one card / of some cards, by id.
std::vector<SqlRow> revlog_rows_of_card(Db& db, int64_t cid);
std::vector<SqlRow> revlog_rows_of_cards(Db& db, const std::vector<int64_t>& cids);

// INSERT OR REPLACE a note row; INSERT OR IGNORE a card / revlog row.
void put_note_row(Db& db, const SqlRow& row);
void insert_card_row_or_ignore(Db& db, const SqlRow& row);
void insert_revlog_row_or_ignore(Db& db, const SqlRow& row);

// (id, guid, mod, mid) of every note.
struct NoteKey {
  int64_t id = 0;
  std::string guid;
  int64_t mod = 0;
  int64_t mid = 0;
};
std::vector<NoteKey> all_note_keys(Db& db);
// (guid, ord, card id) of every card whose note exists.
struct CardKey {
  std::string guid;
  int64_t ord = 0;
  int64_t id = 0;
};
std::vector<CardKey> all_card_keys(Db& db);
// The ids of the given cards that are not new (queue != 0 or type != 0).
std::vector<int64_t> non_new_card_ids(Db& db, const std::vector<int64_t>& cids);
// Anki's export reset of all listed cards: reps, lapses, odid, odue = 0 and queue = new.
void reset_card_counts(Db& db, const std::vector<int64_t>& cids);
// One card back to a new card at position due: type/queue new, ivl/factor 0, due = position.
void schedule_card_as_new(Db& db, int64_t cid, int64_t position, TimestampSecs mtime);
// Deletes every notetype with its fields and templates (the temporary export collection).
void remove_all_notetypes(Db& db);

}  // namespace ankc::native::storage
