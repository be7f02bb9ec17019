#include "backends/native/gui/review_session.h"

#include <sqlite3.h>

#include <boost/json/array.hpp>
#include <filesystem>
#include <string>

#include "backends/action_error.h"
#include "backends/native/cards/render_input.h"
#include "backends/native/decks/deck_name.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/notes/note.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/rendering/card_render.h"
#include "backends/native/scheduling/answering.h"
#include "backends/native/scheduling/card_scheduling.h"
#include "backends/native/scheduling/deck_counts.h"
#include "backends/native/scheduling/load_balancer_build.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/session.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/revlog/revlog.h"
#include "backends/native/storage/tags/tags.h"

namespace ankc::native::gui {
namespace {

namespace json = boost::json;

// Anki keeps 30 undo steps.
constexpr size_t kUndoLimit = 30;

// The collection's current deck (config curDeck), Default when it names no deck.
DeckId current_deck(storage::Db& db) {
  DeckId id{1};
  if (auto v = storage::get_config_json(db, "curDeck")) {
    try {
      id.v = std::stoll(*v);
    } catch (const std::exception&) {
    }
  }
  if (!find_deck(db, id)) id.v = 1;
  return id;
}

std::vector<RevlogId> revlog_ids(storage::Db& db, CardId card) {
  std::vector<RevlogId> out;
  for (const auto& r : storage::revlog_of_card(db, card)) out.push_back(r.id);
  return out;
}

}  // namespace

ReviewSession::Marker ReviewSession::marker(Session& s) const {
  Marker m;
  if (!s.is_open()) return m;
  m.col = &s.col();
  m.changes = sqlite3_total_changes64(s.db().handle());
  auto q = s.db().query("PRAGMA data_version");
  if (q.next()) m.data_version = q.col_int64(0);
  return m;
}

void ReviewSession::rebuild(Session& s) {
  const SchedTiming timing = timing_today(s.db(), s.clock());
  {
    // A new day first restores the buried cards (as the deck list does).
    auto tx = s.write();
    if (unbury_on_day_rollover(s.db(), timing)) tx.mark_changed();
    tx.commit();
  }
  deck_ = current_deck(s.db());
  queues_ = build_study_queues(s.db(), deck_, timing, learn_ahead_secs(s.db()));
  balancer_ = build_load_balancer(s.db(), timing, s.clock());
  undo_.clear();
  seen_ = marker(s);
}

void ReviewSession::sync_with_collection(Session& s) {
  if (!queues_) return;
  const Marker now = marker(s);
  const bool new_day = timing_today(s.db(), s.clock()).today != queues_->day();
  if (now == seen_ && !new_day) return;
  rebuild(s);
  // Anki's reviewer refreshes after an operation that changes the study queues (AnkiConnect's
  // writes call mw.reset(), which reports every kind of change): nextCard() shows the head of the
  // rebuilt queues on its question side with a new timer, even when it is the same card.
  if (active_) next_card(s);
}

void ReviewSession::next_card(Session& s) {
  current_.reset();
  answer_shown_ = false;
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto head = queues_->next(s.clock().now_secs().v);
    if (!head) break;
    auto card = storage::get_card(s.db(), head->id);
    if (card && card->mtime.v == head->mtime) {
      current_ = head;
      break;
    }
    rebuild(s);  // the queue was stale: the card changed without this session seeing it
  }
  active_ = current_.has_value();
  timer_started_ms_ = s.clock().now().v;
}

void ReviewSession::enter_review(Session& s) {
  if (!queues_ || current_deck(s.db()) != deck_) {
    rebuild(s);
  } else {
    sync_with_collection(s);
  }
  next_card(s);
}

bool ReviewSession::active(Session& s) {
  if (!active_) return false;
  sync_with_collection(s);
  return active_ && current_.has_value();
}

void ReviewSession::start_timer(Session& s) { timer_started_ms_ = s.clock().now().v; }

json::object ReviewSession::current_card_json(Session& s) {
  storage::Db& db = s.db();
  auto card = storage::get_card(db, current_->id);
  if (!card) throw ActionError("Gui review is not currently active.");
  auto note = load_note(db, card->nid);
  if (!note) throw ActionError("Note was not found: " + std::to_string(card->nid.v));
  auto nt = load_notetype(db, note->notetype_id);
  if (!nt)
    throw ActionError("Your database appears to be in an inconsistent state. Please use the Check Database action. "
                      "No such notetype: '" + std::to_string(note->notetype_id.v) + "'");
  json::object fields;
  for (size_t i = 0; i < nt->fields.size(); ++i) {
    json::object f;
    f["value"] = i < note->fields.size() ? note->fields[i] : "";
    f["order"] = static_cast<int64_t>(i);
    fields[nt->fields[i].name] = std::move(f);
  }
  rendering::Card rc;
  rc.id = card->id.v;
  rc.ord = static_cast<uint16_t>(card->ord);
  const DeckId home = card->odid.v ? card->odid : card->did;
  if (auto d = find_deck(db, home)) rc.deck_name = human_deck_name(d->name);
  rc.flags = static_cast<uint32_t>(card->flags);
  const std::filesystem::path media = s.media_folder();
  rendering::MediaExists media_exists = [&media](const std::string& name) {
    std::error_code ec;
    return std::filesystem::is_regular_file(media / name, ec);
  };
  auto rendered = rendering::render_card(to_render_notetype(*nt), to_render_note(*note), rc, media_exists);

  const SchedTiming timing = timing_today(db, s.clock());
  json::array buttons{1, 2, 3, 4};  // the v3 scheduler always offers four
  json::array next;
  const LoadBalancer* balancer = balancer_ ? &*balancer_ : nullptr;
  for (auto& label : next_interval_labels(load_card_scheduling(db, *card, timing, balancer), learn_ahead_secs(db)))
    next.emplace_back(label);
  auto deck = find_deck_or_default(db, card->did);
  const size_t template_index = nt->is_cloze() ? 0 : card->ord;

  json::object o;
  o["cardId"] = card->id.v;
  o["fields"] = std::move(fields);
  o["fieldOrder"] = static_cast<int64_t>(card->ord);
  o["question"] = rendered.question;
  o["answer"] = rendered.answer;
  o["buttons"] = std::move(buttons);
  o["nextReviews"] = std::move(next);
  o["modelName"] = nt->name;
  o["deckName"] = deck ? human_deck_name(deck->name) : std::string("Default");
  o["css"] = nt->css;
  o["template"] = template_index < nt->templates.size() ? nt->templates[template_index].name : std::string();
  return o;
}

void ReviewSession::answer(Session& s, int ease) {
  storage::Db& db = s.db();
  auto card = storage::get_card(db, current_->id);
  if (!card) return;
  UndoStep step{std::nullopt, card->id, storage::cards_of_note(db, card->nid), storage::get_note(db, card->nid), {},
                storage::get_tag(db, "leech").has_value(), {}};
  step.decks = storage::all_decks(db);
  const std::vector<RevlogId> before = revlog_ids(db, card->id);

  auto tx = s.write();
  const TimestampMillis answered_at = s.clock().now();
  const SchedTiming timing = timing_today(db, s.clock());
  const int64_t taken = std::max<int64_t>(0, answered_at.v - timer_started_ms_);
  const storage::CardRow after =
      answer_card(db, *card, static_cast<Rating>(ease), answered_at,
                  static_cast<uint32_t>(std::min<int64_t>(taken, UINT32_MAX)), timing, balancer_ ? &*balancer_ : nullptr);
  tx.mark_changed();
  tx.commit();
  for (RevlogId id : revlog_ids(db, card->id))
    if (std::find(before.begin(), before.end(), id) == before.end()) step.added_revlog.push_back(id);

  step.queue_update = queues_->answered(after, timing, answered_at.secs().v);
  if (!step.queue_update) rebuild(s);  // the card was not where the queues expected it
  undo_.push_back(std::move(step));
  if (undo_.size() > kUndoLimit) undo_.pop_front();
  seen_ = marker(s);
  next_card(s);
}

bool ReviewSession::undo(Session& s) {
  if (!queues_) return false;
  sync_with_collection(s);
  if (undo_.empty()) return false;
  UndoStep step = std::move(undo_.back());
  undo_.pop_back();
  storage::Db& db = s.db();
  auto tx = s.write();
  for (RevlogId id : step.added_revlog) storage::remove_revlog(db, id);
  for (const auto& c : step.note_cards) storage::put_card(db, c);
  if (step.note) storage::put_note(db, *step.note);
  for (const auto& d : step.decks) storage::put_deck(db, d);
  if (!step.leech_tag_registered) storage::remove_tag(db, "leech");
  tx.mark_changed();
  tx.commit();
  if (step.queue_update) {
    queues_->undo(*step.queue_update);
    // rslib undo_queue_change: the undone card leaves the balancer's days (all of them).
    if (balancer_) balancer_->remove_card(step.card);
    seen_ = marker(s);
  } else {
    rebuild(s);
  }
  if (active_) next_card(s);
  return true;
}

}  // namespace ankc::native::gui
