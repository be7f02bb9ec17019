#include "backends/native/notetypes/card_generation.h"

#include <algorithm>
#include <optional>
#include <set>
#include <string>

#include "backends/action_error.h"
#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/notetypes/rendering_view.h"
#include "backends/native/rendering/cardgen.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/notes/notes.h"

namespace ankc::native {

namespace {

// What a note's existing cards say about new ones (rslib extract_data_from_existing_cards).
struct ExistingCards {
  std::vector<uint16_t> ords;
  std::optional<int32_t> due;     // position of a new card (odue when in a filtered deck)
  std::optional<DeckId> deck_id;  // when all cards share one home deck
};

ExistingCards summarize(const std::vector<storage::CardRow>& cards) {
  ExistingCards out;
  std::set<int64_t> decks;
  for (const auto& c : cards) {
    out.ords.push_back(static_cast<uint16_t>(c.ord));
    if (!out.due && c.type == 0) out.due = c.odue == 0 ? std::max(0, c.due) : std::max(c.odue, 0);
    decks.insert(c.odid.v != 0 ? c.odid.v : c.did.v);
  }
  if (decks.size() == 1) out.deck_id = DeckId{*decks.begin()};
  return out;
}

// The deck and its preset when the deck exists and is a normal deck.
std::optional<std::pair<DeckId, DeckConfigId>> normal_deck(storage::Db& db, DeckId did) {
  auto row = storage::get_deck(db, did);
  if (!row) return std::nullopt;
  Deck deck = deck_from_row(*row);
  if (!deck.normal()) return std::nullopt;
  return std::make_pair(did, DeckConfigId{deck.normal()->config_id});
}

std::pair<DeckId, DeckConfigId> deck_for_adding(storage::Db& db, std::optional<DeckId> did) {
  if (did)
    if (auto found = normal_deck(db, *did)) return *found;
  if (auto fallback = normal_deck(db, DeckId{1})) return *fallback;
  throw ActionError("invalid default deck");
}

// config nextPos, advanced by one (rslib get_and_update_next_card_position).
int64_t take_next_position(storage::Db& db, TimestampMillis now) {
  int64_t pos = 0;
  if (auto json = storage::get_config_json(db, "nextPos")) {
    try {
      pos = std::stoll(*json);
    } catch (...) {
      pos = 0;
    }
  }
  storage::set_config_json(db, "nextPos", std::to_string(static_cast<uint32_t>(pos + 1)), kLocalUsn, now.secs());
  return pos;
}

bool random_insertion(storage::Db& db, DeckConfigId dcid) {
  auto row = storage::get_deck_config(db, dcid);
  if (!row) row = storage::get_deck_config(db, DeckConfigId{1});
  return row && deck_config_from_row(*row).config.new_card_insert_order == 1;
}

}  // namespace

void generate_cards_for_notetype(storage::Db& db, const Notetype& nt, TimestampMillis now, Random& random) {
  rendering::Notetype view = rendering_view(nt);
  for (NoteId nid : storage::note_ids_of_notetype(db, nt.id)) {
    auto cards = storage::cards_of_note(db, nid);
    if (cards.empty()) continue;
    if (!nt.is_cloze() && cards.size() == nt.templates.size()) continue;
    auto note_row = storage::get_note(db, nid);
    if (!note_row) continue;
    ExistingCards existing = summarize(cards);
    auto ords = rendering::new_card_ords(view, rendering_note(*note_row), existing.ords, true);
    std::optional<int64_t> next_position;
    for (uint16_t ord : ords) {
      std::optional<DeckId> wanted = existing.deck_id;
      if (!nt.is_cloze() && ord < nt.templates.size() && nt.templates[ord].target_deck_id > 0)
        wanted = DeckId{nt.templates[ord].target_deck_id};
      auto [did, dcid] = deck_for_adding(db, wanted);
      int64_t due;
      if (existing.due) {
        due = *existing.due;
      } else {
        if (!next_position) next_position = take_next_position(db, now);
        due = *next_position;
        if (random_insertion(db, dcid)) {
          uint64_t upper = static_cast<uint64_t>(std::max<int64_t>(*next_position, 1000));
          due = 1 + static_cast<int64_t>(random.next_u64() % (upper - 1));
        }
      }
      storage::CardRow card;
      card.nid = nid;
      card.did = did;
      card.ord = ord;
      card.mtime = now.secs();
      card.usn = kLocalUsn;
      card.due = static_cast<int32_t>(due);
      storage::add_card(db, card, now);
    }
  }
}

}  // namespace ankc::native
