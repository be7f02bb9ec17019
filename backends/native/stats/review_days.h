// getNumCardsReviewedByDay's grouping: revlog rows per local calendar day, where a day runs from
// one rollover to the next (AnkiConnect shifts each answer time back by the rollover hour before
// taking its date in the host's local time zone).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "backends/native/collection/clock.h"
#include "backends/native/storage/ids.h"

namespace ankc::native {

// "YYYY-MM-DD" of a Unix time (seconds) at `minutes_west` from UTC.
std::string local_date(int64_t secs, int minutes_west);

// (day, count) newest day first, for revlog ids (ms). shift_secs: the local hour of the next
// rollover x 3600.
std::vector<std::pair<std::string, int64_t>> reviews_by_day(const std::vector<RevlogId>& ids, int64_t shift_secs,
                                                            const Clock& clock);

}  // namespace ankc::native
