// Anki's v3 study queues for one deck (rslib scheduler/queue/*): what the reviewer shows next.
//
// build_study_queues() gathers, for the deck and its descendants ("active decks"), the intraday
// learning cards due today, then interday learning and review cards due today (in the preset's
// review order, within the deck tree's remaining review limits), then new cards (gathered and sorted
// as the preset says, within the new limits), burying siblings as the presets ask; it merges them
// per the new/review and interday-learning mixes. StudyQueues then hands out the next card
// (learning due now, the main queue, learning due within the learn-ahead limit) and follows each
// answer (the card leaves the queue; a card still in intraday learning goes back in, by due).
// The order of the deck's own preset applies to the whole tree, as in Anki.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "backends/native/scheduling/timing.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/ids.h"

namespace ankc::native {
namespace storage { class Db; }

// An intraday learning card in the queue.
struct LearningQueueEntry {
  int64_t due = 0;  // epoch seconds
  CardId id;
  int64_t mtime = 0;
  uint32_t reps = 0;
};

enum class MainQueueKind { New, Review, InterdayLearning };

struct MainQueueEntry {
  CardId id;
  int64_t mtime = 0;
  MainQueueKind kind = MainQueueKind::New;
};

// The card to show next and where it came from.
struct QueuedCard {
  CardId id;
  int64_t mtime = 0;
  bool intraday_learning = false;
  MainQueueKind kind = MainQueueKind::New;  // when not intraday learning
};

// What answering a card changed in the queues (rslib queue/undo.rs QueueUpdate), kept to undo it:
// the entry taken, the learning entry put back (if any) and the cutoff and learning count before
// the cutoff moved.
struct QueueUpdate {
  std::optional<LearningQueueEntry> learning_entry;  // the entry taken, when intraday learning
  std::optional<MainQueueEntry> main_entry;          // otherwise the head of the main queue
  std::optional<LearningQueueEntry> requeued;
  int64_t learning_count = 0;
  int64_t cutoff = 0;
};

struct QueueCounts {
  int64_t new_count = 0;
  int64_t learning = 0;
  int64_t review = 0;
  bool all_zero() const { return new_count == 0 && learning == 0 && review == 0; }
};

class StudyQueues {
 public:
  StudyQueues() = default;
  StudyQueues(QueueCounts counts, std::deque<MainQueueEntry> main, std::deque<LearningQueueEntry> learning,
              int64_t day, int64_t learn_ahead_secs, int64_t now);

  // The counts the reviewer shows; when all are zero the learning cutoff first moves to `now`
  // (newly due learning cards are counted).
  QueueCounts counts(int64_t now);
  // The card shown next at `now`, or nullopt when the deck is finished for now.
  std::optional<QueuedCard> next(int64_t now);
  // Follows an answer to `answered` (the stored card after answering): it leaves the queues (it
  // must be a learning card of the queue or the head of the main queue: nullopt otherwise, nothing
  // changed), comes back among the intraday learning cards when due before the day's end, and the
  // learning cutoff moves to `now`. Returns what changed, for undo().
  std::optional<QueueUpdate> answered(const storage::CardRow& answered, const SchedTiming& timing, int64_t now);
  // Undoes the last answer as rslib does: the cutoff and learning count come back, the requeued
  // learning entry leaves, and the entry taken goes back to the front of its queue (an intraday
  // learning entry to the front of the learning queue, not to its sorted place).
  void undo(const QueueUpdate& update);

  // The counts as last updated (by counts(), next() or answered()), without moving the cutoff.
  const QueueCounts& current_counts() const { return counts_; }
  int64_t day() const { return day_; }
  const std::deque<MainQueueEntry>& main() const { return main_; }
  const std::deque<LearningQueueEntry>& intraday_learning() const { return learning_; }

 private:
  int64_t learn_ahead_cutoff() const { return cutoff_ + learn_ahead_secs_; }
  void update_learning_cutoff_and_count(int64_t now);
  void insert_learning(LearningQueueEntry entry);
  // rslib requeue_learning_entry: when learning is "collapsed" (main queue empty), a card due within
  // the learn-ahead limit is not shown again at once if another learning card can come first.
  LearningQueueEntry requeue_learning(LearningQueueEntry entry);

  QueueCounts counts_;
  std::deque<MainQueueEntry> main_;
  std::deque<LearningQueueEntry> learning_;
  int64_t day_ = 0;
  int64_t learn_ahead_secs_ = 1200;
  int64_t cutoff_ = 0;  // learning cards due by this time are shown before the main queue
};

// Builds the queues of `deck` at `timing` (collapseTime = learn_ahead_secs). Reads only.
StudyQueues build_study_queues(storage::Db& db, DeckId deck, const SchedTiming& timing, int64_t learn_ahead_secs);

// The FNV-1a 64-bit hash of the little-endian bytes of each value (rslib's FnvHasher.write_i64).
uint64_t fnv_hash(std::initializer_list<int64_t> values);

}  // namespace ankc::native
