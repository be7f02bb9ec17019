// ZonedClock: offsets of named IANA zones (with daylight saving) over an injected base clock.
#include <catch2/catch.hpp>

#include <stdexcept>

#include "backends/native/search/zoned_clock.h"

namespace ankc::native {

TEST_CASE("zoned clock: offsets west of UTC, DST included", "[timezone]") {
  FixedClock base(TimestampMillis{1700000000000}, 0);
  const TimestampSecs january{1704067200};  // 2024-01-01T00:00Z
  const TimestampSecs july{1719792000};     // 2024-07-01T00:00Z
  ZonedClock utc(base, "UTC");
  CHECK(utc.minutes_west(january) == 0);
  ZonedClock new_york(base, "America/New_York");
  CHECK(new_york.minutes_west(january) == 300);
  CHECK(new_york.minutes_west(july) == 240);
  ZonedClock kolkata(base, "Asia/Kolkata");
  CHECK(kolkata.minutes_west(july) == -330);
  ZonedClock berlin(base, "Europe/Berlin");
  CHECK(berlin.minutes_west(january) == -60);
  CHECK(berlin.minutes_west(july) == -120);
  CHECK(berlin.now() == base.now());
  base.advance_ms(5);
  CHECK(berlin.now().v == 1700000000005);
  CHECK(berlin.zone() == "Europe/Berlin");
}

TEST_CASE("zoned clock: unknown zones are refused", "[timezone]") {
  FixedClock base(TimestampMillis{0}, 0);
  CHECK_THROWS_AS(ZonedClock(base, "Mars/Olympus"), std::invalid_argument);
  CHECK_THROWS_AS(ZonedClock(base, ""), std::invalid_argument);
  CHECK(ZonedClock::is_known_zone("Europe/Paris"));
  CHECK_FALSE(ZonedClock::is_known_zone("Nowhere"));
}

}  // namespace ankc::native
