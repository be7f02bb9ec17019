// Manual rescheduling (scheduling.md §11): set due date (setDueDate) and reset to new
// (forgetCards), each writing Anki's "manual" revlog row (§7).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "backends/native/collection/random.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/storage/ids.h"

namespace ankc::native {
namespace storage { class Db; }

// A parsed setDueDate `days` string: "N", "N-M" (either order), optional trailing "!".
struct DueDateSpec {
  uint32_t min = 0;
  uint32_t max = 0;
  bool reset_interval = false;
};

// Parses `days`; throws ActionError(days) when it does not match ^\d+(-\d+)?!?$ and
// ActionError("A number was invalid or out of range.") when a number exceeds u32.
DueDateSpec parse_due_date(std::string_view days);

// Makes each existing card a review card due in a day drawn uniformly from the spec's range (unknown
// ids ignored). `now` is the revlog id time.
void set_due_date(storage::Db& db, const std::vector<CardId>& cards, const DueDateSpec& spec, const SchedTiming& timing,
                  TimestampMillis now, Random& random);

// Resets each existing card to new, restoring its original position when known, else taking the
// collection's nextPos (unknown ids ignored); reps and lapses are kept.
void forget_cards(storage::Db& db, const std::vector<CardId>& cards, TimestampMillis now);

}  // namespace ankc::native
