// Which backups Anki keeps (rslib collection/backup.rs, restated): backups are named
// "backup-YYYY-MM-DD-HH.MM.SS.colpkg" in local time. Newest first, every backup of today and
// yesterday is kept; after that, while the daily budget lasts, one per calendar day (the newest of the
// day); then, while the weekly budget lasts, one per Monday-based week; then one per month; the rest go.
// A kept backup of any stage moves the "last kept" day, week and month, so a later stage only keeps a
// backup from an older week (month) than every backup kept before it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::native::backups {

// backupsDaily, backupsWeekly, backupsMonthly.
struct BackupLimits {
  int daily = 12;
  int weekly = 10;
  int monthly = 9;
};

// A wall-clock time in the profile's local time zone (what backup names hold).
struct LocalTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  auto operator<=>(const LocalTime&) const = default;
};

// The local time of a Unix time, `minutes_west` of UTC (Clock::minutes_west's convention).
LocalTime local_time(int64_t unix_secs, int minutes_west);
// Seconds since 1970-01-01 00:00 of the same wall-clock reading (for differences between readings).
int64_t wall_seconds(const LocalTime& t);
// Days since 0001-01-01 (which is day 1, a Monday) of t's date.
int64_t serial_day(const LocalTime& t);

// "backup-2024-03-05-17.04.09.colpkg".
std::string backup_file_name(const LocalTime& t);
// The time a backup file name holds; nullopt for any other name (temporary files included).
std::optional<LocalTime> parse_backup_file_name(std::string_view name);

// The names among `names` (backup file names; others are ignored) that the rule drops when today is
// `today`, newest first.
std::vector<std::string> obsolete_backups(const LocalTime& today, BackupLimits limits, const std::vector<std::string>& names);

}  // namespace ankc::native::backups
