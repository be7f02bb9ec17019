#include "backends/native/sync/server/merge.h"

#include "backends/action_error.h"
#include "backends/native/collection/schema11_rows.h"
#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/deckconfig/schema11.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/decks/schema11.h"
#include "backends/native/notes/note.h"
#include "backends/native/notes/note_ops.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/notetypes/schema11.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/db.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/graves/graves.h"
#include "backends/native/storage/notes/notes.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/sync/sync.h"
#include "backends/native/storage/tags/tags.h"


namespace ankc::native::sync::server {

namespace json = boost::json;
namespace q = storage;

namespace {

[[noreturn]] void fail(const std::string& why) { throw std::runtime_error(why); }

// Anki's ensure_*_name_unique: append "+" until no other object has the name; the rename is a server
// change, stamped with the server usn and now.
template <typename FindByName, typename Obj>
void make_name_unique(Obj& obj, int64_t id, FindByName&& find, Usn server_usn, const Clock& clock) {
  for (;;) {
    std::optional<int64_t> other = find(obj.name);
    if (!other || *other == id) return;
    obj.name += "+";
    obj.mtime = clock.now_secs();
    obj.usn = server_usn;
  }
}

void merge_notetype(storage::Db& db, const json::object& dict, const Clock& clock, Usn server_usn) {
  NotetypeRows rows = notetype_rows_from_schema11(dict);
  std::optional<storage::NotetypeRow> existing = storage::get_notetype(db, rows.notetype.id);
  if (existing && existing->mtime > rows.notetype.mtime) return;
  if (existing) {
    size_t fields = storage::get_fields(db, rows.notetype.id).size();
    size_t templates = storage::get_templates(db, rows.notetype.id).size();
    if (fields != rows.fields.size() || templates != rows.templates.size()) {
      fail("notetype schema changed: " + rows.notetype.name);
    }
  }
  make_name_unique(
      rows.notetype, rows.notetype.id.v,
      [&](const std::string& name) -> std::optional<int64_t> {
        auto id = storage::get_notetype_id_by_name(db, name);
        return id ? std::optional<int64_t>(id->v) : std::nullopt;
      },
      server_usn, clock);
  storage::put_notetype(db, rows.notetype);
  storage::replace_fields(db, rows.notetype.id, rows.fields);
  storage::replace_templates(db, rows.notetype.id, rows.templates);
}

void merge_deck(storage::Db& db, const json::object& dict, const Clock& clock, Usn server_usn) {
  Deck deck = deck_from_schema11(dict);
  if (deck.id.v == 0) fail("deck without an id");
  std::optional<storage::DeckRow> existing = storage::get_deck(db, deck.id);
  if (existing && existing->mtime > deck.mtime) return;
  make_name_unique(
      deck, deck.id.v,
      [&](const std::string& name) -> std::optional<int64_t> {
        auto row = storage::get_deck_by_name(db, name);
        return row ? std::optional<int64_t>(row->id.v) : std::nullopt;
      },
      server_usn, clock);
  storage::put_deck(db, deck_to_row(deck));
}

void merge_deck_config(storage::Db& db, const json::object& dict) {
  DeckConfig config = deck_config_from_schema11(dict);
  if (config.id.v == 0) fail("deck config without an id");
  std::optional<storage::DeckConfigRow> existing = storage::get_deck_config(db, config.id);
  if (existing && existing->mtime > config.mtime) return;
  storage::put_deck_config(db, deck_config_to_row(config));
}

}  // namespace

UnchunkedChanges local_changes(storage::Db& db, int32_t client_usn, bool client_is_newer) {
  UnchunkedChanges out;
  for (int64_t id : q::ids_since_usn(db, q::SyncTable::Notetypes, client_usn)) {
    if (auto nt = load_notetype(db, NotetypeId{id})) out.notetypes.push_back(notetype_to_schema11(*nt));
  }
  for (int64_t id : q::ids_since_usn(db, q::SyncTable::Decks, client_usn)) {
    if (auto row = storage::get_deck(db, DeckId{id})) out.decks.push_back(deck_to_schema11(deck_from_row(*row)));
  }
  for (int64_t id : q::ids_since_usn(db, q::SyncTable::DeckConfigs, client_usn)) {
    if (auto row = storage::get_deck_config(db, DeckConfigId{id})) {
      out.deck_configs.push_back(deck_config_to_schema11(deck_config_from_row(*row)));
    }
  }
  out.tags = q::tags_since_usn(db, client_usn);
  if (!client_is_newer) {
    out.config = q::config_for_sync(db);
    out.crt = storage::get_col(db).crt.v;
  }
  return out;
}

void merge_changes(storage::Db& db, const Clock& clock, const UnchunkedChanges& client, Usn server_usn) {
  for (const json::value& v : client.notetypes) merge_notetype(db, v.as_object(), clock, server_usn);
  for (const json::value& v : client.decks) merge_deck(db, v.as_object(), clock, server_usn);
  for (const json::value& v : client.deck_configs) merge_deck_config(db, v.as_object());
  for (const std::string& tag : client.tags) {
    if (tag.empty() || storage::get_tag(db, tag)) continue;
    storage::put_tag(db, storage::TagRow{tag, server_usn, true});
  }
  if (client.config) q::replace_config(db, *client.config, server_usn, clock.now_secs());
  if (client.crt) storage::set_col_creation(db, TimestampSecs{*client.crt});
}

void apply_graves(storage::Db& db, const Graves& graves, Usn server_usn) {
  for (int64_t id : graves.cards) {
    storage::remove_card(db, CardId{id});
    storage::add_card_grave(db, CardId{id}, server_usn);
  }
  for (int64_t id : graves.notes) {
    storage::remove_note(db, NoteId{id});
    storage::add_note_grave(db, NoteId{id}, server_usn);
  }
  for (int64_t id : graves.decks) {
    storage::remove_deck(db, DeckId{id});
    storage::add_deck_grave(db, DeckId{id}, server_usn);
  }
}

ChunkableIds chunkable_ids(storage::Db& db, int32_t client_usn) {
  ChunkableIds ids;
  for (int64_t id : q::ids_since_usn(db, q::SyncTable::Revlog, client_usn)) ids.revlog.push_back(id);
  for (int64_t id : q::ids_since_usn(db, q::SyncTable::Cards, client_usn)) ids.cards.push_back(id);
  for (int64_t id : q::ids_since_usn(db, q::SyncTable::Notes, client_usn)) ids.notes.push_back(id);
  return ids;
}

Chunk next_chunk(storage::Db& db, ChunkableIds& ids) {
  std::vector<int64_t> revlog, notes, cards;
  int limit = kChunkSize;
  while (limit > 0) {
    int before = limit;
    if (!ids.revlog.empty()) {
      revlog.push_back(ids.revlog.front());
      ids.revlog.pop_front();
      --limit;
    }
    if (!ids.notes.empty()) {
      notes.push_back(ids.notes.front());
      ids.notes.pop_front();
      --limit;
    }
    if (!ids.cards.empty()) {
      cards.push_back(ids.cards.front());
      ids.cards.pop_front();
      --limit;
    }
    if (limit == before) break;
  }
  Chunk chunk;
  chunk.done = limit > 0;
  for (int64_t id : revlog) {
    if (auto e = q::get_revlog_entry(db, id)) chunk.revlog.push_back(std::move(*e));
  }
  for (int64_t id : cards) {
    if (auto e = q::get_card_entry(db, id)) chunk.cards.push_back(std::move(*e));
  }
  for (int64_t id : notes) {
    if (auto e = q::get_note_entry(db, id)) chunk.notes.push_back(std::move(*e));
  }
  return chunk;
}

namespace {

bool incoming_wins(const std::optional<q::ModUsn>& local, int64_t incoming_mod, int32_t client_usn) {
  if (!local) return true;
  bool pending = local->usn >= client_usn;
  return !pending || local->mod < incoming_mod;
}

void merge_note(storage::Db& db, const NoteEntry& e) {
  std::optional<Notetype> nt = load_notetype(db, NotetypeId{e.mid});
  if (!nt) fail("note " + std::to_string(e.id) + " has a missing notetype");
  storage::NoteRow in{NoteId{e.id}, e.guid, NotetypeId{e.mid}, TimestampSecs{e.mod}, Usn{e.usn}, e.tags, e.flds, "",
                      0};
  Note note = note_from_row(in);
  size_t expected = std::max<size_t>(nt->fields.size(), 1);
  if (note.fields.size() != expected) {
    fail("note has " + std::to_string(note.fields.size()) + " fields, expected " + std::to_string(expected));
  }
  storage::put_note(db, note_to_row(note, *nt));
}

}  // namespace

void merge_chunk(storage::Db& db, const Chunk& chunk, int32_t client_usn) {
  for (const RevlogEntry& e : chunk.revlog) q::insert_revlog_entry_or_ignore(db, e);
  for (const CardEntry& e : chunk.cards) {
    if (incoming_wins(q::card_mod_usn(db, e.id), e.mod, client_usn)) q::put_card_entry(db, e);
  }
  for (const NoteEntry& e : chunk.notes) {
    if (incoming_wins(q::note_mod_usn(db, e.id), e.mod, client_usn)) merge_note(db, e);
  }
}

}  // namespace ankc::native::sync::server
