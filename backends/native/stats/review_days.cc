#include "backends/native/stats/review_days.h"

#include <cstdio>
#include <map>

namespace ankc::native {
namespace {

int64_t floor_div(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void civil_from_days(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = floor_div(z, 146097);
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

}  // namespace

std::string local_date(int64_t secs, int minutes_west) {
  int64_t y;
  unsigned m, d;
  civil_from_days(floor_div(secs - int64_t{minutes_west} * 60, 86400), y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::vector<std::pair<std::string, int64_t>> reviews_by_day(const std::vector<RevlogId>& ids, int64_t shift_secs,
                                                            const Clock& clock) {
  std::map<std::string, int64_t, std::greater<>> days;
  for (RevlogId id : ids) {
    // SQLite's id/1000 truncates toward zero.
    const int64_t t = id.v / 1000 - shift_secs;
    ++days[local_date(t, clock.minutes_west(TimestampSecs{t}))];
  }
  return {days.begin(), days.end()};
}

}  // namespace ankc::native
