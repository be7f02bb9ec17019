// Test helper for the scheduling and stats tests: a new collection set up as scheduling.md §13's
// worked examples (crt 2026-03-30 04:00 at UTC-4, creationOffset 240, rollover 4; clock at
// 2026-04-10 10:00 local, i.e. today = 11), and card rows inserted directly with SQL.
#pragma once

#include <cstdint>
#include <string>

#include "backends/native/decks/test_support.h"

namespace ankc::native::testing {

struct SchedCollection : TestCollection {
  // now_secs: the clock (ms = now_secs * 1000), minutes_west: its UTC offset.
  explicit SchedCollection(int64_t now_secs = 1775829600, int minutes_west = 240);

  struct CardSpec {
    int64_t id = 1700000000000;
    int64_t did = 1;
    int type = 0, queue = 0;
    int64_t due = 0;
    int ivl = 0, factor = 0, reps = 0, lapses = 0, left = 0;
    int64_t odue = 0, odid = 0;
    std::string data;
    int64_t nid = 0;  // 0: a new note with id = card id
    int ord = 0;
  };
  // Inserts the card (and its note when nid == 0) with plain SQL; returns the card id.
  int64_t add_card(const CardSpec& spec);
  // Runs SQL through the session's connection (inside no transaction).
  void exec(const std::string& sql);
  // Moves the clock.
  void set_now(int64_t now_secs, int minutes_west = 240);
};

}  // namespace ankc::native::testing
