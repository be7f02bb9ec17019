#include "backends/native/cards/card_gen.h"

#include <string>

#include "backends/native/cards/render_input.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/rendering/cardgen.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/config/config.h"

namespace ankc::native {
namespace {

// The deck itself when it exists and is a normal deck, else Default (1).
DeckId usable_deck(storage::Db& db, DeckId did) {
  if (did.v > 0) {
    auto deck = find_deck(db, did);
    if (deck && !deck->is_filtered()) return did;
  }
  return DeckId{1};
}

std::optional<int64_t> config_int(storage::Db& db, const std::string& key) {
  auto json = storage::get_config_json(db, key);
  if (!json) return std::nullopt;
  try {
    return std::stoll(*json);
  } catch (...) {
    return std::nullopt;
  }
}

void add_cards(storage::Db& db, const Notetype& nt, const Note& note, const std::vector<uint16_t>& ords,
               DeckId default_deck, int32_t due, TimestampMillis now) {
  for (uint16_t ord : ords) {
    DeckId did = default_deck;
    if (!nt.is_cloze() && ord < nt.templates.size() && nt.templates[ord].target_deck_id > 0)
      did = usable_deck(db, DeckId{nt.templates[ord].target_deck_id});
    storage::CardRow row;
    row.nid = note.id;
    row.did = did;
    row.ord = ord;
    row.mtime = now.secs();
    row.usn = storage::usn_for_local_change(db);
    row.due = due;
    storage::add_card(db, row, now);
  }
}

}  // namespace

int32_t take_next_position(storage::Db& db, TimestampMillis now) {
  int64_t pos = config_int(db, "nextPos").value_or(1);
  storage::set_config_json(db, "nextPos", std::to_string(pos + 1), storage::usn_for_local_change(db), now.secs());
  return static_cast<int32_t>(pos);
}

int generate_cards_for_new_note(storage::Db& db, const Notetype& nt, const Note& note, DeckId target_deck,
                                TimestampMillis now) {
  auto ords = rendering::new_card_ords(to_render_notetype(nt), to_render_note(note), {}, true);
  if (ords.empty()) return 0;
  int32_t due = take_next_position(db, now);
  add_cards(db, nt, note, ords, usable_deck(db, target_deck), due, now);
  return static_cast<int>(ords.size());
}

int generate_cards_for_existing_note(storage::Db& db, const Notetype& nt, const Note& note, TimestampMillis now) {
  auto existing = storage::cards_of_note(db, note.id);
  std::vector<uint16_t> existing_ords;
  for (const auto& c : existing) existing_ords.push_back(static_cast<uint16_t>(c.ord));
  auto ords = rendering::new_card_ords(to_render_notetype(nt), to_render_note(note), existing_ords, false);
  if (ords.empty()) return 0;
  // Deck: the one all existing cards share (home deck when borrowed), else the notetype's last deck.
  std::optional<DeckId> shared;
  bool same = !existing.empty();
  for (const auto& c : existing) {
    DeckId home = c.odid.v ? c.odid : c.did;
    if (!shared) shared = home;
    else if (*shared != home) same = false;
  }
  DeckId deck{1};
  if (same && shared) deck = *shared;
  else if (auto last = config_int(db, "_nt_" + std::to_string(nt.id.v) + "_lastDeck")) deck = DeckId{*last};
  // Position: that of an existing new card, else a fresh one.
  std::optional<int32_t> due;
  for (const auto& c : existing)
    if (c.type == 0) {
      due = c.odid.v ? c.odue : c.due;
      break;
    }
  if (!due) due = take_next_position(db, now);
  add_cards(db, nt, note, ords, usable_deck(db, deck), *due, now);
  return static_cast<int>(ords.size());
}

}  // namespace ankc::native
