#include "backends/native/decks/schema11.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

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

namespace {

const json::value* member(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it == o.end() || it->value().is_null() ? nullptr : &it->value();
}

int64_t int_of(const json::object& o, std::string_view key, int64_t fallback = 0) {
  const json::value* v = member(o, key);
  if (!v) return fallback;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<int64_t>(v->as_double());
  if (v->is_bool()) return v->as_bool() ? 1 : 0;
  if (v->is_string()) {  // ids and mod may be numeric strings in old data
    try { return std::stoll(std::string(v->as_string())); } catch (...) {}
  }
  return fallback;
}

bool bool_of(const json::object& o, std::string_view key, bool fallback = false) {
  const json::value* v = member(o, key);
  if (!v) return fallback;
  if (v->is_bool()) return v->as_bool();
  if (v->is_number()) return v->to_number<double>() != 0;
  return fallback;
}

std::string string_of(const json::object& o, std::string_view key) {
  const json::value* v = member(o, key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<uint32_t> optional_u32_of(const json::object& o, std::string_view key) {
  const json::value* v = member(o, key);
  if (!v || !v->is_number()) return std::nullopt;
  return static_cast<uint32_t>(v->to_number<double>());
}

std::optional<DayLimit> day_limit_of(const json::object& o, std::string_view key) {
  const json::value* v = member(o, key);
  if (!v || !v->is_object()) return std::nullopt;
  return DayLimit{static_cast<uint32_t>(int_of(v->as_object(), "limit")),
                  static_cast<uint32_t>(int_of(v->as_object(), "today"))};
}

// [day, amount] of a *Today key.
std::pair<int64_t, int64_t> today_of(const json::object& o, std::string_view key) {
  const json::value* v = member(o, key);
  if (!v || !v->is_array() || v->as_array().size() < 2 || !v->as_array()[0].is_number() ||
      !v->as_array()[1].is_number())
    return {0, 0};
  return {static_cast<int64_t>(v->as_array()[0].to_number<double>()),
          static_cast<int64_t>(v->as_array()[1].to_number<double>())};
}

const std::initializer_list<std::string_view> kKnownDeckKeys = {
    "id", "mod", "name", "usn", "lrnToday", "revToday", "newToday", "timeToday", "collapsed", "browserCollapsed",
    "desc", "md", "dyn", "conf", "extendNew", "extendRev", "reviewLimit", "newLimit", "reviewLimitToday",
    "newLimitToday", "desiredRetention", "resched", "terms", "separate", "delays", "previewDelay",
    "previewAgainSecs", "previewHardSecs", "previewGoodSecs"};

}  // namespace

Deck deck_from_schema11(const json::object& d) {
  Deck deck;
  deck.id = DeckId{int_of(d, "id")};
  deck.mtime = TimestampSecs{int_of(d, "mod")};
  deck.name = native_deck_name(string_of(d, "name"));
  deck.usn = Usn{static_cast<int32_t>(int_of(d, "usn"))};
  DeckCommon& c = deck.common;
  c.study_collapsed = bool_of(d, "collapsed");
  c.browser_collapsed = bool_of(d, "browserCollapsed");
  // The four counters share one day in the protobuf: the latest day wins, older counts are stale.
  auto lrn = today_of(d, "lrnToday"), rev = today_of(d, "revToday"), nw = today_of(d, "newToday"),
       time = today_of(d, "timeToday");
  int64_t day = std::max(std::max(lrn.first, rev.first), std::max(nw.first, time.first));
  c.last_day_studied = static_cast<uint32_t>(day);
  if (lrn.first == day) c.learning_studied = static_cast<int32_t>(lrn.second);
  if (rev.first == day) c.review_studied = static_cast<int32_t>(rev.second);
  if (nw.first == day) c.new_studied = static_cast<int32_t>(nw.second);
  if (time.first == day) c.milliseconds_studied = static_cast<int32_t>(time.second);
  json::object other;
  for (const auto& kv : d) {
    bool known = false;
    for (std::string_view k : kKnownDeckKeys) known = known || kv.key() == k;
    if (!known) other[kv.key()] = kv.value();
  }
  if (!other.empty()) c.other = json::serialize(other);
  if (int_of(d, "dyn") != 0) {
    FilteredDeck f;
    f.reschedule = bool_of(d, "resched", true);
    if (const json::value* terms = member(d, "terms"); terms && terms->is_array())
      for (const json::value& t : terms->as_array()) {
        if (!t.is_array() || t.as_array().size() < 3 || !t.as_array()[0].is_string()) continue;
        const json::array& a = t.as_array();
        f.search_terms.push_back({std::string(a[0].as_string()),
                                  a[1].is_number() ? static_cast<uint32_t>(a[1].to_number<double>()) : 0,
                                  a[2].is_number() ? static_cast<int32_t>(a[2].to_number<double>()) : 0});
      }
    if (const json::value* delays = member(d, "delays"); delays && delays->is_array())
      for (const json::value& x : delays->as_array())
        if (x.is_number()) f.delays.push_back(static_cast<float>(x.to_number<double>()));
    f.preview_delay = static_cast<uint32_t>(int_of(d, "previewDelay"));
    f.preview_again_secs = static_cast<uint32_t>(int_of(d, "previewAgainSecs", 60));
    f.preview_hard_secs = static_cast<uint32_t>(int_of(d, "previewHardSecs", 600));
    f.preview_good_secs = static_cast<uint32_t>(int_of(d, "previewGoodSecs"));
    deck.kind = std::move(f);
    return deck;
  }
  NormalDeck n;
  n.config_id = int_of(d, "conf", 1);
  n.extend_new = static_cast<uint32_t>(int_of(d, "extendNew"));
  n.extend_review = static_cast<uint32_t>(int_of(d, "extendRev"));
  n.description = string_of(d, "desc");
  n.markdown_description = bool_of(d, "md");
  n.review_limit = optional_u32_of(d, "reviewLimit");
  n.new_limit = optional_u32_of(d, "newLimit");
  n.review_limit_today = day_limit_of(d, "reviewLimitToday");
  n.new_limit_today = day_limit_of(d, "newLimitToday");
  if (const json::value* r = member(d, "desiredRetention"); r && r->is_number())
    n.desired_retention = static_cast<float>(r->to_number<double>()) / 100.0f;
  deck.kind = std::move(n);
  return deck;
}

}  // namespace ankc::native
