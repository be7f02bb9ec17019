#include "backends/native/scheduling/study_queue.h"

#include <algorithm>
#include <functional>
#include <string>
#include <unordered_map>

#include "backends/native/decks/deck_ops.h"
#include "backends/native/scheduling/deck_limits.h"
#include "backends/native/scheduling/review_order.h"
#include "backends/native/scheduling/sched_config.h"
#include "backends/native/storage/cards/study_queue.h"

namespace ankc::native {
namespace {

using storage::DueCardRow;
using storage::NewCardRow;

enum class LimitKind { Review, New };

// The remaining limits of the deck tree being studied (rslib decks/limits.rs LimitTreeMap): a child
// starts capped by its parent; taking a card decrements its deck and every ancestor, and a limit
// reaching zero caps the node's whole subtree.
class LimitTree {
 public:
  // decks in depth-first name order; the first is the root.
  LimitTree(const std::vector<const Deck*>& decks, PresetCache& presets, int64_t today, bool new_ignores_review) {
    std::vector<size_t> stack;
    for (size_t i = 0; i < decks.size(); ++i) {
      const Deck& d = *decks[i];
      const size_t level = static_cast<size_t>(std::count(d.name.begin(), d.name.end(), '\x1f')) + 1;
      Node node{d.id, level, remaining_limits(d, presets.of_deck(d), today, new_ignores_review), -1, {}};
      if (i > 0) {
        while (!stack.empty() && nodes_[stack.back()].level >= level) stack.pop_back();
        // Below the root only; a deck whose immediate parent is missing is left out.
        if (stack.empty() || nodes_[stack.back()].level + 1 != level) continue;
        node.parent = static_cast<int>(stack.back());
        cap_to(node.limits, nodes_[stack.back()].limits);
        nodes_[stack.back()].children.push_back(nodes_.size());
      }
      index_[d.id.v] = nodes_.size();
      stack.push_back(nodes_.size());
      nodes_.push_back(std::move(node));
    }
  }

  bool root_reached(LimitKind kind) const { return get(nodes_[0].limits, kind) == 0; }
  bool reached(DeckId deck, LimitKind kind) const {
    auto it = index_.find(deck.v);
    return it == index_.end() || get(nodes_[it->second].limits, kind) == 0;
  }
  void decrement(DeckId deck, LimitKind kind) {
    auto it = index_.find(deck.v);
    for (int i = it == index_.end() ? -1 : static_cast<int>(it->second); i >= 0; i = nodes_[i].parent) {
      RemainingLimits& l = nodes_[i].limits;
      const RemainingLimits before = l;
      if (kind == LimitKind::Review) {
        l.review = std::max<int64_t>(l.review - 1, 0);
        if (l.cap_new_to_review) l.new_cards = std::min(l.new_cards, l.review);
      } else {
        l.new_cards = std::max<int64_t>(l.new_cards - 1, 0);
      }
      if ((before.review > 0 && l.review == 0) || (before.new_cards > 0 && l.new_cards == 0))
        cap_subtree(static_cast<size_t>(i), l);
    }
  }

 private:
  struct Node {
    DeckId id;
    size_t level;
    RemainingLimits limits;
    int parent;
    std::vector<size_t> children;
  };
  static int64_t get(const RemainingLimits& l, LimitKind kind) {
    return kind == LimitKind::Review ? l.review : l.new_cards;
  }
  static void cap_to(RemainingLimits& l, const RemainingLimits& cap) {
    l.review = std::min(l.review, cap.review);
    l.new_cards = std::min(l.new_cards, cap.new_cards);
  }
  void cap_subtree(size_t i, RemainingLimits cap) {
    cap_to(nodes_[i].limits, cap);
    for (size_t c : nodes_[i].children) cap_subtree(c, cap);
  }

  std::vector<Node> nodes_;
  std::unordered_map<int64_t, size_t> index_;
};

struct BuryMode {
  bool new_cards = false, reviews = false, interday_learning = false;
};

// The root deck's preset orders (deck_config.proto enum values).
struct SortOptions {
  int new_order = 1;        // NewCardSortOrder: 0 template, 1 no sort, 2 template then random, 3 random note then template, 4 random card
  int gather = 0;           // NewCardGatherPriority: 0 deck, 1 lowest position, 2 highest, 3 random notes, 4 random cards, 5 deck then random notes
  int review_order = 0;     // ReviewCardOrder
  int day_learn_mix = 0;    // ReviewMix: 0 mix, 1 after reviews, 2 before reviews
  int new_review_mix = 0;
};

struct NewCard {
  NewCardRow row;
  uint64_t hash = 0;
};

// Evenly mixes `two` into `one` (rslib Intersperser), with its f32 ratio arithmetic.
std::vector<MainQueueEntry> intersperse(const std::vector<MainQueueEntry>& one, const std::vector<MainQueueEntry>& two) {
  std::vector<MainQueueEntry> out;
  out.reserve(one.size() + two.size());
  const float ratio = static_cast<float>(one.size() + 1) / static_cast<float>(two.size() + 1);
  size_t i1 = 0, i2 = 0;
  while (i1 < one.size() || i2 < two.size()) {
    if (i1 < one.size() && i2 < two.size()) {
      const float relative_idx2 = static_cast<float>(i2 + 1) * ratio;
      if (relative_idx2 < static_cast<float>(i1 + 1))
        out.push_back(two[i2++]);
      else
        out.push_back(one[i1++]);
    } else if (i1 < one.size()) {
      out.push_back(one[i1++]);
    } else {
      out.push_back(two[i2++]);
    }
  }
  return out;
}

std::vector<MainQueueEntry> concat(std::vector<MainQueueEntry> a, const std::vector<MainQueueEntry>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<MainQueueEntry> mix(const std::vector<MainQueueEntry>& reviews, const std::vector<MainQueueEntry>& other,
                                int mode) {
  switch (mode) {
    case 1: return concat(reviews, other);   // after reviews
    case 2: return concat(other, reviews);   // before reviews
    default: return intersperse(reviews, other);
  }
}

class Builder {
 public:
  Builder(storage::Db& db, DeckId deck_id, const SchedTiming& timing)
      : db_(db), timing_(timing), presets_(db) {
    for (Deck& d : list_decks(db)) decks_.emplace(d.id.v, std::move(d));
    auto root = decks_.find(deck_id.v);
    if (root == decks_.end()) return;
    root_ = &root->second;
    active_ = storage::active_deck_ids(db, root_->name);
    // The limit tree: the root deck and its descendants (and, with applyAllParentLimits, its
    // ancestors above it), in name order.
    std::vector<const Deck*> tree;
    if (config_bool(db, "applyAllParentLimits").value_or(false)) {
      for (size_t pos = root_->name.find('\x1f'); pos != std::string::npos; pos = root_->name.find('\x1f', pos + 1)) {
        for (const auto& [id, d] : decks_)
          if (d.name == root_->name.substr(0, pos)) tree.push_back(&d);
      }
    }
    for (DeckId id : active_) tree.push_back(&decks_.at(id.v));
    limits_.emplace(tree, presets_, timing.today, config_bool(db, "newCardsIgnoreReviewLimit").value_or(false));
    if (const DeckConfigInner* c = presets_.of_deck(*root_)) {
      sort_.new_order = c->new_card_sort_order;
      sort_.gather = c->new_card_gather_priority;
      sort_.review_order = c->review_order;
      sort_.day_learn_mix = c->interday_learning_mix;
      sort_.new_review_mix = c->new_mix;
    }
    fsrs_ = config_bool(db, "fsrs").value_or(false);
  }

  StudyQueues build(int64_t learn_ahead_secs) {
    if (!root_) return StudyQueues({}, {}, {}, timing_.today, learn_ahead_secs, timing_.now.v);
    gather_intraday_learning();
    gather_due(3);
    gather_due(2);
    gather_new();
    sort_new();

    std::stable_sort(learning_.begin(), learning_.end(), [](const LearningQueueEntry& a, const LearningQueueEntry& b) {
      return std::make_pair(a.reps == 0, a.due) < std::make_pair(b.reps == 0, b.due);
    });
    const int64_t cutoff = timing_.now.v + learn_ahead_secs;
    QueueCounts counts;
    counts.learning = static_cast<int64_t>(std::count_if(learning_.begin(), learning_.end(),
                                                         [&](const LearningQueueEntry& e) { return e.due <= cutoff; })) +
                      static_cast<int64_t>(day_learning_.size());
    counts.review = static_cast<int64_t>(review_.size());
    counts.new_count = static_cast<int64_t>(new_.size());
    std::vector<MainQueueEntry> news;
    for (const NewCard& c : new_) news.push_back(MainQueueEntry{c.row.id, c.row.mtime, MainQueueKind::New});
    std::vector<MainQueueEntry> main = mix(mix(review_, day_learning_, sort_.day_learn_mix), news, sort_.new_review_mix);
    return StudyQueues(counts, std::deque<MainQueueEntry>(main.begin(), main.end()),
                       std::deque<LearningQueueEntry>(learning_.begin(), learning_.end()), timing_.today,
                       learn_ahead_secs, timing_.now.v);
  }

 private:
  BuryMode bury_mode_of_deck(DeckId home) {
    BuryMode m;
    auto it = decks_.find(home.v);
    if (it == decks_.end()) return m;
    if (const DeckConfigInner* c = presets_.of_deck(it->second)) {
      m.new_cards = c->bury_new;
      m.reviews = c->bury_reviews;
      m.interday_learning = c->bury_interday_learning;
    }
    return m;
  }

  // The note's bury mode before this card (nullopt for its first card), then adds this card's own
  // (rslib get_and_update_bury_mode_for_note): a card burying siblings buries the later ones.
  std::optional<BuryMode> seen(NoteId nid, DeckId did, DeckId odid) {
    const BuryMode mode = bury_mode_of_deck(odid.v ? odid : did);
    auto [it, inserted] = seen_.try_emplace(nid.v, mode);
    if (inserted) return std::nullopt;
    const BuryMode before = it->second;
    it->second.new_cards |= mode.new_cards;
    it->second.reviews |= mode.reviews;
    it->second.interday_learning |= mode.interday_learning;
    return before;
  }

  void gather_intraday_learning() {
    storage::for_each_intraday_card(db_, active_, timing_.next_day_at.v, [&](const DueCardRow& c) {
      seen(c.nid, c.did, c.odid);
      learning_.push_back(LearningQueueEntry{c.due, c.id, c.mtime, c.reps});
    });
  }

  void gather_due(int queue) {
    if (limits_->root_reached(LimitKind::Review)) return;
    const bool learning = queue == 3;
    auto visit = [&](const DueCardRow& c) {
      if (limits_->root_reached(LimitKind::Review)) return false;
      if (limits_->reached(c.did, LimitKind::Review)) return true;
      auto before = seen(c.nid, c.did, c.odid);
      if (before && (learning ? before->interday_learning : before->reviews)) return true;
      MainQueueEntry e{c.id, c.mtime, learning ? MainQueueKind::InterdayLearning : MainQueueKind::Review};
      (learning ? day_learning_ : review_).push_back(e);
      limits_->decrement(c.did, LimitKind::Review);
      return true;
    };
    const auto order = static_cast<storage::ReviewOrder>(sort_.review_order);
    const bool by_retrievability = order == storage::ReviewOrder::RetrievabilityAscending ||
                                   order == storage::ReviewOrder::RetrievabilityDescending;
    const bool by_relative = order == storage::ReviewOrder::RelativeOverdueness && fsrs_;
    if (!by_retrievability && !by_relative) {
      storage::for_each_due_card(db_, active_, queue, timing_.today, order, fsrs_, visit);
      return;
    }
    // rslib sorts these in SQL by its extract_fsrs_* functions, then fnvhash(id, mod): here the
    // rows come in hash order and are sorted stably by the key, SQL's way (NULL lowest).
    struct Keyed {
      std::optional<float> key;
      DueCardRow card;
    };
    std::vector<Keyed> rows;
    for (auto& r : storage::due_cards_by_hash(db_, active_, queue, timing_.today)) {
      auto key = by_relative ? relative_retrievability_sort_key(r.data, r.due_or_odue, r.ivl, timing_)
                             : retrievability_sort_key(r.data, r.due_or_odue, r.ivl, timing_);
      rows.push_back(Keyed{key, r.card});
    }
    const bool descending = order == storage::ReviewOrder::RetrievabilityDescending;
    std::stable_sort(rows.begin(), rows.end(), [&](const Keyed& a, const Keyed& b) {
      if (!a.key || !b.key) return descending ? (a.key && !b.key) : (!a.key && b.key);
      return descending ? *a.key > *b.key : *a.key < *b.key;
    });
    for (const Keyed& r : rows)
      if (!visit(r.card)) break;
  }

  bool add_new(const NewCardRow& c) {
    auto before = seen(c.nid, c.did, c.odid);
    if (before && before->new_cards) return false;
    new_.push_back(NewCard{c, 0});
    return true;
  }

  void gather_new() {
    const uint32_t salt = static_cast<uint32_t>(timing_.today) * 2654435761u;  // Knuth's multiplicative salt
    switch (sort_.gather) {
      case 0: gather_new_by_deck(storage::NewSorting::LowestPosition, salt); break;
      case 5: gather_new_by_deck(storage::NewSorting::RandomNotes, salt); break;
      case 1: gather_new_sorted(storage::NewSorting::LowestPosition, salt); break;
      case 2: gather_new_sorted(storage::NewSorting::HighestPosition, salt); break;
      case 3: gather_new_sorted(storage::NewSorting::RandomNotes, salt); break;
      case 4: gather_new_sorted(storage::NewSorting::RandomCards, salt); break;
      default: gather_new_by_deck(storage::NewSorting::LowestPosition, salt); break;
    }
  }

  void gather_new_by_deck(storage::NewSorting sorting, uint32_t salt) {
    for (DeckId deck : active_) {  // active_ is in name order
      if (limits_->root_reached(LimitKind::New)) break;
      if (limits_->reached(deck, LimitKind::New)) continue;
      storage::for_each_new_card(db_, {deck}, sorting, salt, [&](const NewCardRow& c) {
        const bool reached = limits_->reached(deck, LimitKind::New);
        if (!reached && add_new(c)) limits_->decrement(deck, LimitKind::New);
        return !reached;
      });
    }
  }

  void gather_new_sorted(storage::NewSorting sorting, uint32_t salt) {
    storage::for_each_new_card(db_, active_, sorting, salt, [&](const NewCardRow& c) {
      if (limits_->root_reached(LimitKind::New)) return false;
      if (!limits_->reached(c.did, LimitKind::New) && add_new(c)) limits_->decrement(c.did, LimitKind::New);
      return true;
    });
  }

  void sort_new() {
    const int64_t salt = timing_.today;
    auto by = [&](auto key) { std::sort(new_.begin(), new_.end(), [&](const NewCard& a, const NewCard& b) { return key(a) < key(b); }); };
    switch (sort_.new_order) {
      case 0:  // template, stable: keeps the gather order
        std::stable_sort(new_.begin(), new_.end(), [](const NewCard& a, const NewCard& b) { return a.row.ord < b.row.ord; });
        break;
      case 2:
        for (NewCard& c : new_) c.hash = fnv_hash({c.row.id.v, salt});
        by([](const NewCard& c) { return std::make_pair(c.row.ord, c.hash); });
        break;
      case 3:
        for (NewCard& c : new_) c.hash = fnv_hash({c.row.nid.v, salt});
        by([](const NewCard& c) { return std::make_pair(c.hash, c.row.ord); });
        break;
      case 4:
        for (NewCard& c : new_) c.hash = fnv_hash({c.row.id.v, salt});
        by([](const NewCard& c) { return c.hash; });
        break;
      default: break;  // no sort: the gather order
    }
  }

  storage::Db& db_;
  SchedTiming timing_;
  PresetCache presets_;
  std::unordered_map<int64_t, Deck> decks_;
  const Deck* root_ = nullptr;
  std::vector<DeckId> active_;
  std::optional<LimitTree> limits_;
  SortOptions sort_;
  bool fsrs_ = false;
  std::unordered_map<int64_t, BuryMode> seen_;
  std::vector<LearningQueueEntry> learning_;
  std::vector<MainQueueEntry> review_, day_learning_;
  std::vector<NewCard> new_;
};

bool learning_less(const LearningQueueEntry& a, const LearningQueueEntry& b) {
  return std::make_pair(a.reps == 0, a.due) < std::make_pair(b.reps == 0, b.due);
}

}  // namespace

uint64_t fnv_hash(std::initializer_list<int64_t> values) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (int64_t v : values) {
    const uint64_t u = static_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i) {
      h ^= (u >> (8 * i)) & 0xff;
      h *= 0x100000001b3ull;
    }
  }
  return h;
}

StudyQueues::StudyQueues(QueueCounts counts, std::deque<MainQueueEntry> main, std::deque<LearningQueueEntry> learning,
                         int64_t day, int64_t learn_ahead_secs, int64_t now)
    : counts_(counts),
      main_(std::move(main)),
      learning_(std::move(learning)),
      day_(day),
      learn_ahead_secs_(learn_ahead_secs),
      cutoff_(now) {}

QueueCounts StudyQueues::counts(int64_t now) {
  if (counts_.all_zero()) update_learning_cutoff_and_count(now);
  return counts_;
}

std::optional<QueuedCard> StudyQueues::next(int64_t now) {
  counts(now);
  for (const LearningQueueEntry& e : learning_)
    if (e.due <= cutoff_) return QueuedCard{e.id, e.mtime, true, MainQueueKind::New};
  if (!main_.empty()) return QueuedCard{main_.front().id, main_.front().mtime, false, main_.front().kind};
  for (const LearningQueueEntry& e : learning_)
    if (e.due > cutoff_ && e.due <= learn_ahead_cutoff()) return QueuedCard{e.id, e.mtime, true, MainQueueKind::New};
  return std::nullopt;
}

std::optional<QueueUpdate> StudyQueues::answered(const storage::CardRow& card, const SchedTiming& timing, int64_t now) {
  QueueUpdate update;
  auto it = std::find_if(learning_.begin(), learning_.end(), [&](const LearningQueueEntry& e) { return e.id == card.id; });
  if (it != learning_.end()) {
    update.learning_entry = *it;
    learning_.erase(it);
    counts_.learning = std::max<int64_t>(counts_.learning - 1, 0);
  } else if (!main_.empty() && main_.front().id == card.id) {
    update.main_entry = main_.front();
    switch (main_.front().kind) {
      case MainQueueKind::New: counts_.new_count -= 1; break;
      case MainQueueKind::Review: counts_.review -= 1; break;
      case MainQueueKind::InterdayLearning: counts_.learning = std::max<int64_t>(counts_.learning - 1, 0); break;
    }
    main_.pop_front();
  } else {
    return std::nullopt;
  }
  if ((card.queue == 1 || card.queue == 4) && card.due < timing.next_day_at.v)
    update.requeued = requeue_learning(LearningQueueEntry{card.due, card.id, card.mtime.v, static_cast<uint32_t>(card.reps)});
  update.learning_count = counts_.learning;
  update.cutoff = cutoff_;
  update_learning_cutoff_and_count(now);
  return update;
}

LearningQueueEntry StudyQueues::requeue_learning(LearningQueueEntry entry) {
  const int64_t cutoff = learn_ahead_cutoff();
  if (entry.due <= cutoff && main_.empty() && !learning_.empty()) {
    const LearningQueueEntry& next = learning_.front();
    if (next.due >= entry.due && next.due + 1 < cutoff) entry.due = next.due + 1;
  }
  insert_learning(entry);
  return entry;
}

void StudyQueues::undo(const QueueUpdate& update) {
  counts_.learning = update.learning_count;
  cutoff_ = update.cutoff;
  if (update.requeued) {
    auto it = std::find_if(learning_.begin(), learning_.end(),
                           [&](const LearningQueueEntry& e) { return e.id == update.requeued->id; });
    if (it != learning_.end()) {
      if (it->due <= learn_ahead_cutoff()) counts_.learning = std::max<int64_t>(counts_.learning - 1, 0);
      learning_.erase(it);
    }
  }
  if (update.learning_entry) {
    learning_.push_front(*update.learning_entry);
    counts_.learning += 1;
  } else if (update.main_entry) {
    switch (update.main_entry->kind) {
      case MainQueueKind::New: counts_.new_count += 1; break;
      case MainQueueKind::Review: counts_.review += 1; break;
      case MainQueueKind::InterdayLearning: counts_.learning += 1; break;
    }
    main_.push_front(*update.main_entry);
  }
}

void StudyQueues::update_learning_cutoff_and_count(int64_t now) {
  const int64_t last_ahead = learn_ahead_cutoff();
  cutoff_ = now;
  const int64_t new_ahead = learn_ahead_cutoff();
  for (const LearningQueueEntry& e : learning_)
    if (e.due > last_ahead && e.due <= new_ahead) counts_.learning += 1;
}

void StudyQueues::insert_learning(LearningQueueEntry entry) {
  if (entry.due <= learn_ahead_cutoff()) counts_.learning += 1;
  // The position Rust's slice::binary_search_by gives (the last of equal keys when found).
  size_t index = 0;
  if (!learning_.empty()) {
    size_t size = learning_.size(), base = 0;
    while (size > 1) {
      const size_t half = size / 2, mid = base + half;
      if (!learning_less(entry, learning_[mid])) base = mid;  // learning_[mid] <= entry
      size -= half;
    }
    const bool less = learning_less(learning_[base], entry);
    const bool equal = !less && !learning_less(entry, learning_[base]);
    index = equal ? base : base + (less ? 1 : 0);
  }
  learning_.insert(learning_.begin() + static_cast<std::ptrdiff_t>(index), entry);
}

StudyQueues build_study_queues(storage::Db& db, DeckId deck, const SchedTiming& timing, int64_t learn_ahead_secs) {
  return Builder(db, deck, timing).build(learn_ahead_secs);
}

}  // namespace ankc::native
