// The injectable time source of a collection: ids are millisecond timestamps and the collection's
// day starts at 04:00 local time, so tests fix both "now" and the local UTC offset.
#pragma once

#include "backends/native/storage/ids.h"

namespace ankc::native {

class Clock {
 public:
  virtual ~Clock() = default;
  // The current time in milliseconds since the epoch.
  virtual TimestampMillis now() const = 0;
  // Minutes WEST of UTC at the given moment (UTC-4 -> 240), as Anki's creationOffset/localOffset.
  virtual int minutes_west(TimestampSecs at) const = 0;
  // now() in seconds.
  TimestampSecs now_secs() const { return now().secs(); }
};

// The system clock and the process's local time zone.
class SystemClock final : public Clock {
 public:
  TimestampMillis now() const override;
  int minutes_west(TimestampSecs at) const override;
};

// A clock for tests: fixed time (advance it by hand) and a fixed UTC offset.
class FixedClock final : public Clock {
 public:
  FixedClock(TimestampMillis now, int minutes_west) : now_(now), west_(minutes_west) {}
  TimestampMillis now() const override { return now_; }
  int minutes_west(TimestampSecs) const override { return west_; }
  void advance_ms(int64_t ms) { now_.v += ms; }
  void set(TimestampMillis now) { now_ = now; }

 private:
  TimestampMillis now_;
  int west_;
};

// Anki's collection creation time: 04:00 local time of the day of `now` (the previous day when
// `now` is before 04:00), in seconds.
TimestampSecs creation_day_start(const Clock& clock);

}  // namespace ankc::native
