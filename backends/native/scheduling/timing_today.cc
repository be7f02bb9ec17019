// timing_today and learn_ahead_secs: compute_timing fed from the open collection.
#include "backends/native/scheduling/sched_config.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/storage/col/col.h"

namespace ankc::native {

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
