#include "backends/native/decks/deck_ops.h"

#include <set>

#include "backends/action_error.h"
#include "backends/native/decks/deck_name.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/graves/graves.h"
#include "backends/native/storage/notes/notes.h"
#include "compat/py_errors.h"

namespace ankc::native {

std::optional<Deck> find_deck(storage::Db& db, DeckId id) {
  auto row = storage::get_deck(db, id);
  if (!row) return std::nullopt;
  return deck_from_row(*row);
}

std::optional<Deck> find_deck_or_default(storage::Db& db, DeckId id) {
  if (auto d = find_deck(db, id)) return d;
  return find_deck(db, DeckId{1});
}

std::optional<Deck> find_deck_by_human_name(storage::Db& db, std::string_view human_name) {
  auto row = storage::get_deck_by_name(db, native_deck_name(human_name));
  if (!row) return std::nullopt;
  return deck_from_row(*row);
}

std::vector<Deck> list_decks(storage::Db& db) {
  std::vector<Deck> out;
  for (const auto& row : storage::all_decks(db)) out.push_back(deck_from_row(row));
  return out;
}

namespace {

DeckId add_new_deck(storage::Db& db, std::string native_name, TimestampMillis now) {
  Deck deck = new_normal_deck(std::move(native_name));
  deck.mtime = now.secs();
  deck.usn = kLocalUsn;
  storage::DeckRow row = deck_to_row(deck);
  return storage::add_deck(db, row, now);
}

// The closest existing ancestor of a native name, or nullopt.
std::optional<Deck> first_existing_parent(storage::Db& db, std::string_view native_name) {
  auto parent = immediate_parent_name(native_name);
  while (parent) {
    if (auto row = storage::get_deck_by_name(db, *parent)) return deck_from_row(*row);
    parent = immediate_parent_name(*parent);
  }
  return std::nullopt;
}

void create_missing_parents(storage::Db& db, std::string_view native_name, TimestampMillis now) {
  // Topmost first, so each parent's own parent already exists.
  std::vector<std::string> missing;
  auto parent = immediate_parent_name(native_name);
  while (parent) {
    if (!storage::get_deck_by_name(db, *parent)) missing.push_back(*parent);
    parent = immediate_parent_name(*parent);
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) add_new_deck(db, *it, now);
}

void delete_cards_and_orphaned_notes(storage::Db& db, const std::vector<CardId>& cids) {
  std::set<int64_t> touched_notes;
  for (CardId cid : cids) {
    auto card = storage::get_card(db, cid);
    if (!card) continue;
    touched_notes.insert(card->nid.v);
    storage::add_card_grave(db, cid, kLocalUsn);
    storage::remove_card(db, cid);
  }
  for (int64_t nid : touched_notes) {
    if (storage::cards_of_note(db, NoteId{nid}).empty()) {
      storage::add_note_grave(db, NoteId{nid}, kLocalUsn);
      storage::remove_note(db, NoteId{nid});
    }
  }
}

void remove_single_deck(storage::Db& db, const Deck& deck, TimestampMillis now) {
  std::vector<CardId> cids = storage::card_ids_in_deck(db, deck.id);
  if (deck.is_filtered())
    return_cards_home(db, cids, now);
  else
    delete_cards_and_orphaned_notes(db, cids);
  for (const auto& key : storage::config_keys_with_prefix(db, "_deck_" + std::to_string(deck.id.v) + "_"))
    storage::remove_config(db, key);
  if (deck.id.v == 1) {
    Deck reset = deck;
    reset.name = "Default";
    reset.mtime = now.secs();
    reset.usn = kLocalUsn;
    storage::put_deck(db, deck_to_row(reset));
    return;
  }
  storage::add_deck_grave(db, deck.id, kLocalUsn);
  storage::remove_deck(db, deck.id);
}

}  // namespace

DeckId ensure_deck(storage::Db& db, std::string_view human_name, TimestampMillis now) {
  // decks.id(name) hands the name to Anki's backend, which Python cannot do for a lone surrogate.
  if (auto error = pyerr::utf8_encode_error(human_name)) throw ActionError(*error);
  std::string native = native_deck_name(human_name);
  if (auto row = storage::get_deck_by_name(db, native)) return row->id;
  if (auto parent = first_existing_parent(db, native)) {
    if (parent->is_filtered()) throw ActionError("Filtered decks can not have child decks.");
    // Adopt the stored spelling of the existing ancestor.
    std::size_t depth = deck_name_components(parent->name).size();
    auto parts = deck_name_components(native);
    std::string renamed = parent->name;
    for (std::size_t i = depth; i < parts.size(); ++i) renamed += '\x1f' + parts[i];
    native = renamed;
  }
  create_missing_parents(db, native, now);
  return add_new_deck(db, native, now);
}

void remove_deck_with_children(storage::Db& db, DeckId id, TimestampMillis now) {
  auto deck = find_deck(db, id);
  if (!deck) return;
  std::vector<storage::DeckRow> children = storage::child_decks(db, deck->name);
  remove_single_deck(db, *deck, now);
  for (const auto& child : children) remove_single_deck(db, deck_from_row(child), now);
}

void return_cards_home(storage::Db& db, const std::vector<CardId>& cards, TimestampMillis now) {
  for (CardId cid : cards) {
    auto card = storage::get_card(db, cid);
    if (!card || card->odid.v == 0) continue;
    card->did = card->odid;
    if (card->odue != 0) card->due = card->odue;
    card->odid = DeckId{0};
    card->odue = 0;
    // Preview/learning states of a filtered deck fall back to the card type's queue.
    if (card->queue == 4 || (card->type == 0 && card->queue > 0)) card->queue = card->type == 3 ? 1 : card->type;
    card->mtime = now.secs();
    card->usn = kLocalUsn;
    storage::put_card(db, *card);
  }
}

}  // namespace ankc::native
