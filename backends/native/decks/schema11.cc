#include "backends/native/decks/schema11.h"

#include <boost/json/array.hpp>

#include "backends/native/decks/deck_name.h"
#include "backends/native/decks/schema11_extras.h"

namespace ankc::native {

namespace {

namespace json = boost::json;

json::array today_pair(uint32_t day, int32_t amount) {
  return json::array{static_cast<int64_t>(static_cast<int32_t>(day)), amount};
}

json::value day_limit(const std::optional<DayLimit>& limit) {
  if (!limit) return nullptr;
  json::object o;
  o["limit"] = limit->limit;
  o["today"] = limit->today;
  return o;
}

json::value optional_u32(const std::optional<uint32_t>& v) {
  if (!v) return nullptr;
  return *v;
}

// Legacy keys Anki never re-emits from Deck.Common.other (rslib decks/schema11.rs RESERVED_DECK_KEYS).
const std::initializer_list<std::string_view> kReservedDeckKeys = {
    "usn",          "revToday",   "newLimit",         "dyn",       "reviewLimit",   "newToday",
    "timeToday",    "reviewLimitToday", "extendNew",  "mod",       "newLimitToday", "desc",
    "name",         "lrnToday",   "conf",             "browserCollapsed", "extendRev", "id",
    "collapsed",    "desiredRetention"};

}  // namespace

json::object deck_to_schema11(const Deck& deck) {
  json::object o;
  const DeckCommon& c = deck.common;
  o["id"] = deck.id.v;
  o["mod"] = deck.mtime.v;
  o["name"] = human_deck_name(deck.name);
  o["usn"] = deck.usn.v;
  o["lrnToday"] = today_pair(c.last_day_studied, c.learning_studied);
  o["revToday"] = today_pair(c.last_day_studied, c.review_studied);
  o["newToday"] = today_pair(c.last_day_studied, c.new_studied);
  o["timeToday"] = today_pair(c.last_day_studied, c.milliseconds_studied);
  o["collapsed"] = c.study_collapsed;
  o["browserCollapsed"] = c.browser_collapsed;
  const NormalDeck* normal = deck.normal();
  o["desc"] = normal ? normal->description : std::string();
  if (normal && normal->markdown_description) o["md"] = true;
  o["dyn"] = normal ? 0 : 1;
  append_legacy_extras(o, c.other, kReservedDeckKeys);
  if (normal) {
    o["conf"] = normal->config_id;
    o["extendNew"] = static_cast<int32_t>(normal->extend_new);
    o["extendRev"] = static_cast<int32_t>(normal->extend_review);
    o["reviewLimit"] = optional_u32(normal->review_limit);
    o["newLimit"] = optional_u32(normal->new_limit);
    o["reviewLimitToday"] = day_limit(normal->review_limit_today);
    o["newLimitToday"] = day_limit(normal->new_limit_today);
    if (normal->desired_retention)
      o["desiredRetention"] = static_cast<uint32_t>(*normal->desired_retention * 100.0f);
    else
      o["desiredRetention"] = nullptr;
    return o;
  }
  const auto& filtered = std::get<FilteredDeck>(deck.kind);
  o["resched"] = filtered.reschedule;
  json::array terms;
  for (const auto& t : filtered.search_terms)
    terms.push_back(json::array{json::string(t.search), static_cast<int32_t>(t.limit), t.order});
  o["terms"] = std::move(terms);
  o["separate"] = true;
  if (filtered.delays.empty())
    o["delays"] = nullptr;
  else
    o["delays"] = f32_list(filtered.delays);
  o["previewDelay"] = filtered.preview_delay;
  o["previewAgainSecs"] = filtered.preview_again_secs;
  o["previewHardSecs"] = filtered.preview_hard_secs;
  o["previewGoodSecs"] = filtered.preview_good_secs;
  return o;
}

}  // namespace ankc::native
