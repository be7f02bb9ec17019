// The SQL a sync server needs (sync-protocol.md §4, §9): objects selected by usn, the positional rows
// chunks carry, sanity counts and the col-row bookkeeping of start/finish/download. Merge decisions
// live in backends/native/sync/server; this file only reads and writes rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"
#include "backends/native/sync/protocol/messages.h"

namespace ankc::native::storage {

class Db;

namespace sync_server {

enum class Table { Revlog, Cards, Notes, Notetypes, Decks, DeckConfigs };

// Ids whose usn >= min_usn (what a client has not seen yet), ascending.
std::vector<int64_t> ids_since_usn(Db& db, Table table, int32_t min_usn);
// Graves with usn >= min_usn.
sync::Graves graves_since_usn(Db& db, int32_t min_usn);
// Tag names with usn >= min_usn.
std::vector<std::string> tags_since_usn(Db& db, int32_t min_usn);

// Rows as they travel (§4.4), with their stored usn; nullopt when the id does not exist.
std::optional<sync::RevlogEntry> revlog_entry(Db& db, int64_t id);
std::optional<sync::CardEntry> card_entry(Db& db, int64_t id);
std::optional<sync::NoteEntry> note_entry(Db& db, int64_t id);
// (mod, usn) of a card or note, for the merge decision.
struct ModUsn {
  int64_t mod = 0;
  int32_t usn = 0;
};
std::optional<ModUsn> card_mod_usn(Db& db, int64_t id);
std::optional<ModUsn> note_mod_usn(Db& db, int64_t id);
// INSERT OR IGNORE a revlog row (revlog rows are never updated by a sync).
void insert_revlog_or_ignore(Db& db, const sync::RevlogEntry& e);
// INSERT OR REPLACE a card row exactly as sent.
void put_card_entry(Db& db, const sync::CardEntry& e);

// count(*) of cards, notes, revlog, graves, notetypes, decks, deck_config; due counts 0.
sync::SanityCounts sanity_counts(Db& db);
// True when cards, notes, revlog, graves, decks, deck_config, tags or notetypes hold a usn -1 row.
bool has_pending_usn(Db& db);
// Whether any card exists.
bool has_cards(Db& db);

// The whole config table as key -> parsed JSON value.
boost::json::object all_config_json(Db& db);
// Replaces the whole config table (each row with usn, mtime).
void replace_all_config(Db& db, const boost::json::object& conf, Usn usn, TimestampSecs mtime);

// col bookkeeping.
void set_col_last_sync(Db& db, TimestampMillis ls);
void increment_col_usn(Db& db);
// A new account's collection (§9, §0.9): mod = 0, scm = scm, usn = 0, ls = 0.
void reset_col_for_new_account(Db& db, TimestampMillis scm);

}  // namespace sync_server
}  // namespace ankc::native::storage
