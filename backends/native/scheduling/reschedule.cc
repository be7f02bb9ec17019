#include "backends/native/scheduling/reschedule.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "backends/action_error.h"
#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/scheduling/card_data.h"
#include "backends/native/scheduling/sched_config.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/revlog/revlog.h"

namespace ankc::native {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

uint32_t parse_u32(std::string_view digits) {
  uint64_t v = 0;
  for (char c : digits) {
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > UINT32_MAX) throw ActionError("A number was invalid or out of range.");
  }
  return static_cast<uint32_t>(v);
}

// The position a card had in the new queue: its due while new, else data.pos.
std::optional<uint32_t> last_position(const storage::CardRow& card, const CardData& data) {
  if (card.type == 0) {
    const int32_t due = card.odid.v != 0 ? card.odue : card.due;
    return static_cast<uint32_t>(std::max(due, 0));
  }
  return data.pos;
}

void leave_filtered_deck(storage::CardRow& card) {
  if (card.odid.v == 0) return;
  card.did = card.odid;
  card.odid = DeckId{0};
  card.odue = 0;
}

// The manual revlog row: ease 0, type 4 (§7).
void log_manual(storage::Db& db, const storage::CardRow& card, const CardData& data, int32_t last_ivl,
                TimestampMillis now) {
  storage::RevlogRow log;
  log.id = RevlogId{now.v};
  log.cid = card.id;
  log.usn = kLocalUsn;
  log.ease = 0;
  log.ivl = card.ivl;
  log.last_ivl = last_ivl;
  log.factor = data.memory ? static_cast<int32_t>(static_cast<uint16_t>(
                                 ((data.memory->difficulty - 1.0f) / 9.0f + 0.1f) * 1000.0f))
                           : card.factor;
  log.time = 0;
  log.kind = 4;
  storage::add_revlog(db, log);
}

// Initial ease of the card's home deck's preset (preset 1, then built-in defaults, when missing).
float initial_ease_for(storage::Db& db, DeckId home) {
  int64_t config_id = 1;
  if (auto deck = find_deck(db, home); deck && deck->normal()) config_id = deck->normal()->config_id;
  auto row = storage::get_deck_config(db, DeckConfigId{config_id});
  if (!row) row = storage::get_deck_config(db, DeckConfigId{1});
  return row ? deck_config_from_row(*row).config.initial_ease : DeckConfigInner{}.initial_ease;
}

std::string data_text(const CardData& data) {
  std::string s = data.to_json();
  return s == "{}" ? std::string() : s;
}

}  // namespace

DueDateSpec parse_due_date(std::string_view days) {
  std::string_view rest = days;
  DueDateSpec spec;
  if (!rest.empty() && rest.back() == '!') {
    spec.reset_interval = true;
    rest.remove_suffix(1);
  }
  const size_t dash = rest.find('-');
  std::string_view first = rest.substr(0, dash);
  std::string_view second = dash == std::string_view::npos ? std::string_view() : rest.substr(dash + 1);
  if (!all_digits(first) || (dash != std::string_view::npos && !all_digits(second))) throw ActionError(std::string(days));
  const uint32_t a = parse_u32(first);
  const uint32_t b = dash == std::string_view::npos ? a : parse_u32(second);
  spec.min = std::min(a, b);
  spec.max = std::max(a, b);
  return spec;
}

void set_due_date(storage::Db& db, const std::vector<CardId>& cards, const DueDateSpec& spec, const SchedTiming& timing,
                  TimestampMillis now, Random& random) {
  const bool fsrs = config_bool(db, "fsrs").value_or(false);
  for (CardId id : cards) {
    auto found = storage::get_card(db, id);
    if (!found) continue;
    storage::CardRow card = *found;
    const storage::CardRow original = card;
    CardData data = CardData::parse(card.data);
    const float initial_ease = initial_ease_for(db, card.odid.v != 0 ? card.odid : card.did);
    const uint64_t span = uint64_t{spec.max} - spec.min + 1;
    const uint32_t days = spec.min + static_cast<uint32_t>(random.next_u64() % span);
    const int32_t new_due = static_cast<int32_t>(timing.today + days);

    int64_t interval;
    if (fsrs && data.memory) {
      if (card.type == 0 || card.ivl == 0) {
        interval = 0;
      } else if (data.last_review_secs) {
        interval = std::max<int64_t>(0, timing.next_day_at.v - *data.last_review_secs) / 86400 + days;
      } else {
        int64_t old_due = card.odid.v != 0 && card.odue != 0 ? card.odue : card.due;
        if (old_due > 1000000000) old_due = timing.today + (old_due - timing.now.v) / 86400;
        interval = card.ivl + (new_due - old_due);
      }
    } else if (spec.reset_interval || (card.type != 2 && card.type != 3)) {
      interval = std::max<int64_t>(days, 1);
    } else {
      interval = std::max<int64_t>(card.ivl, 1);
    }

    data.pos = last_position(card, data);
    leave_filtered_deck(card);
    card.ivl = static_cast<int32_t>(std::max<int64_t>(interval, 1));
    card.due = new_due;
    card.type = 2;
    card.queue = 2;
    if (card.factor == 0) card.factor = static_cast<int32_t>(std::round(initial_ease * 1000.0f));
    card.data = data_text(data);
    card.mtime = now.secs();
    card.usn = kLocalUsn;
    log_manual(db, card, data, original.ivl, now);
    storage::put_card(db, card);
  }
}

void forget_cards(storage::Db& db, const std::vector<CardId>& cards, TimestampMillis now) {
  int64_t next_pos = config_int(db, "nextPos").value_or(0);
  bool next_pos_used = false;
  for (CardId id : cards) {
    auto found = storage::get_card(db, id);
    if (!found) continue;
    storage::CardRow card = *found;
    const int32_t old_ivl = card.ivl;
    CardData data = CardData::parse(card.data);
    int64_t position;
    if (auto pos = last_position(card, data)) {
      position = *pos;
    } else {
      position = next_pos++;
      next_pos_used = true;
    }
    leave_filtered_deck(card);
    card.due = static_cast<int32_t>(position);
    card.type = 0;
    card.queue = 0;
    card.ivl = 0;
    card.factor = 0;
    data.pos.reset();
    data.memory.reset();
    card.data = data_text(data);
    card.mtime = now.secs();
    card.usn = kLocalUsn;
    log_manual(db, card, data, old_ivl, now);
    storage::put_card(db, card);
  }
  if (next_pos_used) set_config_int(db, "nextPos", next_pos, now.secs());
}

}  // namespace ankc::native
