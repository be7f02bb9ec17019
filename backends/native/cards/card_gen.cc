#include "backends/native/cards/card_gen.h"

#include <algorithm>
#include <string>

#include "backends/action_error.h"
#include "backends/native/cards/render_input.h"
#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/rendering/cardgen.h"
#include "backends/native/scheduling/fuzz_rng.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/notes/notes.h"

namespace ankc::native {

namespace {

uint32_t read_next_position(storage::Db& db) {
  if (auto json = storage::get_config_json(db, "nextPos")) {
    try {
      long long v = std::stoll(*json);
      if (v >= 0 && v <= int64_t{UINT32_MAX}) return static_cast<uint32_t>(v);
    } catch (...) {
    }
  }
  return 0;
}

}  // namespace

uint32_t NextPosition::take() {
  if (!next_) next_ = read_next_position(db_);
  uint32_t pos = *next_;
  *next_ = pos + 1;  // wraps as rslib's wrapping_add
  storage::set_config_json(db_, "nextPos", std::to_string(*next_), storage::usn_for_local_change(db_), now_.secs());
  return pos;
}

uint32_t take_next_position(storage::Db& db, TimestampMillis now) { return NextPosition(db, now).take(); }

uint32_t random_position(uint32_t highest) {
  // rand's random_range(1..n) on u32: a widening multiply, corrected by a second draw when the low
  // word falls in the biased zone.
  SchedRng rng(highest);
  uint32_t range = std::max<uint32_t>(highest, 1000) - 1;
  uint64_t m = uint64_t{rng.next_u32()} * range;
  uint32_t result = static_cast<uint32_t>(m >> 32);
  uint32_t low = static_cast<uint32_t>(m);
  if (low > static_cast<uint32_t>(0u - range)) {
    uint32_t high2 = static_cast<uint32_t>((uint64_t{rng.next_u32()} * range) >> 32);
    if (uint64_t{low} + high2 > UINT32_MAX) result += 1;
  }
  return 1 + result;
}

CardGenerator::CardGenerator(storage::Db& db, const Notetype& nt, TimestampMillis now, NextPosition* positions,
                             storage::NewRowIds* card_ids)
    : db_(db),
      nt_(nt),
      now_(now),
      view_(to_render_notetype(nt)),
      own_positions_(db, now),
      positions_(positions ? *positions : own_positions_),
      card_ids_(card_ids ? *card_ids : own_card_ids_) {}

std::optional<CardGenerator::DeckChoice> CardGenerator::normal_deck(DeckId did) {
  auto cached = decks_.find(did.v);
  if (cached != decks_.end()) return cached->second;
  std::optional<DeckChoice> choice;
  if (auto row = storage::get_deck(db_, did)) {
    Deck deck = deck_from_row(*row);
    if (deck.normal()) {
      auto preset = storage::get_deck_config(db_, DeckConfigId{deck.normal()->config_id});
      if (!preset) preset = storage::get_deck_config(db_, DeckConfigId{1});
      bool random = preset && deck_config_from_row(*preset).config.new_card_insert_order == 1;
      choice = DeckChoice{did, random};
    }
  }
  decks_.emplace(did.v, choice);
  return choice;
}

CardGenerator::DeckChoice CardGenerator::deck_for_adding(std::optional<DeckId> wanted) {
  if (wanted)
    if (auto choice = normal_deck(*wanted)) return *choice;
  if (auto fallback = normal_deck(DeckId{1})) return *fallback;
  throw ActionError("invalid default deck");
}

int CardGenerator::add(NoteId nid, const rendering::Note& content, const std::vector<storage::ExistingCard>& existing,
                       std::optional<DeckId> target_deck) {
  std::vector<uint16_t> existing_ords;
  std::optional<int32_t> existing_due;
  std::optional<DeckId> shared_deck;
  bool one_deck = true;
  for (const auto& c : existing) {
    existing_ords.push_back(static_cast<uint16_t>(c.ord));
    if (!existing_due && c.position_if_new) existing_due = std::max(0, *c.position_if_new);
    if (!shared_deck) shared_deck = c.home_deck;
    else if (*shared_deck != c.home_deck) one_deck = false;
  }
  if (!one_deck) shared_deck.reset();

  std::vector<uint16_t> ords;
  for (uint16_t ord : rendering::card_ords_for_note(view_, content))
    if (std::find(existing_ords.begin(), existing_ords.end(), ord) == existing_ords.end()) ords.push_back(ord);
  // Every note keeps at least one card: card 0, placed without its template's deck (as rslib).
  bool forced = ords.empty() && existing.empty();
  if (forced) ords.push_back(0);
  std::optional<uint32_t> next_position;  // taken at most once per note
  for (uint16_t ord : ords) {
    std::optional<DeckId> wanted = shared_deck;
    if (!forced && !nt_.is_cloze() && ord < nt_.templates.size() && nt_.templates[ord].target_deck_id > 0)
      wanted = DeckId{nt_.templates[ord].target_deck_id};
    DeckChoice deck = deck_for_adding(wanted ? wanted : target_deck);
    int32_t due;
    if (existing_due) {
      due = *existing_due;
    } else {
      if (!next_position) next_position = positions_.take();
      due = static_cast<int32_t>(deck.random_order ? random_position(*next_position) : *next_position);
    }
    storage::CardRow card;
    card.nid = nid;
    card.did = deck.deck;
    card.ord = ord;
    card.mtime = now_.secs();
    card.usn = storage::usn_for_local_change(db_);
    card.due = due;
    storage::add_card(db_, card, now_, card_ids_);
  }
  return static_cast<int>(ords.size());
}

int CardGenerator::add_for_new_note(NoteId nid, const rendering::Note& content, DeckId target_deck) {
  return add(nid, content, {}, target_deck);
}

int CardGenerator::add_for_existing_note(NoteId nid, const rendering::Note& content,
                                         std::optional<DeckId> target_deck) {
  return add(nid, content, storage::existing_cards_of_note(db_, nid), target_deck);
}

int CardGenerator::add_for_notetype() {
  std::vector<storage::ExistingCard> all = storage::existing_cards_of_notetype(db_, nt_.id);
  int added = 0;
  for (size_t start = 0; start < all.size();) {
    size_t end = start;
    while (end < all.size() && all[end].nid == all[start].nid) ++end;
    std::vector<storage::ExistingCard> cards(all.begin() + start, all.begin() + end);
    start = end;
    // A normal note with one card per template needs no look at its content.
    if (!nt_.is_cloze() && cards.size() == nt_.templates.size()) continue;
    auto row = storage::get_note(db_, cards.front().nid);
    if (!row) continue;
    added += add(row->id, to_render_note(*row), cards, std::nullopt);
  }
  return added;
}

}  // namespace ankc::native
