#include "backends/native/scheduling/answering.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "backends/native/decks/deck_ops.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/scheduling/card_scheduling.h"
#include "backends/native/scheduling/fuzz_rng.h"
#include "backends/native/scheduling/leech.h"
#include "backends/native/storage/cards/scheduling.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/revlog/revlog.h"

namespace ankc::native {
namespace {

struct Applied {
  IntervalKind next_interval;
  float ease_factor = 0.0f;  // for the revlog (SM-2)
};

std::optional<uint32_t> new_position(const CardState& s) {
  if (auto* n = std::get_if<NewState>(&s)) return n->position;
  return std::nullopt;
}

// Places a card that stays in (re)learning: intraday (queue 1) or past the cutoff (queue 3).
void place_learning(storage::CardRow& card, const CardScheduling& s, uint32_t secs, TimestampSecs now) {
  const IntervalKind kind = IntervalKind{false, secs}.maybe_as_days(s.timing.secs_until_rollover());
  if (kind.in_days) {
    card.queue = 3;
    card.due = static_cast<int32_t>(s.timing.today + kind.value);
  } else {
    card.queue = 1;
    card.due = static_cast<int32_t>(now.v + with_learning_fuzz(fuzz_seed(s.card.id, s.card.reps), secs));
  }
}

void leave_filtered_deck(storage::CardRow& card) {
  if (card.odid.v == 0) return;
  card.did = card.odid;
  card.odid = DeckId{0};
  card.odue = 0;
}

Applied apply_normal(storage::CardRow& card, CardScheduling& s, const CardState& next, TimestampSecs now) {
  Applied out;
  card.reps += 1;
  card.odue = 0;
  if (auto pos = new_position(s.current)) s.data.pos = *pos;
  if (auto* l = std::get_if<LearnState>(&next)) {
    card.left = static_cast<int32_t>(l->remaining_steps);
    card.type = 1;
    s.data.memory = l->memory;
    place_learning(card, s, l->scheduled_secs, now);
  } else if (auto* r = std::get_if<ReviewState>(&next)) {
    card.queue = 2;
    card.type = 2;
    card.ivl = static_cast<int32_t>(r->scheduled_days);
    card.due = static_cast<int32_t>(s.timing.today + r->scheduled_days);
    card.factor = static_cast<int32_t>(std::round(r->ease_factor * 1000.0f));
    card.lapses = static_cast<int32_t>(r->lapses);
    card.left = 0;
    s.data.memory = r->memory;
    out.ease_factor = r->ease_factor;
  } else if (auto* rl = std::get_if<RelearnState>(&next)) {
    card.ivl = static_cast<int32_t>(rl->review.scheduled_days);
    card.left = static_cast<int32_t>(rl->learning.remaining_steps);
    card.type = 3;
    card.factor = static_cast<int32_t>(std::round(rl->review.ease_factor * 1000.0f));
    card.lapses = static_cast<int32_t>(rl->review.lapses);
    s.data.memory = rl->review.memory;
    place_learning(card, s, rl->learning.scheduled_secs, now);
    out.ease_factor = rl->review.ease_factor;
  }
  out.next_interval = interval_kind(next).maybe_as_days(s.timing.secs_until_rollover());
  return out;
}

Applied apply_preview(storage::CardRow& card, const CardScheduling& s, const PreviewState& next, TimestampSecs now) {
  Applied out;
  if (next.finished) {
    if (card.odue != 0) card.due = card.odue;
    card.queue = queue_from_type(card.type, card.due);
    leave_filtered_deck(card);
  } else {
    card.queue = 4;
    card.due = static_cast<int32_t>(now.v + with_learning_fuzz(fuzz_seed(s.card.id, s.card.reps), next.scheduled_secs));
  }
  out.next_interval = interval_kind(next).maybe_as_days(s.timing.secs_until_rollover());
  return out;
}

// The revlog factor: FSRS difficulty as 100-1100 when the card has a memory state, else ease.
int32_t revlog_factor(const storage::CardRow& card, const CardScheduling& s, const CardState& next, float ease) {
  if (std::holds_alternative<PreviewState>(next)) return 0;
  if (s.fsrs && s.data.memory) {
    return static_cast<int32_t>(std::round(((s.data.memory->difficulty - 1.0f) / 9.0f + 0.1f) * 1000.0f));
  }
  (void)card;
  return static_cast<int32_t>(std::round(ease * 1000.0f));
}

}  // namespace

int queue_from_type(int type, int32_t due) {
  switch (type) {
    case 0: return 0;
    case 2: return 2;
    default: return due > 1000000000 ? 1 : 3;
  }
}

void update_deck_counters(storage::Db& db, DeckId did, int64_t today, int new_delta, int review_delta,
                          int32_t millis_delta, TimestampSecs now) {
  auto deck = find_deck(db, did);
  if (!deck) return;
  std::vector<Deck> chain{*deck};
  std::string prefix;
  const std::string& name = deck->name;
  for (size_t pos = name.find('\x1f'); pos != std::string::npos; pos = name.find('\x1f', pos + 1)) {
    if (auto row = storage::get_deck_by_name(db, name.substr(0, pos))) chain.push_back(deck_from_row(*row));
  }
  for (Deck& d : chain) {
    DeckCommon& c = d.common;
    if (c.last_day_studied != static_cast<uint32_t>(today)) {
      c.new_studied = c.review_studied = c.learning_studied = c.milliseconds_studied = 0;
      c.last_day_studied = static_cast<uint32_t>(today);
    }
    c.new_studied += new_delta;
    c.review_studied += review_delta;
    c.milliseconds_studied += millis_delta;
    d.mtime = now;
    d.usn = kLocalUsn;
    storage::put_deck(db, deck_to_row(d));
  }
}

storage::CardRow answer_card(storage::Db& db, const storage::CardRow& original, Rating rating,
                             TimestampMillis answered_at, uint32_t millis_taken, const SchedTiming& timing,
                             LoadBalancer* balancer) {
  CardScheduling s = load_card_scheduling(db, original, timing, balancer);
  const TimestampSecs now = answered_at.secs();
  millis_taken = std::min(millis_taken, s.config.cap_answer_time_to_secs * 1000);
  const NextStates states = next_states(s.current, s.context);
  const CardState& next = states.for_rating(static_cast<int>(rating));

  storage::CardRow card = original;
  Applied applied;
  const bool preview = std::holds_alternative<PreviewState>(next);
  if (preview) {
    applied = apply_preview(card, s, std::get<PreviewState>(next), now);
  } else {
    // A rescheduling filtered deck keeps the card unless it becomes a review card.
    if (s.in_filtered_deck() && std::holds_alternative<ReviewState>(next)) leave_filtered_deck(card);
    applied = apply_normal(card, s, next, now);
    if (leeched(next) && s.config.leech_action == 0) card.queue = -1;
    s.data.last_review_secs = now.v;
    if (s.fsrs) {
      s.data.desired_retention = s.desired_retention;
      s.data.decay = fsrs_decay_to_store(!s.config.fsrs_params_6.empty()   ? s.config.fsrs_params_6
                                         : !s.config.fsrs_params_5.empty() ? s.config.fsrs_params_5
                                                                           : s.config.fsrs_params_4);
    } else {
      s.data.desired_retention.reset();
      s.data.memory.reset();
    }
  }
  card.data = s.data.to_json();
  if (card.data == "{}") card.data = "";
  card.mtime = now;
  card.usn = kLocalUsn;

  storage::RevlogRow log;
  log.id = RevlogId{answered_at.v};
  log.cid = card.id;
  log.usn = kLocalUsn;
  log.ease = static_cast<int>(rating);
  log.ivl = applied.next_interval.as_revlog_interval();
  log.last_ivl = interval_kind(s.current).maybe_as_days(timing.secs_until_rollover()).as_revlog_interval();
  log.factor = revlog_factor(card, s, next, applied.ease_factor);
  log.time = static_cast<int32_t>(millis_taken);
  log.kind = revlog_kind(s.current);
  storage::add_revlog(db, log);

  const int from_queue = original.queue;
  update_deck_counters(db, original.did, timing.today, from_queue == 0 ? 1 : 0,
                       (from_queue == 2 || from_queue == 3) ? 1 : 0, static_cast<int32_t>(millis_taken), now);

  // Sibling burying per the home preset.
  const DeckConfigInner& c = s.config;
  if (c.bury_new || c.bury_reviews || c.bury_interday_learning) {
    const bool from_new = from_queue == 0;
    const bool from_review = from_queue == 2 || from_queue == 3;
    storage::bury_siblings(db, card.nid, card.id, c.bury_new, c.bury_reviews && !from_new,
                           c.bury_interday_learning && !from_new && !from_review, now);
  }
  storage::put_card(db, card);
  if (!preview && leeched(next)) add_leech_tag(db, card.nid, now);
  if (balancer && card.queue == 2 && s.home_preset)
    balancer->add_card(card.id, card.nid, *s.home_preset, static_cast<uint32_t>(std::max(card.ivl, 0)));
  return card;
}

}  // namespace ankc::native
