#include "backends/native/collection/clock.h"

#include <chrono>
#include <ctime>

namespace ankc::native {

TimestampMillis SystemClock::now() const {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  return TimestampMillis{ms.count()};
}

int SystemClock::minutes_west(TimestampSecs at) const {
  std::time_t t = static_cast<std::time_t>(at.v);
  std::tm local{};
  localtime_r(&t, &local);
  return static_cast<int>(-local.tm_gmtoff / 60);
}

TimestampSecs creation_day_start(const Clock& clock) {
  TimestampSecs now = clock.now_secs();
  int64_t west_secs = static_cast<int64_t>(clock.minutes_west(now)) * 60;
  int64_t local = now.v - west_secs;
  int64_t since_rollover = local - 4 * 3600;
  int64_t day = since_rollover >= 0 ? since_rollover / 86400 : (since_rollover - 86399) / 86400;
  return TimestampSecs{day * 86400 + 4 * 3600 + west_secs};
}

}  // namespace ankc::native
