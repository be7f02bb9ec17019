#include "backends/native/cards/next_reviews.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/deck_config/deck_config.h"

namespace ankc::native {
namespace {

constexpr double kDay = 86400.0;
constexpr double kLearnAhead = 1200.0;

DeckConfigInner preset_of(storage::Db& db, const storage::CardRow& card) {
  DeckId home = card.odid.v ? card.odid : card.did;
  auto deck = find_deck_or_default(db, home);
  int64_t conf = 1;
  if (deck && deck->normal()) conf = deck->normal()->config_id;
  auto row = storage::get_deck_config(db, DeckConfigId{conf});
  if (!row) row = storage::get_deck_config(db, DeckConfigId{1});
  if (!row) return DeckConfigInner{};
  return deck_config_from_row(*row).config;
}

std::string number(double v, bool one_decimal) {
  double r = one_decimal ? std::round(v * 10) / 10 : std::round(v);
  char buf[32];
  if (r == std::floor(r)) std::snprintf(buf, sizeof buf, "%.0f", r);
  else std::snprintf(buf, sizeof buf, "%.1f", r);
  return buf;
}

// Learning-step intervals (seconds) for Again/Hard/Good with `steps` (minutes), or nullopt for Good
// when the card would graduate.
std::array<double, 3> step_intervals(const std::vector<float>& steps, size_t remaining_index, bool& good_graduates) {
  double again = steps.empty() ? 60.0 : steps[0] * 60.0;
  size_t i = std::min(remaining_index, steps.empty() ? 0 : steps.size() - 1);
  double cur = steps.empty() ? 60.0 : steps[i] * 60.0;
  double hard;
  if (i + 1 < steps.size()) hard = (cur + steps[i + 1] * 60.0) / 2.0;
  else hard = std::min(cur * 1.5, cur + kDay);
  if (i == 0 && steps.size() == 1) hard = std::min(cur * 1.5, cur + kDay);
  good_graduates = i + 1 >= steps.size();
  double good = good_graduates ? 0 : steps[i + 1] * 60.0;
  return {again, hard, good};
}

}  // namespace

std::string interval_label(double secs) {
  const char* fsi = "\xe2\x81\xa8";
  const char* pdi = "\xe2\x81\xa9";
  std::string prefix = secs < kLearnAhead ? "<" : "";
  std::string n, unit;
  if (secs < 60) n = number(secs, false), unit = "s";
  else if (secs < 3600) n = number(secs / 60, false), unit = "m";
  else if (secs < kDay) n = number(secs / 3600, true), unit = "h";
  else if (secs < 30 * kDay) n = number(secs / kDay, false), unit = "d";
  else if (secs < 365 * kDay) n = number(secs / (30 * kDay), true), unit = "mo";
  else n = number(secs / (365 * kDay), true), unit = "y";
  if (secs == 0) return "(end)";
  return prefix + fsi + n + pdi + unit;
}

std::array<std::string, 4> next_review_labels(storage::Db& db, const storage::CardRow& card, TimestampSecs now) {
  DeckConfigInner c = preset_of(db, card);
  std::array<double, 4> secs{};
  if (card.type == 0 || card.type == 1) {
    size_t index = 0;
    if (card.type == 1) {
      size_t left = size_t(card.left % 1000);
      index = left >= c.learn_steps.size() ? 0 : c.learn_steps.size() - left;
    }
    bool graduates = false;
    auto s = step_intervals(c.learn_steps, index, graduates);
    secs = {s[0], s[1], graduates ? c.graduating_interval_good * kDay : s[2], c.graduating_interval_easy * kDay};
  } else {
    double ease = card.factor > 0 ? card.factor / 1000.0 : c.initial_ease;
    double ivl = std::max(1, card.ivl);
    int64_t today = (now.v - storage::get_col(db).crt.v) / 86400;
    double late = card.type == 2 ? std::max<int64_t>(0, today - card.due) : 0;
    double maxi = c.maximum_review_interval;
    auto cap = [&](double d) { return std::min(maxi, std::max(1.0, std::round(d * c.interval_multiplier))); };
    double hard = cap(std::max(ivl * c.hard_multiplier, ivl + (c.hard_multiplier > 1 ? 1 : 0)));
    double good = std::max(cap((ivl + late / 2) * ease), hard + 1);
    double easy = std::max(cap((ivl + late) * ease * c.easy_multiplier), good + 1);
    double again = c.relearn_steps.empty() ? std::max<double>(c.minimum_lapse_interval, 1) * kDay : c.relearn_steps[0] * 60.0;
    secs = {again, std::min(hard, maxi) * kDay, std::min(good, maxi) * kDay, std::min(easy, maxi) * kDay};
  }
  return {interval_label(secs[0]), interval_label(secs[1]), interval_label(secs[2]), interval_label(secs[3])};
}

}  // namespace ankc::native
