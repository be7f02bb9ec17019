// The JSON messages of a collection sync (spec sync-protocol.md §2-§5, §0 corrections), as plain
// structs with encoders and strict decoders shared by the sync client and the sync server. Decoders
// throw ProtocolError (protocol/wire.h) on the wrong shape; per §0.5, floats are accepted only for
// card mod/due/ivl/odue and revlog ivl/lastIvl/factor/time (truncated to integers), and a chunk row
// of the wrong length is an error.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::native::sync {

// hostKey: {"u":..., "p":...} -> {"key":...}
struct HostKeyRequest { std::string username, password; };
boost::json::value to_json(const HostKeyRequest& r);
HostKeyRequest host_key_request_from_json(const boost::json::value& v);

// meta request: {"v":11,"cv":"anki,26.08.1 (dev),linux"}
struct MetaRequest { int v = 11; std::string cv; };
boost::json::value to_json(const MetaRequest& r);
MetaRequest meta_request_from_json(const boost::json::value& v);

// meta answer (§3.1). media_usn is nullopt when the server left it out; empty defaults to false.
struct SyncMeta {
  int64_t mod = 0;   // ms
  int64_t scm = 0;   // ms
  int32_t usn = 0;
  int64_t ts = 0;    // server clock, seconds
  std::string msg;
  bool cont = true;
  int64_t host_num = 0;
  bool empty = false;
  std::optional<int32_t> media_usn;
};
boost::json::value to_json(const SyncMeta& m);
SyncMeta sync_meta_from_json(const boost::json::value& v);

// Graves {"cards":[...],"notes":[...],"decks":[...]} (ids may arrive as strings from old clients).
struct Graves {
  std::vector<int64_t> cards, notes, decks;
  bool empty() const { return cards.empty() && notes.empty() && decks.empty(); }
  size_t size() const { return cards.size() + notes.size() + decks.size(); }
};
boost::json::value to_json(const Graves& g);
Graves graves_from_json(const boost::json::value& v);

// start: {"minUsn":n,"lnewer":b,"graves":null}
struct StartRequest { int32_t min_usn = 0; bool lnewer = false; std::optional<Graves> graves; };
boost::json::value to_json(const StartRequest& r);
StartRequest start_request_from_json(const boost::json::value& v);

// Chunk rows, positional (§4.4).
struct RevlogEntry {  // [id, cid, usn, ease, ivl, lastIvl, factor, time, type]
  int64_t id = 0, cid = 0;
  int32_t usn = 0;
  int64_t ease = 0, ivl = 0, last_ivl = 0, factor = 0, time = 0, type = 0;
};
struct CardEntry {  // [id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data]
  int64_t id = 0, nid = 0, did = 0, ord = 0, mod = 0;
  int32_t usn = 0;
  int64_t type = 0, queue = 0, due = 0, ivl = 0, factor = 0, reps = 0, lapses = 0, left = 0, odue = 0, odid = 0,
          flags = 0;
  std::string data;
};
struct NoteEntry {  // [id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data]
  int64_t id = 0;
  std::string guid;
  int64_t mid = 0, mod = 0;
  int32_t usn = 0;
  std::string tags;  // " a b " (leading and trailing space) or ""
  std::string flds;  // fields joined with \x1f
  // Sent as "" and 0 (§4.4); the receiver recomputes sfld/csum from the notetype.
  int64_t flags = 0;
  std::string data;
};
struct Chunk {
  bool done = false;
  std::vector<RevlogEntry> revlog;
  std::vector<CardEntry> cards;
  std::vector<NoteEntry> notes;
  size_t size() const { return revlog.size() + cards.size() + notes.size(); }
};
// Empty arrays are left out; sfld/csum are written as "" and "", flags/data of notes as sent.
boost::json::value to_json(const Chunk& c);
Chunk chunk_from_json(const boost::json::value& v);

// applyChanges payload and answer (§4.4). Notetypes, decks and deck configs travel as schema-11 JSON
// objects, kept as JSON here (conversion belongs to each concept's schema11 module).
struct UnchunkedChanges {
  boost::json::array notetypes;     // "models"
  boost::json::array decks;         // "decks"[0]
  boost::json::array deck_configs;  // "decks"[1]
  std::vector<std::string> tags;
  std::optional<boost::json::object> config;  // "conf": the whole config table, key -> JSON value
  std::optional<int64_t> crt;                 // collection creation, seconds
};
boost::json::value to_json(const UnchunkedChanges& c);
UnchunkedChanges unchunked_changes_from_json(const boost::json::value& v);

// [[new, learn, review], cards, notes, revlog, graves, notetypes, decks, deck_configs]
struct SanityCounts {
  int64_t due_new = 0, due_learn = 0, due_review = 0;  // current Anki sends 0s; servers ignore them
  int64_t cards = 0, notes = 0, revlog = 0, graves = 0, notetypes = 0, decks = 0, deck_configs = 0;
  // Equal ignoring the due counts and graves, as the server compares.
  bool matches(const SanityCounts& o) const {
    return cards == o.cards && notes == o.notes && revlog == o.revlog && notetypes == o.notetypes &&
           decks == o.decks && deck_configs == o.deck_configs;
  }
};
boost::json::value to_json(const SanityCounts& c);
SanityCounts sanity_counts_from_json(const boost::json::value& v);

// sanityCheck2 answer: {"status":"ok"|"bad","c":counts|null,"s":counts|null}
struct SanityCheckResponse {
  bool ok = true;
  std::optional<SanityCounts> client, server;
};
boost::json::value to_json(const SanityCheckResponse& r);
SanityCheckResponse sanity_check_response_from_json(const boost::json::value& v);

// Request envelopes: applyGraves {"chunk":Graves}, applyChanges {"changes":...}, applyChunk
// {"chunk":Chunk}, sanityCheck2 {"client":counts}. Returns body[key]; throws ProtocolError when body is
// not an object or lacks the key.
const boost::json::value& request_field(const boost::json::value& body, std::string_view key);
// Parses a decompressed JSON payload; throws ProtocolError ("invalid json") on a syntax error.
boost::json::value parse_json_payload(std::string_view text);

}  // namespace ankc::native::sync
