// The scheduler's notion of "today" (scheduling.md §2): the day number counted from the collection's
// creation, the moment of the next day rollover, and the learn-ahead window. Every scheduling and
// stats action starts from timing_today(), which reads col.crt and the config keys schedVer,
// rollover and creationOffset, and takes "now" and the current UTC offset from the injectable clock
// (the host's local time zone for the system clock).
#pragma once

#include <cstdint>
#include <optional>

#include "backends/native/collection/clock.h"
#include "backends/native/storage/ids.h"

namespace ankc::native {
namespace storage { class Db; }

struct SchedTiming {
  TimestampSecs now;
  int64_t today = 0;          // days elapsed since creation ("days_elapsed")
  TimestampSecs next_day_at;  // epoch seconds of the next rollover ("dayCutoff")

  // Seconds from now until the next rollover (never negative).
  int64_t secs_until_rollover() const { return next_day_at.v > now.v ? next_day_at.v - now.v : 0; }
  // The start of today (statistics count from here).
  TimestampSecs day_start() const { return TimestampSecs{next_day_at.v - 86400}; }
};

// The pure computation of §2.1/§2.2. sched_ver: config schedVer (1 when absent); rollover_hour:
// config rollover (4 when absent; clamped to 0..23); creation_offset: config creationOffset in
// minutes west, when present; now_offset: the current offset in minutes west.
SchedTiming compute_timing(TimestampSecs crt, int sched_ver, int rollover_hour, std::optional<int> creation_offset,
                           int now_offset, TimestampSecs now);

// Timing of the open collection at clock.now().
SchedTiming timing_today(storage::Db& db, const Clock& clock);

// Config collapseTime: how far ahead (seconds) learning cards count as due (default 1200).
int64_t learn_ahead_secs(storage::Db& db);

}  // namespace ankc::native
