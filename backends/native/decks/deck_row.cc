#include "backends/native/decks/deck_row.h"

#include "backends/action_error.h"
#include "backends/native/proto/deck.pb.h"

namespace ankc::native {

Deck deck_from_row(const storage::DeckRow& row) {
  Deck deck;
  deck.id = row.id;
  deck.name = row.name;
  deck.mtime = row.mtime;
  deck.usn = row.usn;
  pb::DeckCommon common;
  pb::DeckKindContainer kind;
  if (!common.ParseFromString(row.common) || !kind.ParseFromString(row.kind))
    throw ActionError("invalid deck blob for deck " + std::to_string(row.id.v));
  deck.common.study_collapsed = common.study_collapsed();
  deck.common.browser_collapsed = common.browser_collapsed();
  deck.common.last_day_studied = common.last_day_studied();
  deck.common.new_studied = common.new_studied();
  deck.common.review_studied = common.review_studied();
  deck.common.learning_studied = common.learning_studied();
  deck.common.milliseconds_studied = common.milliseconds_studied();
  deck.common.other = common.other();
  if (kind.has_normal()) {
    const pb::DeckNormal& n = kind.normal();
    NormalDeck out;
    out.config_id = n.config_id();
    out.extend_new = n.extend_new();
    out.extend_review = n.extend_review();
    out.description = n.description();
    out.markdown_description = n.markdown_description();
    if (n.has_review_limit()) out.review_limit = n.review_limit();
    if (n.has_new_limit()) out.new_limit = n.new_limit();
    if (n.has_review_limit_today())
      out.review_limit_today = DayLimit{n.review_limit_today().limit(), n.review_limit_today().today()};
    if (n.has_new_limit_today())
      out.new_limit_today = DayLimit{n.new_limit_today().limit(), n.new_limit_today().today()};
    if (n.has_desired_retention()) out.desired_retention = n.desired_retention();
    deck.kind = std::move(out);
  } else if (kind.has_filtered()) {
    const pb::DeckFiltered& f = kind.filtered();
    FilteredDeck out;
    out.reschedule = f.reschedule();
    for (const auto& t : f.search_terms())
      out.search_terms.push_back(FilteredSearchTerm{t.search(), t.limit(), static_cast<int32_t>(t.order())});
    out.delays.assign(f.delays().begin(), f.delays().end());
    out.preview_delay = f.preview_delay();
    out.preview_again_secs = f.preview_again_secs();
    out.preview_hard_secs = f.preview_hard_secs();
    out.preview_good_secs = f.preview_good_secs();
    deck.kind = std::move(out);
  } else {
    throw ActionError("invalid deck kind");
  }
  return deck;
}

storage::DeckRow deck_to_row(const Deck& deck) {
  storage::DeckRow row;
  row.id = deck.id;
  row.name = deck.name;
  row.mtime = deck.mtime;
  row.usn = deck.usn;
  pb::DeckCommon common;
  common.set_study_collapsed(deck.common.study_collapsed);
  common.set_browser_collapsed(deck.common.browser_collapsed);
  common.set_last_day_studied(deck.common.last_day_studied);
  common.set_new_studied(deck.common.new_studied);
  common.set_review_studied(deck.common.review_studied);
  common.set_learning_studied(deck.common.learning_studied);
  common.set_milliseconds_studied(deck.common.milliseconds_studied);
  common.set_other(deck.common.other);
  row.common = common.SerializeAsString();
  pb::DeckKindContainer kind;
  if (const NormalDeck* n = deck.normal()) {
    pb::DeckNormal* out = kind.mutable_normal();
    out->set_config_id(n->config_id);
    out->set_extend_new(n->extend_new);
    out->set_extend_review(n->extend_review);
    out->set_description(n->description);
    out->set_markdown_description(n->markdown_description);
    if (n->review_limit) out->set_review_limit(*n->review_limit);
    if (n->new_limit) out->set_new_limit(*n->new_limit);
    if (n->review_limit_today) {
      out->mutable_review_limit_today()->set_limit(n->review_limit_today->limit);
      out->mutable_review_limit_today()->set_today(n->review_limit_today->today);
    }
    if (n->new_limit_today) {
      out->mutable_new_limit_today()->set_limit(n->new_limit_today->limit);
      out->mutable_new_limit_today()->set_today(n->new_limit_today->today);
    }
    if (n->desired_retention) out->set_desired_retention(*n->desired_retention);
  } else {
    const auto& f = std::get<FilteredDeck>(deck.kind);
    pb::DeckFiltered* out = kind.mutable_filtered();
    out->set_reschedule(f.reschedule);
    for (const auto& t : f.search_terms) {
      auto* term = out->add_search_terms();
      term->set_search(t.search);
      term->set_limit(t.limit);
      term->set_order(static_cast<pb::FilteredSearchTerm::Order>(t.order));
    }
    for (float d : f.delays) out->add_delays(d);
    out->set_preview_delay(f.preview_delay);
    out->set_preview_again_secs(f.preview_again_secs);
    out->set_preview_hard_secs(f.preview_hard_secs);
    out->set_preview_good_secs(f.preview_good_secs);
  }
  row.kind = kind.SerializeAsString();
  return row;
}

}  // namespace ankc::native
