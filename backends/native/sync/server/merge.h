// The server's half of a normal sync (sync-protocol.md §4.5 seen from the server, §9, §0.3, §0.4):
// what it sends (objects with usn >= the client's minUsn, usns not rewritten) and how it merges what
// the client sends (stored with the client's usn; tags, config and name-clash renames get the server
// usn). Every function runs inside the sync's open transaction; a broken reference or a notetype
// whose field/template count changed throws (the server answers 400).
#pragma once

#include <cstdint>
#include <deque>

#include "backends/native/collection/clock.h"
#include "backends/native/storage/ids.h"
#include "backends/native/sync/protocol/messages.h"

namespace ankc::native::storage {
class Db;
}

namespace ankc::native::sync::server {

// The server's notetypes, decks, deck configs and tags with usn >= client_usn, plus the whole config
// and crt when the client is not newer.
UnchunkedChanges local_changes(storage::Db& db, int32_t client_usn, bool client_is_newer);

// Merges the client's changes: notetypes, decks and deck configs replace the stored copy when it is
// missing or not newer (mod <=), names made unique with a "+" suffix; tags added when missing;
// conf replaces the whole config table and crt sets col.crt.
void merge_changes(storage::Db& db, const Clock& clock, const UnchunkedChanges& client, Usn server_usn);

// Deletes the objects named by a client's graves (rows only) and records graves with server_usn.
void apply_graves(storage::Db& db, const Graves& graves, Usn server_usn);

// The ids still to send, listed on the first `chunk` call.
struct ChunkableIds {
  std::deque<int64_t> revlog, cards, notes;
};
ChunkableIds chunkable_ids(storage::Db& db, int32_t client_usn);
// The next chunk: one revlog, note and card id per round until 250 objects or the lists run dry; the
// limit is checked between rounds, so a chunk may hold 251 or 252 (§0.4). done when under the limit.
Chunk next_chunk(storage::Db& db, ChunkableIds& ids);
inline constexpr int kChunkSize = 250;

// Merges a client chunk: revlog insert-or-ignore; a card or note replaces the stored row when that is
// missing, not pending (usn < client_usn) or older (mod <); notes get sfld/csum from their notetype.
void merge_chunk(storage::Db& db, const Chunk& chunk, int32_t client_usn);

}  // namespace ankc::native::sync::server
