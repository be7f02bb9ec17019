// The sort keys of the FSRS review orders (rslib storage/sqlite.rs: the SQL functions
// extract_fsrs_retrievability and extract_fsrs_relative_retrievability that the preset's
// "retrievability ascending/descending" and, with FSRS on, "relative overdueness" orders sort
// by). nullopt is SQL NULL (no memory state, or a value SQLite would store as NULL, e.g. NaN).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "backends/native/scheduling/timing.h"

namespace ankc::native {

// The card's current recall probability: `due` is odue when set, else due (days, or epoch seconds
// above 365000); elapsed time from data.lrt, else from due - ivl. NULL without a memory state.
std::optional<float> retrievability_sort_key(std::string_view data, int64_t due, int64_t ivl, const SchedTiming& timing);

// How overdue the card is relative to its desired retention (lower = more overdue); the SM-2 form
// -(elapsed days + 0.001) / max(ivl, 1) when the card has no memory state or desired retention.
std::optional<float> relative_retrievability_sort_key(std::string_view data, int64_t due, int64_t ivl,
                                                      const SchedTiming& timing);

}  // namespace ankc::native
