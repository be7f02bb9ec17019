#include "backends/native/scheduling/card_scheduling.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/scheduling/fuzz_rng.h"
#include "backends/native/scheduling/sched_config.h"
#include "backends/native/scheduling/steps.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/revlog/stats.h"

namespace ankc::native {
namespace {

// The home deck's preset (defaults when missing) and the id the home deck names.
DeckConfigInner home_config(storage::Db& db, const std::optional<Deck>& deck, DeckId home_id,
                            std::optional<DeckConfigId>& preset_id) {
  std::optional<Deck> home = deck;
  if (deck && deck->is_filtered()) home = find_deck(db, home_id);
  if (home && home->normal()) {
    preset_id = DeckConfigId{home->normal()->config_id};
    if (auto row = storage::get_deck_config(db, *preset_id)) return deck_config_from_row(*row).config;
  }
  return DeckConfigInner{};
}

const std::vector<float>& fsrs_stored_params(const DeckConfigInner& c) {
  if (!c.fsrs_params_6.empty()) return c.fsrs_params_6;
  if (!c.fsrs_params_5.empty()) return c.fsrs_params_5;
  return c.fsrs_params_4;
}

// The SM-2 history converted to a memory state (§9.7, last fallback); an approximation of Anki's
// full revlog replay.
std::optional<MemoryState> memory_from_sm2(const FsrsParams& p, const storage::CardRow& card, float retention) {
  if (card.type == 0 || card.ivl <= 0) return std::nullopt;
  const float decay = p.decay();
  const float factor = std::exp(std::log(0.9f) / decay) - 1.0f;
  const float s = std::max(static_cast<float>(card.ivl), 0.001f) * factor / (std::pow(retention, 1.0f / decay) - 1.0f);
  const float ease = static_cast<float>(card.factor) / 1000.0f;
  const float d = 11.0f - (ease - 1.0f) / (std::exp(p.w[8]) * std::pow(s, -p.w[9]) *
                                          (std::exp((1.0f - retention) * p.w[10]) - 1.0f));
  return MemoryState{s, std::clamp(d, 1.0f, 10.0f)};
}

CardState normal_state(const CardScheduling& s, int32_t due) {
  const storage::CardRow& c = s.card;
  const float ease = static_cast<float>(c.factor) / 1000.0f;
  const uint32_t remaining = static_cast<uint32_t>(std::max(c.left, 0));
  const uint32_t ivl = static_cast<uint32_t>(std::max(c.ivl, 0));
  const uint32_t lapses = static_cast<uint32_t>(std::max(c.lapses, 0));
  switch (c.type) {
    case 0:
      return NewState{static_cast<uint32_t>(std::max(due, 0))};
    case 1:
      return LearnState{remaining, LearningSteps(s.config.learn_steps).current_delay_secs(remaining), s.data.memory};
    case 2: {
      ReviewState r;
      r.scheduled_days = ivl;
      r.elapsed_days = static_cast<uint32_t>(std::max<int64_t>(0, int64_t{ivl} - (int64_t{due} - s.timing.today)));
      r.ease_factor = ease;
      r.lapses = lapses;
      r.memory = s.data.memory;
      return r;
    }
    default: {
      RelearnState r;
      r.learning = LearnState{remaining, LearningSteps(s.config.relearn_steps).current_delay_secs(remaining),
                              s.data.memory};
      r.review.scheduled_days = r.review.elapsed_days = ivl;
      r.review.ease_factor = ease;
      r.review.lapses = lapses;
      r.review.memory = s.data.memory;
      return r;
    }
  }
}

}  // namespace

bool CardScheduling::reschedules() const {
  if (!in_filtered_deck()) return true;
  return std::get<FilteredDeck>(deck->kind).reschedule;
}

CardScheduling load_card_scheduling(storage::Db& db, const storage::CardRow& card, const SchedTiming& timing,
                                    const LoadBalancer* balancer) {
  CardScheduling s;
  s.card = card;
  s.timing = timing;
  s.deck = find_deck(db, card.did);
  s.config = home_config(db, s.deck, card.odid.v != 0 ? card.odid : card.did, s.home_preset);
  s.data = CardData::parse(card.data);
  s.fsrs = config_bool(db, "fsrs").value_or(false);

  // Desired retention: the home deck's override, else the preset's.
  s.desired_retention = s.config.desired_retention;
  {
    std::optional<Deck> home = s.in_filtered_deck() ? find_deck(db, card.odid) : s.deck;
    if (home && home->normal() && home->normal()->desired_retention)
      s.desired_retention = *home->normal()->desired_retention;
  }

  StateContext& ctx = s.context;
  const DeckConfigInner& c = s.config;
  ctx.fuzz_factor = fuzz_factor(fuzz_seed(card.id, card.reps));
  if (balancer && s.home_preset) {
    // Siblings are avoided when the preset buries review siblings (a missing preset buries none).
    std::optional<NoteId> note;
    if (c.bury_reviews) note = card.nid;
    ctx.load_balancer = LoadBalancerContext{balancer, *s.home_preset, note, fuzz_seed(card.id, card.reps)};
  }
  ctx.learn_steps = c.learn_steps;
  ctx.relearn_steps = c.relearn_steps;
  ctx.graduating_interval_good = c.graduating_interval_good;
  ctx.graduating_interval_easy = c.graduating_interval_easy;
  ctx.initial_ease = c.initial_ease;
  ctx.hard_multiplier = c.hard_multiplier;
  ctx.easy_multiplier = c.easy_multiplier;
  ctx.interval_multiplier = c.interval_multiplier;
  ctx.maximum_review_interval = c.maximum_review_interval;
  ctx.leech_threshold = c.leech_threshold;
  ctx.lapse_multiplier = c.lapse_multiplier;
  ctx.minimum_lapse_interval = c.minimum_lapse_interval;
  if (s.in_filtered_deck()) {
    const auto& f = std::get<FilteredDeck>(s.deck->kind);
    ctx.preview_again_secs = f.preview_again_secs;
    ctx.preview_hard_secs = f.preview_hard_secs;
    ctx.preview_good_secs = f.preview_good_secs;
  }

  if (s.fsrs) {
    const std::vector<float>& stored = fsrs_stored_params(c);
    if (auto params = fsrs_params(stored)) {
      if (!s.data.memory && card.type != 0) s.data.memory = memory_from_sm2(*params, card, c.historical_retention);
      std::optional<TimestampSecs> last = s.data.last_review_secs ? std::optional(TimestampSecs{*s.data.last_review_secs})
                                                                   : storage::time_of_last_review(db, card.id);
      uint32_t days = 0;
      if (last) days = static_cast<uint32_t>(std::max<int64_t>(0, timing.next_day_at.v - last->v) / 86400);
      ctx.fsrs = fsrs_next_states(*params, s.data.memory, s.desired_retention, days);
      ctx.fsrs_allow_short_term = fsrs_allows_short_term(stored);
      ctx.fsrs_short_term_with_steps = config_bool(db, "fsrsShortTermWithStepsEnabled").value_or(false);
    }
  }

  // The due used for the state: review cards in normal decks are never early; filtered decks use
  // the original due.
  int32_t due = card.due;
  if (s.in_filtered_deck()) {
    if (card.odue != 0) due = card.odue;
  } else if (card.type == 2) {
    due = static_cast<int32_t>(std::min<int64_t>(card.due, timing.today));
  }
  if (s.reschedules())
    s.current = normal_state(s, due);
  else
    s.current = PreviewState{ctx.preview_again_secs, false};
  return s;
}

std::string interval_label(uint32_t secs, int64_t learn_ahead_secs, bool isolate) {
  if (secs == 0) return "(end)";
  const double s = secs;
  const char* unit;
  double amount;
  bool one_decimal = false;
  if (s < 60) {
    unit = "s", amount = s;
  } else if (s < 3600) {
    unit = "m", amount = s / 60;
  } else if (s < 86400) {
    unit = "h", amount = s / 3600, one_decimal = true;
  } else if (s < 86400 * (365.0 / 12.0)) {
    unit = "d", amount = s / 86400;
  } else if (s < 86400 * 365.0) {
    unit = "mo", amount = s / (86400 * 365.0 / 12.0), one_decimal = true;
  } else {
    unit = "y", amount = s / (86400 * 365.0), one_decimal = true;
  }
  amount = one_decimal ? std::round(amount * 10) / 10 : std::round(amount);
  char buf[32];
  auto res = std::to_chars(buf, buf + sizeof buf, amount, std::chars_format::fixed, 2);
  std::string number(buf, res.ptr);
  while (!number.empty() && number.back() == '0') number.pop_back();
  if (!number.empty() && number.back() == '.') number.pop_back();
  std::string out;
  if (static_cast<int64_t>(secs) < learn_ahead_secs) out += "<";
  if (isolate) out += "\u2068";
  out += number;
  if (isolate) out += "\u2069";
  out += unit;
  return out;
}

std::vector<std::string> next_interval_labels(const CardScheduling& sched, int64_t learn_ahead_secs) {
  const NextStates states = next_states(sched.current, sched.context);
  std::vector<std::string> out;
  for (int rating = 1; rating <= 4; ++rating) {
    const IntervalKind kind = interval_kind(states.for_rating(rating)).maybe_as_days(sched.timing.secs_until_rollover());
    out.push_back(interval_label(kind.as_seconds(), learn_ahead_secs));
  }
  return out;
}

}  // namespace ankc::native
