#include "backends/native/backups/retention.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <limits>

namespace ankc::native::backups {
namespace {

namespace chr = std::chrono;

// 0001-01-01 is serial day 1; 1970-01-01 is day 719163.
constexpr int64_t kUnixEpochSerialDay = 719163;

int64_t days_since_unix_epoch(int y, int m, int d) {
  chr::year_month_day ymd{chr::year{y}, chr::month{unsigned(m)}, chr::day{unsigned(d)}};
  return chr::sys_days{ymd}.time_since_epoch().count();
}

int64_t serial_week(int64_t day) { return (day - 1) / 7; }  // weeks start on Monday (day 1 was one)
int64_t serial_month(const LocalTime& t) { return int64_t(t.year) * 12 + t.month; }

struct Entry {
  LocalTime time;
  std::string name;
};

}  // namespace

LocalTime local_time(int64_t unix_secs, int minutes_west) {
  int64_t local = unix_secs - int64_t(minutes_west) * 60;
  int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  int64_t rest = local - days * 86400;
  chr::year_month_day ymd{chr::sys_days{chr::days{days}}};
  return LocalTime{int(ymd.year()), int(unsigned(ymd.month())), int(unsigned(ymd.day())), int(rest / 3600),
                   int(rest / 60 % 60), int(rest % 60)};
}

int64_t wall_seconds(const LocalTime& t) {
  return days_since_unix_epoch(t.year, t.month, t.day) * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

int64_t serial_day(const LocalTime& t) { return days_since_unix_epoch(t.year, t.month, t.day) + kUnixEpochSerialDay; }

std::string backup_file_name(const LocalTime& t) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "backup-%04d-%02d-%02d-%02d.%02d.%02d.colpkg", t.year, t.month, t.day, t.hour,
                t.minute, t.second);
  return buf;
}

std::optional<LocalTime> parse_backup_file_name(std::string_view name) {
  // Exactly the shape backup_file_name writes: fixed widths, digits only.
  constexpr std::string_view shape = "backup-dddd-dd-dd-dd.dd.dd.colpkg";
  if (name.size() != shape.size()) return std::nullopt;
  for (size_t i = 0; i < shape.size(); ++i) {
    bool digit = name[i] >= '0' && name[i] <= '9';
    if (shape[i] == 'd' ? !digit : name[i] != shape[i]) return std::nullopt;
  }
  auto num = [&](size_t at, size_t len) {
    int v = 0;
    for (size_t i = at; i < at + len; ++i) v = v * 10 + (name[i] - '0');
    return v;
  };
  LocalTime t{num(7, 4), num(12, 2), num(15, 2), num(18, 2), num(21, 2), num(24, 2)};
  chr::year_month_day ymd{chr::year{t.year}, chr::month{unsigned(t.month)}, chr::day{unsigned(t.day)}};
  if (!ymd.ok() || t.hour > 23 || t.minute > 59 || t.second > 60) return std::nullopt;
  return t;
}

std::vector<std::string> obsolete_backups(const LocalTime& today, BackupLimits limits, const std::vector<std::string>& names) {
  std::vector<Entry> entries;
  for (const auto& n : names)
    if (auto t = parse_backup_file_name(n)) entries.push_back(Entry{*t, n});
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.time > b.time; });

  const int64_t yesterday = serial_day(today) - 1;
  int64_t last_day = std::numeric_limits<int64_t>::max();
  int64_t last_week = last_day, last_month = last_day;
  std::vector<std::string> obsolete;
  for (const Entry& e : entries) {
    int64_t day = serial_day(e.time), week = serial_week(day), month = serial_month(e.time);
    int* budget = nullptr;
    bool keep;
    if (day >= yesterday) {
      keep = true;  // the grace period: today's and yesterday's are all kept, at no cost
    } else if (limits.daily > 0) {
      keep = day < last_day;
      budget = &limits.daily;
    } else if (limits.weekly > 0) {
      keep = week < last_week;
      budget = &limits.weekly;
    } else if (limits.monthly > 0) {
      keep = month < last_month;
      budget = &limits.monthly;
    } else {
      keep = false;
    }
    if (!keep) {
      obsolete.push_back(e.name);
      continue;
    }
    last_day = day;
    last_week = week;
    last_month = month;
    if (budget) --*budget;
  }
  return obsolete;
}

}  // namespace ankc::native::backups
