// Adding the cards a note's content calls for (collection-format.md §8.12–§8.17): which ordinals
// (rendering/cardgen), their deck (template override, target deck, filtered/missing → Default), their
// new-queue position (config nextPos, one position per note) and the row values Anki writes.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "backends/native/notes/note.h"
#include "backends/native/notetypes/notetype.h"
#include "backends/native/storage/db.h"

namespace ankc::native {

// Adds the missing cards of a note just added to target_deck; always at least one card. Returns the
// number of cards added.
int generate_cards_for_new_note(storage::Db& db, const Notetype& nt, const Note& note, DeckId target_deck,
                                TimestampMillis now);
// Adds cards for templates/clozes of an existing note that now have content (never removes any).
int generate_cards_for_existing_note(storage::Db& db, const Notetype& nt, const Note& note, TimestampMillis now);

// Reads config nextPos (1 when absent) and stores nextPos + 1; returns the position read.
int32_t take_next_position(storage::Db& db, TimestampMillis now);

}  // namespace ankc::native
