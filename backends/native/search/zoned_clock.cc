#include "backends/native/search/zoned_clock.h"

#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include <stdexcept>

namespace ankc::native {

struct ZonedClock::Zone {
  std::unique_ptr<icu::TimeZone> tz;
};

namespace {

// ICU answers unknown ids with the "Etc/Unknown" zone (offset 0) rather than failing.
std::unique_ptr<icu::TimeZone> open_zone(std::string_view zone) {
  if (zone.empty()) return nullptr;
  icu::UnicodeString id = icu::UnicodeString::fromUTF8(icu::StringPiece(zone.data(), static_cast<int32_t>(zone.size())));
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(id));
  icu::UnicodeString got;
  if (!tz || tz->getID(got) == icu::UnicodeString(UCAL_UNKNOWN_ZONE_ID)) return nullptr;
  return tz;
}

}  // namespace

ZonedClock::ZonedClock(const Clock& base, std::string_view zone)
    : base_(base), name_(zone), zone_(std::make_unique<Zone>()) {
  zone_->tz = open_zone(zone);
  if (!zone_->tz) throw std::invalid_argument("unknown time zone: " + std::string(zone));
}

ZonedClock::~ZonedClock() = default;

int ZonedClock::minutes_west(TimestampSecs at) const {
  int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  zone_->tz->getOffset(static_cast<UDate>(at.v) * 1000.0, false, raw, dst, status);
  if (U_FAILURE(status)) return 0;
  return -(raw + dst) / 60000;
}

bool ZonedClock::is_known_zone(std::string_view zone) { return open_zone(zone) != nullptr; }

}  // namespace ankc::native
