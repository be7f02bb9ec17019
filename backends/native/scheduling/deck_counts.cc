#include "backends/native/scheduling/deck_counts.h"

#include <algorithm>
#include <map>
#include <optional>

#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/scheduling/deck_limits.h"
#include "backends/native/scheduling/sched_config.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/cards/scheduling.h"
#include "backends/native/storage/deck_config/deck_config.h"

namespace ankc::native {
namespace {


using Limits = RemainingLimits;

struct Node {
  Deck deck;
  std::vector<size_t> children;
  std::vector<std::string> components;
};

std::vector<std::string> split_name(const std::string& native) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t pos = native.find('\x1f', start);
    out.push_back(native.substr(start, pos == std::string::npos ? std::string::npos : pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  return out;
}


struct Aggregate {
  int64_t new_count = 0, review = 0, interday = 0, intraday = 0;
};

class TreeCounter {
 public:
  TreeCounter(storage::Db& db, const SchedTiming& timing, int64_t learn_ahead_secs)
      : db_(db), today_(timing.today), presets_(db) {
    for (const auto& c : storage::due_counts_by_deck(db, timing.today, timing.now.v + learn_ahead_secs))
      raw_[c.did.v] = c;
    new_ignores_review_limit_ = config_bool(db, "newCardsIgnoreReviewLimit").value_or(false);
    apply_all_parent_limits_ = config_bool(db, "applyAllParentLimits").value_or(false);
  }

  // Counts of node i and its subtree; results[i] receives the node's reported values.
  Aggregate count(const std::vector<Node>& nodes, size_t i, const std::optional<Limits>& parent,
                  std::vector<DeckTreeCounts>& results) {
    const Node& node = nodes[i];
    Limits limits = remaining_limits(node.deck, presets_.of_deck(node.deck), today_, new_ignores_review_limit_);
    if (apply_all_parent_limits_) {
      const Limits p = parent.value_or(Limits{});
      limits.review = std::min(limits.review, p.review);
      limits.new_cards = std::min(limits.new_cards, p.new_cards);
    }
    Aggregate sum;
    auto raw = raw_.find(node.deck.id.v);
    if (raw != raw_.end()) {
      sum.new_count = raw->second.new_count;
      sum.review = raw->second.review;
      sum.interday = raw->second.interday_learning;
      sum.intraday = raw->second.intraday_learning;
      results[i].total_in_deck = raw->second.total;
    }
    for (size_t child : node.children) {
      Aggregate c = count(nodes, child, limits, results);
      sum.new_count += c.new_count;
      sum.review += c.review;
      sum.interday += c.interday;
      sum.intraday += c.intraday;
    }
    Aggregate capped = sum;
    capped.interday = std::min(sum.interday, limits.review);
    const int64_t rest = limits.review - capped.interday;
    capped.review = std::min(sum.review, rest);
    capped.new_count = std::min(sum.new_count, limits.new_cards);
    if (limits.cap_new_to_review) capped.new_count = std::min(capped.new_count, rest - capped.review);
    results[i].new_count = capped.new_count;
    results[i].review_count = capped.review;
    results[i].learn_count = capped.intraday + capped.interday;
    return capped;
  }

 private:
  storage::Db& db_;
  int64_t today_;
  std::map<int64_t, storage::DeckDueCounts> raw_;
  PresetCache presets_;
  bool new_ignores_review_limit_ = false;
  bool apply_all_parent_limits_ = false;
};

void pre_order(const std::vector<Node>& nodes, size_t i, std::vector<size_t>& out) {
  out.push_back(i);
  for (size_t c : nodes[i].children) pre_order(nodes, c, out);
}

}  // namespace

bool unbury_on_day_rollover(storage::Db& db, const SchedTiming& timing) {
  const int64_t last = config_int(db, "lastUnburied").value_or(0);
  if (last >= timing.today && last <= timing.today + 7) return false;
  storage::unbury_all(db);
  set_config_int(db, "lastUnburied", timing.today, timing.now);
  return true;
}

std::vector<DeckTreeCounts> deck_tree_counts(storage::Db& db, const SchedTiming& timing, int64_t learn_ahead_secs) {
  // Decks arrive in name order, so a parent precedes its children.
  std::vector<Node> nodes;
  std::map<std::string, size_t> by_name;
  std::vector<size_t> roots;
  for (Deck& d : list_decks(db)) {
    Node n;
    n.components = split_name(d.name);
    n.deck = std::move(d);
    const size_t index = nodes.size();
    by_name[n.deck.name] = index;
    std::optional<size_t> parent;
    const size_t cut = n.deck.name.rfind('\x1f');
    if (cut != std::string::npos) {
      auto it = by_name.find(n.deck.name.substr(0, cut));
      if (it != by_name.end()) parent = it->second;
    }
    nodes.push_back(std::move(n));
    if (parent)
      nodes[*parent].children.push_back(index);
    else
      roots.push_back(index);
  }
  std::vector<DeckTreeCounts> results(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    results[i].id = nodes[i].deck.id;
    results[i].native_name = nodes[i].deck.name;
    results[i].leaf_name = nodes[i].components.back();
    results[i].depth = static_cast<int>(nodes[i].components.size()) - 1;
  }
  TreeCounter counter(db, timing, learn_ahead_secs);
  std::vector<size_t> order;
  for (size_t r : roots) {
    counter.count(nodes, r, std::nullopt, results);
    const bool hide_default = nodes[r].deck.id.v == 1 && roots.size() > 1 && nodes[r].children.empty() &&
                              results[r].total_in_deck == 0;
    if (!hide_default) pre_order(nodes, r, order);
  }
  std::vector<DeckTreeCounts> out;
  for (size_t i : order) out.push_back(results[i]);
  return out;
}

}  // namespace ankc::native
