#include "backends/native/scheduling/timing.h"

#include <algorithm>

#include "backends/native/scheduling/sched_config.h"
#include "backends/native/storage/col/col.h"

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

SchedTiming timing_today(storage::Db& db, const Clock& clock) {
  const TimestampSecs now = clock.now_secs();
  const storage::ColRow col = storage::get_col(db);
  std::optional<int> creation_offset;
  if (auto v = config_int(db, "creationOffset")) creation_offset = static_cast<int>(*v);
  return compute_timing(col.crt, static_cast<int>(config_int(db, "schedVer").value_or(1)),
                        static_cast<int>(config_int(db, "rollover").value_or(4)), creation_offset,
                        clock.minutes_west(now), now);
}

int64_t learn_ahead_secs(storage::Db& db) { return config_int(db, "collapseTime").value_or(1200); }

}  // namespace ankc::native
