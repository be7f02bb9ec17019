// Invariants 7 (deck names) and 8 (deck -> preset, preset values in Anki's clamp ranges).
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "backends/native/dbcheck/checker.h"
#include "backends/native/decks/deck_name.h"
#include "backends/native/proto/deck.pb.h"
#include "backends/native/proto/deck_config.pb.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/unicase.h"

namespace ankc::native::dbcheck {
namespace {

std::string shown(const storage::DeckRow& d) { return std::to_string(d.id.v) + " \"" + human_deck_name(d.name) + "\""; }

// Anki replaces a value outside [lo, hi] (or NaN) by the default when it reads the preset.
template <typename T>
void clamp_range(Checker& c, const storage::DeckConfigRow& row, const char* field, T value, T lo, T hi) {
  if (!(value >= lo && value <= hi))
    c.warning(8, "preset " + std::to_string(row.id.v) + " " + field + " " + std::to_string(value) +
                     " is outside Anki's range");
}

}  // namespace

void check_deck_names(Checker& c) {
  std::vector<storage::DeckRow> decks = storage::all_decks(c.db());
  std::unordered_map<std::string, const storage::DeckRow*> by_folded;
  std::unordered_set<std::string> filtered;  // folded names of filtered decks
  for (const auto& d : decks) {
    if (!by_folded.emplace(storage::unicase_fold(d.name), &d).second)
      c.error(7, "deck name not unique (case-insensitively): " + shown(d));
    pb::DeckKindContainer kind;
    if (kind.ParseFromString(d.kind) && kind.has_filtered()) filtered.insert(storage::unicase_fold(d.name));
    if (d.name.empty()) {
      c.warning(7, "deck " + std::to_string(d.id.v) + " has an empty name");
      continue;
    }
    for (const std::string& component : deck_name_components(d.name)) {
      if (component != normalized_deck_name_component(component)) {
        c.warning(7, "deck name not normalised: " + shown(d));
        break;
      }
    }
  }
  for (const auto& d : decks) {
    std::optional<std::string> parent = immediate_parent_name(d.name);
    if (!parent) continue;
    std::string folded_parent = storage::unicase_fold(*parent);
    if (!by_folded.count(folded_parent)) c.error(7, "parent deck missing: " + shown(d));
    if (filtered.count(folded_parent)) c.error(7, "deck below a filtered deck: " + shown(d));
  }
}

void check_deck_presets(Checker& c) {
  std::set<int64_t> presets;
  for (const auto& row : storage::all_deck_configs(c.db())) {
    presets.insert(row.id.v);
    pb::DeckConfigConfig p;
    if (!p.ParseFromString(row.config)) continue;  // invariant 5
    clamp_range(c, row, "new_per_day", p.new_per_day(), 0u, 9999u);
    clamp_range(c, row, "reviews_per_day", p.reviews_per_day(), 0u, 9999u);
    clamp_range(c, row, "new_per_day_minimum", p.new_per_day_minimum(), 0u, 9999u);
    clamp_range(c, row, "initial_ease", p.initial_ease(), 1.31f, 5.0f);
    clamp_range(c, row, "easy_multiplier", p.easy_multiplier(), 1.0f, 5.0f);
    clamp_range(c, row, "hard_multiplier", p.hard_multiplier(), 0.5f, 1.3f);
    clamp_range(c, row, "lapse_multiplier", p.lapse_multiplier(), 0.0f, 1.0f);
    clamp_range(c, row, "interval_multiplier", p.interval_multiplier(), 0.5f, 2.0f);
    clamp_range(c, row, "maximum_review_interval", p.maximum_review_interval(), 1u, 36500u);
    clamp_range(c, row, "minimum_lapse_interval", p.minimum_lapse_interval(), 1u, 36500u);
    clamp_range(c, row, "graduating_interval_good", p.graduating_interval_good(), 1u, 36500u);
    clamp_range(c, row, "graduating_interval_easy", p.graduating_interval_easy(), 1u, 36500u);
    clamp_range(c, row, "leech_threshold", p.leech_threshold(), 1u, 9999u);
    clamp_range(c, row, "cap_answer_time_to_secs", p.cap_answer_time_to_secs(), 1u, 9999u);
    // Presets older than these two fields hold 0 (absent), which Anki reads as the default.
    if (p.desired_retention() != 0) clamp_range(c, row, "desired_retention", p.desired_retention(), 0.7f, 0.99f);
    if (p.historical_retention() != 0)
      clamp_range(c, row, "historical_retention", p.historical_retention(), 0.7f, 0.97f);
  }
  for (const auto& d : storage::all_decks(c.db())) {
    pb::DeckKindContainer kind;
    if (!kind.ParseFromString(d.kind) || !kind.has_normal()) continue;
    if (!presets.count(kind.normal().config_id()))
      c.warning(8, "deck " + shown(d) + " uses missing preset " + std::to_string(kind.normal().config_id()));
  }
}

}  // namespace ankc::native::dbcheck
