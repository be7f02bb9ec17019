// A clock whose UTC offset comes from a named IANA time zone ("Europe/Berlin") instead of the host's.
// Anki's day starts at the rollover hour in the user's local time, which a headless server takes from
// the host unless its configuration names a zone (config key `timeZone`); searches such as rated:1,
// prop:due or is:due depend on it. Wrap the backend's clock in one when the key is set.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "backends/native/collection/clock.h"

namespace ankc::native {

class ZonedClock final : public Clock {
 public:
  // Takes time from `base` (which must outlive this clock) and offsets from `zone`. Throws
  // std::invalid_argument when `zone` is not a time zone ICU knows.
  ZonedClock(const Clock& base, std::string_view zone);
  ~ZonedClock() override;

  TimestampMillis now() const override { return base_.now(); }
  // Minutes west of UTC in the zone at `at` (daylight saving included).
  int minutes_west(TimestampSecs at) const override;
  // The canonical name of the zone.
  const std::string& zone() const { return name_; }

  // True when `zone` names a time zone ICU knows (e.g. "UTC", "America/New_York").
  static bool is_known_zone(std::string_view zone);

 private:
  struct Zone;
  const Clock& base_;
  std::string name_;
  std::unique_ptr<Zone> zone_;
};

}  // namespace ankc::native
