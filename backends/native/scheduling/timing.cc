// compute_timing: pure, so the search library computes "today" the same way without a Session.
#include "backends/native/scheduling/timing.h"

#include <algorithm>

namespace ankc::native {
namespace {

int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

int clamp_offset(int minutes_west) { return std::clamp(minutes_west, -23 * 60, 23 * 60); }

}  // namespace

SchedTiming compute_timing(TimestampSecs crt, int sched_ver, int rollover_hour, std::optional<int> creation_offset,
                           int now_offset, TimestampSecs now) {
  SchedTiming t;
  t.now = now;
  if (sched_ver < 2) {
    t.today = floor_div(now.v - crt.v, 86400);
    t.next_day_at = TimestampSecs{crt.v + (t.today + 1) * 86400};
    return t;
  }
  const int64_t hour = std::clamp(rollover_hour, 0, 23);
  const int64_t now_west = int64_t{clamp_offset(now_offset)} * 60;
  const int64_t local_date = floor_div(now.v - now_west, 86400);
  const int64_t rollover_today = local_date * 86400 + hour * 3600 + now_west;
  if (creation_offset) {
    const int64_t created_date = floor_div(crt.v - int64_t{clamp_offset(*creation_offset)} * 60, 86400);
    const bool passed = rollover_today <= now.v;
    t.next_day_at = TimestampSecs{passed ? rollover_today + 86400 : rollover_today};
    t.today = std::max<int64_t>(0, local_date - created_date - (passed ? 0 : 1));
  } else {
    // Legacy v2: the creation time read in the current offset, snapped to the rollover hour.
    const int64_t crt_date = floor_div(crt.v - now_west, 86400);
    const int64_t crt_at_rollover = crt_date * 86400 + hour * 3600 + now_west;
    t.today = floor_div(now.v - crt_at_rollover, 86400);
    t.next_day_at = TimestampSecs{rollover_today < now.v ? rollover_today + 86400 : rollover_today};
  }
  return t;
}

}  // namespace ankc::native
