// The collection as a sync sees it (sync-protocol.md §4, §5): objects selected by usn, rows of
// notes/cards/revlog in the positional form they travel in, usn stamping, the sanity counts, and the
// col-row bookkeeping of meta, finish and full sync. Merge rules are not decided here (sync/client and
// sync/server do that); this is only the SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "backends/native/storage/ids.h"
#include "backends/native/sync/protocol/messages.h"

namespace ankc::native::storage {

class Db;

// The tables whose rows carry a usn and travel in a sync.
enum class SyncTable { Revlog, Cards, Notes, Notetypes, Decks, DeckConfigs };

// What meta needs from the col row, plus whether any card exists.
struct LocalMeta {
  int64_t mod = 0, scm = 0, ls = 0;  // ms
  int32_t usn = 0;
  bool empty = true;                 // no cards
};
LocalMeta local_meta(Db& db);

// Ids whose usn is -1 (a client's pending objects), ascending.
std::vector<int64_t> pending_ids(Db& db, SyncTable table);
// Ids whose usn >= min_usn (a server's changes since a client's last sync), ascending.
std::vector<int64_t> ids_since_usn(Db& db, SyncTable table, int32_t min_usn);
// Sets usn on the rows with those ids.
void set_usn(Db& db, SyncTable table, const std::vector<int64_t>& ids, Usn usn);

// Graves with usn -1 (cards, notes, decks), and stamping them with usn.
sync::Graves pending_graves(Db& db);
void set_pending_graves_usn(Db& db, Usn usn);
// Graves with usn >= min_usn.
sync::Graves graves_since_usn(Db& db, int32_t min_usn);

// Tag names with usn -1 / usn >= min_usn, and stamping them.
std::vector<std::string> pending_tags(Db& db);
std::vector<std::string> tags_since_usn(Db& db, int32_t min_usn);
void set_tags_usn(Db& db, const std::vector<std::string>& names, Usn usn);

// Rows as they travel; nullopt when the id does not exist.
std::optional<sync::RevlogEntry> get_revlog_entry(Db& db, int64_t id);
std::optional<sync::CardEntry> get_card_entry(Db& db, int64_t id);
std::optional<sync::NoteEntry> get_note_entry(Db& db, int64_t id);
// (mod, usn) of a card / note, for the merge decision; nullopt when missing.
struct ModUsn { int64_t mod = 0; int32_t usn = 0; };
std::optional<ModUsn> card_mod_usn(Db& db, int64_t id);
std::optional<ModUsn> note_mod_usn(Db& db, int64_t id);
// INSERT OR IGNORE a revlog row; INSERT OR REPLACE a card row.
void insert_revlog_entry_or_ignore(Db& db, const sync::RevlogEntry& e);
void put_card_entry(Db& db, const sync::CardEntry& e);
// INSERT OR REPLACE a note row with the given (recomputed) sfld and csum.
void put_note_entry(Db& db, const sync::NoteEntry& e, const std::string& sfld, uint32_t csum);

// Deletions a sync applies (the row only; graves are written by the caller).
void remove_card_row(Db& db, int64_t id);
void remove_note_row(Db& db, int64_t id);
void remove_deck_row(Db& db, int64_t id);

// count(*) of cards, notes, revlog, graves, notetypes, decks, deck_config (due counts stay 0).
sync::SanityCounts sanity_counts(Db& db);
// The first of cards, notes, revlog, graves, decks, deck_config, tags, notetypes holding a row with
// usn -1, or "" when none does.
std::string table_with_pending_usn(Db& db);

// Every config row as key -> parsed JSON value (the `conf` of applyChanges).
boost::json::object config_for_sync(Db& db);
// Replaces the whole config table with `conf` (each row usn, mtime as given).
void replace_config(Db& db, const boost::json::object& conf, Usn usn, TimestampSecs mtime);
// Sets every config row's usn.
void set_all_config_usn(Db& db, Usn usn);

// The col row after a normal sync: ls = mod = finished_ms, usn = new_usn.
void finish_col(Db& db, int64_t finished_ms, int32_t new_usn);
// Anki's before_upload (§5.1 steps 1-5): graves cleared, pending usns zeroed, col.usn += 1,
// scm = ls = mod = now_ms.
void prepare_full_upload(Db& db, int64_t now_ms);
// A downloaded file's col row: ls = mod.
void mark_downloaded(Db& db);

}  // namespace ankc::native::storage
