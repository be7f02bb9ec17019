// Card generation, the one implementation note adds, note edits, note type edits and Check Database
// use (rslib notetype/cardgen.rs; collection-format.md §8.12–§8.17): which ordinals a note's content
// calls for (rendering/cardgen), the deck of each new card and its new-queue position. Depends on
// storage, rendering, decks and scheduling's seeded RNG only (not on notetypes' service), so notetypes/,
// dbcheck/ and notes/ can all link it.
//
// Deck of a new card: the template's deck, else the one home deck all the note's cards share, else
// the caller's target (new note: the deck asked for; edited note: the note type's last deck; note
// type edit: none); a missing or filtered deck means Default.
// Position: that of one of the note's new cards, else config nextPos (taken once per note, 0 when
// absent) — or, for presets inserting in random order, rslib's random_position(nextPos).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "backends/native/notetypes/notetype.h"
#include "backends/native/rendering/card_render.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/db.h"

namespace ankc::native {

// Config nextPos over one write operation: read once, then every take() returns it and stores the
// value + 1 (wrapping as u32), as rslib's get_and_update_next_card_position does per note. 0 when
// the key is absent.
class NextPosition {
 public:
  NextPosition(storage::Db& db, TimestampMillis now) : db_(db), now_(now) {}
  uint32_t take();

 private:
  storage::Db& db_;
  TimestampMillis now_;
  std::optional<uint32_t> next_;
};

// One note type's generation context for a batch inside one write transaction (rslib CardGenContext
// with its CardGenCache): the rendering view is built once, deck and preset lookups are cached. The
// note type (and `positions` / `card_ids`, when given: shared by the generators of one operation)
// must outlive the generator.
class CardGenerator {
 public:
  CardGenerator(storage::Db& db, const Notetype& nt, TimestampMillis now, NextPosition* positions = nullptr,
                storage::NewRowIds* card_ids = nullptr);
  CardGenerator(const CardGenerator&) = delete;  // positions_ / card_ids_ may refer to own members
  CardGenerator& operator=(const CardGenerator&) = delete;

  // Adds the cards of a note just added (always at least one). Returns the number added.
  int add_for_new_note(NoteId nid, const rendering::Note& content, DeckId target_deck);
  // Adds the cards an existing note's content now calls for (never removes any); `target_deck` is
  // used when neither the template nor the note's cards name a deck. Returns the number added.
  int add_for_existing_note(NoteId nid, const rendering::Note& content, std::optional<DeckId> target_deck);
  // rslib generate_cards_for_notetype: every note of the note type that has cards (normal note
  // types: fewer than templates) gets the cards its content now calls for. Returns cards added.
  int add_for_notetype();

 private:
  struct DeckChoice {
    DeckId deck;
    bool random_order = false;
  };
  int add(NoteId nid, const rendering::Note& content, const std::vector<storage::ExistingCard>& existing,
          std::optional<DeckId> target_deck);
  DeckChoice deck_for_adding(std::optional<DeckId> wanted);
  std::optional<DeckChoice> normal_deck(DeckId did);

  storage::Db& db_;
  const Notetype& nt_;
  TimestampMillis now_;
  rendering::Notetype view_;
  NextPosition own_positions_;
  NextPosition& positions_;
  storage::NewRowIds own_card_ids_;
  storage::NewRowIds& card_ids_;
  std::map<int64_t, std::optional<DeckChoice>> decks_;  // deck id → normal deck (nullopt: not usable)
};

// Reads config nextPos (0 when absent, as rslib) and stores nextPos + 1 (wrapping as u32).
uint32_t take_next_position(storage::Db& db, TimestampMillis now);
// rslib random_position: StdRng seeded with `highest`, a value in [1, max(highest, 1000)).
uint32_t random_position(uint32_t highest);

}  // namespace ankc::native
