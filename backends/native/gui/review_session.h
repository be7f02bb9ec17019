// The reviewer of Anki's main window, headless: one per profile (kept in the Session, so a restart
// or a profile switch ends it, as closing Anki does). It studies the collection's current deck
// through the v3 study queues (scheduling/study_queue.h), shows one card at a time with its
// question or answer side and its card timer, answers through the same scheduler code as
// answerCards, and undoes its answers step by step.
//
// When the collection changes under it (another request, a sync or a new day), the queues are
// rebuilt before the next gui action and the head of the rebuilt queues is shown on its question
// side with a new timer, as Anki's reviewer does after an operation (AnkiConnect's writes call
// mw.reset(), which reports every change; the reviewer then runs nextCard()). Its answers can then
// no longer be undone: Anki's undo would first undo that other operation (or, for raw SQL and
// syncs, has discarded its history too), which this session cannot.
//
// With loadBalancerEnabled on, the load balancer is built with the queues (and rebuilt with them),
// chooses the review intervals of the answers and the labels of the shown card, counts each card
// an answer leaves in the review queue and forgets an undone card, as Anki's CardQueues do.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "backends/native/scheduling/load_balancer.h"
#include "backends/native/scheduling/study_queue.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/decks/decks.h"
#include "backends/native/storage/notes/notes.h"

namespace ankc::native {
class Session;
class Collection;
}  // namespace ankc::native

namespace ankc::native::gui {

class ReviewSession {
 public:
  // guiDeckReview after the deck was selected: the main window enters review of the current deck
  // (queues built if needed) and the head of the queues is shown, question side, timer started.
  // With nothing to study the window stays on the overview (review not active).
  void enter_review(Session& s);
  // guiDeckOverview / guiDeckBrowser: the window leaves the review (the queues are kept).
  void leave_review() { active_ = false; }

  // guiReviewActive: a card is shown and the window is in review.
  bool active(Session& s);
  // guiCurrentCard's object for the shown card (call only when active()).
  boost::json::object current_card_json(Session& s);
  // guiShowQuestion / guiShowAnswer / guiStartCardTimer (call only when active()).
  void show_question() { answer_shown_ = false; }
  void show_answer() { answer_shown_ = true; }
  bool answer_shown() const { return answer_shown_; }
  void start_timer(Session& s);
  // guiAnswerCard with ease 1..4 (active, answer shown): answers, records the undo step, shows the
  // next card (or leaves the review when the deck is finished).
  void answer(Session& s, int ease);
  // guiUndo: undoes the last answer (card, siblings, note, deck counters, revlog row, queues) and,
  // when reviewing, shows that card again. False when there is nothing to undo.
  bool undo(Session& s);

  // The queues (tests): nullptr before the first review.
  const StudyQueues* queues() const { return queues_ ? &*queues_ : nullptr; }
  // Undo steps available (tests).
  size_t undo_depth() const { return undo_.size(); }
  // The load balancer built with the queues (tests): nullptr when off or before the first review.
  const LoadBalancer* load_balancer() const { return balancer_ ? &*balancer_ : nullptr; }

 private:
  // What identifies the collection's state as this session last saw it.
  struct Marker {
    const Collection* col = nullptr;
    int64_t changes = -1;
    int64_t data_version = -1;
    bool operator==(const Marker&) const = default;
  };
  struct UndoStep {
    std::optional<QueueUpdate> queue_update;  // nullopt: the queues were rebuilt after the answer
    CardId card;
    std::vector<storage::CardRow> note_cards;  // the card and its siblings before the answer
    std::optional<storage::NoteRow> note;
    std::vector<storage::DeckRow> decks;
    bool leech_tag_registered = false;
    std::vector<RevlogId> added_revlog;
  };

  Marker marker(Session& s) const;
  // Rebuilds the queues when the collection or the day changed since this session last looked.
  void sync_with_collection(Session& s);
  void rebuild(Session& s);
  // Shows the head of the queues (question side, timer started), or leaves the review.
  void next_card(Session& s);

  std::optional<StudyQueues> queues_;
  std::optional<LoadBalancer> balancer_;  // built with queues_ when loadBalancerEnabled is on
  DeckId deck_;  // the deck the queues were built for
  bool active_ = false;
  std::optional<QueuedCard> current_;
  bool answer_shown_ = false;
  int64_t timer_started_ms_ = 0;
  std::deque<UndoStep> undo_;
  Marker seen_;
};

}  // namespace ankc::native::gui
