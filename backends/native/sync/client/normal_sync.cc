#include "backends/native/sync/client/normal_sync.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <optional>

#include "backends/action_error.h"
#include "backends/native/collection/schema11_rows.h"
#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/deckconfig/schema11.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/decks/schema11.h"
#include "backends/native/notes/note.h"
#include "backends/native/notes/note_ops.h"
#include "backends/native/notes/note_text.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/notetypes/schema11.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/graves/graves.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/tags/tags.h"
#include "backends/native/storage/transaction.h"
#include "backends/native/sync/client/sync_error.h"

namespace ankc::native::sync {
namespace {

namespace json = boost::json;
using storage::Db;
using storage::SyncTable;

constexpr size_t kChunkSize = 250;  // objects per graves/applyChunk request (§4.3)

json::value parse_answer(const std::string& text, std::string_view method) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) throw ProtocolError("the answer to " + std::string(method) + " is not JSON");
  return v;
}

// The local half of a normal sync: each step of §4.3 against the open transaction.
class ClientSync {
 public:
  ClientSync(Db& db, Transport& t, const SyncMeta& remote, const storage::LocalMeta& local, Clock& clock)
      : db_(db), t_(t), server_usn_(remote.usn), lnewer_(local.mod > remote.mod), local_(local), clock_(clock) {}

  SyncCounts run() {
    Graves remote_graves = start();
    send_local_graves();
    apply_graves(remote_graves);
    exchange_changes();
    receive_chunks();
    send_chunks();
    sanity_check();
    finish();
    return counts_;
  }

 private:
  Usn usn() const { return Usn{server_usn_}; }

  json::value call(std::string_view method, const json::value& payload) {
    return parse_answer(t_.post_ok(method, json::serialize(payload)), method);
  }

  Graves start() {
    StartRequest r{local_.usn, lnewer_, std::nullopt};
    Graves g = graves_from_json(call("start", to_json(r)));
    counts_.received += g.size();
    return g;
  }

  void send_local_graves() {
    Graves pending = storage::pending_graves(db_);
    if (pending.empty()) return;
    storage::set_pending_graves_usn(db_, usn());
    counts_.sent += pending.size();
    // Chunks of at most 250 ids in total: cards first, then notes, then decks.
    size_t ci = 0, ni = 0, di = 0;
    while (ci < pending.cards.size() || ni < pending.notes.size() || di < pending.decks.size()) {
      Graves chunk;
      size_t room = kChunkSize;
      for (; room && ci < pending.cards.size(); --room) chunk.cards.push_back(pending.cards[ci++]);
      for (; room && ni < pending.notes.size(); --room) chunk.notes.push_back(pending.notes[ni++]);
      for (; room && di < pending.decks.size(); --room) chunk.decks.push_back(pending.decks[di++]);
      call("applyGraves", json::object{{"chunk", to_json(chunk)}});
    }
  }

  void apply_graves(const Graves& g) {
    for (int64_t id : g.notes) storage::remove_note_row(db_, id), storage::add_note_grave(db_, NoteId{id}, usn());
    for (int64_t id : g.cards) storage::remove_card_row(db_, id), storage::add_card_grave(db_, CardId{id}, usn());
    for (int64_t id : g.decks) storage::remove_deck_row(db_, id), storage::add_deck_grave(db_, DeckId{id}, usn());
  }

  // §4.3 step 4: pending notetypes, decks, deck configs and tags out (stamped with the server usn), and
  // the whole config when the client is newer; then the server's changes in.
  void exchange_changes() {
    UnchunkedChanges mine;
    std::vector<int64_t> ids = storage::pending_ids(db_, SyncTable::Notetypes);
    storage::set_usn(db_, SyncTable::Notetypes, ids, usn());
    for (int64_t id : ids)
      if (auto nt = load_notetype(db_, NotetypeId{id})) mine.notetypes.push_back(notetype_to_schema11(*nt));
    ids = storage::pending_ids(db_, SyncTable::Decks);
    storage::set_usn(db_, SyncTable::Decks, ids, usn());
    for (int64_t id : ids)
      if (auto row = storage::get_deck(db_, DeckId{id})) mine.decks.push_back(deck_to_schema11(deck_from_row(*row)));
    ids = storage::pending_ids(db_, SyncTable::DeckConfigs);
    storage::set_usn(db_, SyncTable::DeckConfigs, ids, usn());
    for (int64_t id : ids)
      if (auto row = storage::get_deck_config(db_, DeckConfigId{id}))
        mine.deck_configs.push_back(deck_config_to_schema11(deck_config_from_row(*row)));
    mine.tags = storage::pending_tags(db_);
    storage::set_tags_usn(db_, mine.tags, usn());
    if (lnewer_) {
      storage::set_all_config_usn(db_, Usn{0});
      mine.config = storage::config_for_sync(db_);
      mine.crt = storage::get_col(db_).crt.v;
    }
    counts_.sent += mine.notetypes.size() + mine.decks.size() + mine.deck_configs.size() + mine.tags.size() +
                    (mine.config ? 1 : 0);
    UnchunkedChanges theirs = unchunked_changes_from_json(call("applyChanges", json::object{{"changes", to_json(mine)}}));
    counts_.received += theirs.notetypes.size() + theirs.decks.size() + theirs.deck_configs.size() +
                        theirs.tags.size() + (theirs.config ? 1 : 0);
    merge_notetypes(theirs.notetypes);
    merge_decks(theirs.decks);
    merge_deck_configs(theirs.deck_configs);
    for (const std::string& tag : theirs.tags)
      if (!storage::get_tag(db_, tag)) storage::put_tag(db_, {tag, usn(), true});
    if (theirs.config) storage::replace_config(db_, *theirs.config, usn(), clock_.now_secs());
    if (theirs.crt) storage::set_col_creation(db_, TimestampSecs{*theirs.crt});
  }

  static const json::object& object_of(const json::value& v, const char* what) {
    if (!v.is_object()) throw ProtocolError(std::string("a ") + what + " in applyChanges is not an object");
    return v.as_object();
  }

  void merge_notetypes(const json::array& incoming) {
    for (const json::value& v : incoming) {
      NotetypeRows rows = notetype_rows_from_schema11(object_of(v, "notetype"));
      auto local = storage::get_notetype(db_, rows.notetype.id);
      if (local && local->mtime > rows.notetype.mtime) continue;
      if (local && (storage::get_fields(db_, local->id).size() != rows.fields.size() ||
                    storage::get_templates(db_, local->id).size() != rows.templates.size()))
        throw SyncError(SyncErrorKind::ResyncRequired,
                        "sync: the note type '" + local->name +
                            "' changed its fields or templates on both sides; a full sync is now required");
      while (true) {  // a name clash with another notetype: Anki appends '+'
        auto other = storage::get_notetype_id_by_name(db_, rows.notetype.name);
        if (!other || *other == rows.notetype.id) break;
        rows.notetype.name += "+";
      }
      storage::put_notetype(db_, rows.notetype);
      storage::replace_fields(db_, rows.notetype.id, rows.fields);
      storage::replace_templates(db_, rows.notetype.id, rows.templates);
      notetypes_.erase(rows.notetype.id.v);
    }
  }

  void merge_decks(const json::array& incoming) {
    for (const json::value& v : incoming) {
      Deck deck = deck_from_schema11(object_of(v, "deck"));
      auto local = storage::get_deck(db_, deck.id);
      if (local && local->mtime > deck.mtime) continue;
      while (true) {
        auto other = storage::get_deck_by_name(db_, deck.name);
        if (!other || other->id == deck.id) break;
        deck.name += "+";
      }
      storage::put_deck(db_, deck_to_row(deck));
    }
  }

  void merge_deck_configs(const json::array& incoming) {
    for (const json::value& v : incoming) {
      DeckConfig config;
      try {
        config = deck_config_from_schema11(object_of(v, "deck config"));
      } catch (const ActionError& e) {
        throw ProtocolError(std::string("a deck config in applyChanges is malformed: ") + e.what());
      }
      auto local = storage::get_deck_config(db_, config.id);
      if (local && local->mtime > config.mtime) continue;
      storage::put_deck_config(db_, deck_config_to_row(config));
    }
  }

  void receive_chunks() {
    for (int guard = 0;; ++guard) {
      Chunk chunk = chunk_from_json(call("chunk", json::object{}));
      counts_.received += chunk.size();
      merge_chunk(chunk);
      if (chunk.done) return;
    }
  }

  const Notetype& notetype(int64_t mid) {
    auto it = notetypes_.find(mid);
    if (it != notetypes_.end()) return it->second;
    auto nt = load_notetype(db_, NotetypeId{mid});
    if (!nt) throw ProtocolError("a note of note type " + std::to_string(mid) + " arrived, but that note type is unknown");
    return notetypes_.emplace(mid, std::move(*nt)).first->second;
  }

  // §4.5: a card/note replaces the local one when that is missing, not pending, or older.
  static bool incoming_wins(const std::optional<storage::ModUsn>& local, int64_t incoming_mod) {
    return !local || local->usn != -1 || local->mod < incoming_mod;
  }

  void merge_chunk(const Chunk& chunk) {
    for (const RevlogEntry& e : chunk.revlog) storage::insert_revlog_entry_or_ignore(db_, e);
    for (const CardEntry& e : chunk.cards)
      if (incoming_wins(storage::card_mod_usn(db_, e.id), e.mod)) storage::put_card_entry(db_, e);
    for (NoteEntry e : chunk.notes) {
      if (!incoming_wins(storage::note_mod_usn(db_, e.id), e.mod)) continue;
      const Notetype& nt = notetype(e.mid);
      Note note;
      note.id = NoteId{e.id};
      note.notetype_id = nt.id;
      note.fields = split_fields(e.flds);
      // Anki's fix_field_count: missing fields are empty, extra ones are appended to the last.
      while (note.fields.size() < nt.fields.size()) note.fields.emplace_back();
      while (note.fields.size() > nt.fields.size() && note.fields.size() > 1) {
        std::string last = std::move(note.fields.back());
        note.fields.pop_back();
        note.fields.back() += last;
      }
      storage::NoteRow row = note_to_row(note, nt);
      e.flds = row.flds;
      storage::put_note_entry(db_, e, row.sfld, row.csum);
    }
  }

  // §4.3 step 6: pending revlog, notes and cards, one of each in turn, 250 per chunk.
  void send_chunks() {
    std::vector<int64_t> revlog = storage::pending_ids(db_, SyncTable::Revlog);
    std::vector<int64_t> notes = storage::pending_ids(db_, SyncTable::Notes);
    std::vector<int64_t> cards = storage::pending_ids(db_, SyncTable::Cards);
    size_t ri = 0, ni = 0, ci = 0;
    while (true) {
      Chunk chunk;
      while (chunk.size() < kChunkSize && (ri < revlog.size() || ni < notes.size() || ci < cards.size())) {
        if (ri < revlog.size())
          if (auto e = storage::get_revlog_entry(db_, revlog[ri++])) e->usn = server_usn_, chunk.revlog.push_back(*e);
        if (chunk.size() < kChunkSize && ni < notes.size())
          if (auto e = storage::get_note_entry(db_, notes[ni++])) e->usn = server_usn_, chunk.notes.push_back(*e);
        if (chunk.size() < kChunkSize && ci < cards.size())
          if (auto e = storage::get_card_entry(db_, cards[ci++])) e->usn = server_usn_, chunk.cards.push_back(*e);
      }
      chunk.done = chunk.size() < kChunkSize;
      counts_.sent += chunk.size();
      call("applyChunk", json::object{{"chunk", to_json(chunk)}});
      if (chunk.done) break;
    }
    storage::set_usn(db_, SyncTable::Revlog, revlog, usn());
    storage::set_usn(db_, SyncTable::Notes, notes, usn());
    storage::set_usn(db_, SyncTable::Cards, cards, usn());
  }

  void sanity_check() {
    std::string table = storage::table_with_pending_usn(db_);
    if (!table.empty())
      throw SyncError(SyncErrorKind::SanityCheck, "sync: a row of " + table + " is still pending after the sync");
    SanityCounts counts = storage::sanity_counts(db_);
    SanityCheckResponse r = sanity_check_response_from_json(call("sanityCheck2", json::object{{"client", to_json(counts)}}));
    if (!r.ok)
      throw SyncError(SyncErrorKind::SanityCheck,
                      "sync: the collection differs from the server's after syncing (sanity check failed: " +
                          std::string(json::serialize(to_json(r))) + "); a full sync is now required");
  }

  void finish() {
    json::value v = call("finish", json::object{});
    if (!v.is_int64() && !v.is_uint64()) throw ProtocolError("the answer to finish is not a number");
    storage::finish_col(db_, v.to_number<int64_t>(), server_usn_ + 1);
  }

  Db& db_;
  Transport& t_;
  int32_t server_usn_;
  bool lnewer_;
  storage::LocalMeta local_;
  Clock& clock_;
  SyncCounts counts_;
  std::map<int64_t, Notetype> notetypes_;
};

}  // namespace

SyncCounts normal_sync(Db& db, Transport& transport, const SyncMeta& remote, const storage::LocalMeta& local,
                       Clock& clock) {
  SyncCounts counts;
  bool force_full = false;
  {
    storage::WriteTransaction tx(db, clock.now());
    try {
      counts = ClientSync(db, transport, remote, local, clock).run();
      tx.commit();
      return counts;
    } catch (const std::exception& e) {
      tx.rollback();
      try {
        transport.post("abort", "{}");
      } catch (...) {
        // The server drops the state by itself on the next start; nothing more to do.
      }
      const auto* se = dynamic_cast<const SyncError*>(&e);
      force_full = se && (se->kind() == SyncErrorKind::SanityCheck || se->kind() == SyncErrorKind::ResyncRequired);
      if (!force_full) {
        if (se) throw;
        if (dynamic_cast<const ProtocolError*>(&e))
          throw SyncError(SyncErrorKind::Protocol, std::string("sync: ") + e.what() + " (" + transport.endpoint() + ")");
        throw SyncError(SyncErrorKind::BadRequest, std::string("sync: ") + e.what());
      }
      // After the rollback: the next sync must be a full one (§7).
      storage::WriteTransaction mark(db, clock.now());
      mark.mark_schema_changed();
      mark.commit();
      throw;
    }
  }
}

}  // namespace ankc::native::sync
