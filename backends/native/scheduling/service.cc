#include "backends/native/scheduling/service.h"

#include <boost/json/array.hpp>
#include <optional>
#include <string>
#include <vector>

#include "backends/action_error.h"
#include "backends/native/pasted_sql.h"
#include "backends/native/scheduling/answering.h"
#include "backends/native/scheduling/load_balancer_cache.h"
#include "backends/native/scheduling/reschedule.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/search/session_search.h"
#include "backends/native/session.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/cards/scheduling.h"
#include "backends/native/storage/revlog/revlog.h"
#include "compat/py_errors.h"
#include "compat/pyjson.h"

namespace ankc::native {

namespace json = boost::json;

namespace {

// An id as Python would use it: ints (and integral floats/bools) are ids; anything else is not.
std::optional<int64_t> as_id(const json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) return static_cast<int64_t>(v.as_uint64());
  if (v.is_bool()) return v.as_bool() ? 1 : 0;
  if (v.is_double() && v.as_double() == static_cast<double>(static_cast<int64_t>(v.as_double())))
    return static_cast<int64_t>(v.as_double());
  return std::nullopt;
}

// A list parameter the plugin iterates (a string would iterate characters: treated as not iterable
// here, a deliberate simplification).
const json::array& array_param(const json::object& params, const char* name) {
  const json::value& v = params.at(name);
  if (!v.is_array()) throw ActionError(std::string("'") + pyjson::type_name(v) + "' object is not iterable");
  return v.as_array();
}

std::vector<CardId> card_ids(const json::array& cards) {
  std::vector<CardId> out;
  for (const auto& c : cards)
    if (auto id = as_id(c)) out.push_back(CardId{*id});
  return out;
}

// entry[key] with Python's texts: KeyError on a dict, the TypeError of subscripting anything else.
const json::value& key_of(const json::value& entry, const char* key, PyFlavour py) {
  if (entry.is_string()) throw ActionError(pyerr::str_indices(py));
  if (entry.is_array()) throw ActionError("list indices must be integers or slices, not str");
  if (!entry.is_object()) throw ActionError("'" + std::string(pyjson::type_name(entry)) + "' object is not subscriptable");
  auto it = entry.as_object().find(key);
  if (it == entry.as_object().end()) throw ActionError(std::string("'") + key + "'");
  return it->value();
}

// The ease as Python's comparisons with 1..4 see it, or 0 when it matches none.
int rating_of(const json::value& ease) {
  if (auto v = as_id(ease); v && *v >= 1 && *v <= 4) return static_cast<int>(*v);
  return 0;
}

// answerCards answers as Anki's scheduler does with its study queues built, i.e. with the load
// balancer when loadBalancerEnabled is on (the session's, kept up to date by each answer).
json::value answer_cards(Session& s, const json::object& params) {
  json::array out;
  LoadBalancerCache& balancers = s.state<LoadBalancerCache>();
  for (const auto& answer : array_param(params, "answers")) {
    const json::value& cid = key_of(answer, "cardId", s.py_flavour());
    const json::value& ease = key_of(answer, "ease", s.py_flavour());
    std::optional<storage::CardRow> card;
    if (auto id = as_id(cid)) card = storage::get_card(s.db(), CardId{*id});
    if (!card) {
      out.emplace_back(false);
      continue;
    }
    const int rating = rating_of(ease);
    if (rating == 0) throw ActionError("invalid ease");
    const TimestampMillis started = s.clock().now();
    auto tx = s.write();
    const TimestampMillis answered_at = s.clock().now();
    const SchedTiming timing = timing_today(s.db(), s.clock());
    answer_card(s.db(), *card, static_cast<Rating>(rating), answered_at,
                static_cast<uint32_t>(std::max<int64_t>(0, answered_at.v - started.v)), timing,
                balancers.get(s, timing));
    tx.mark_changed();
    tx.commit();
    balancers.saw_own_write(s);
    out.emplace_back(true);
  }
  return out;
}

// The card as `select ... from revlog where cid = ?` binds it: numbers as ids, and a string of digits
// too (the integer column's affinity converts it); anything else matches no row.
std::optional<int64_t> revlog_cid(const json::value& card) {
  if (auto id = as_id(card)) return id;
  if (!card.is_string() || card.as_string().empty() || card.as_string().size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : card.as_string()) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// The card's revlog rows in id order (the plugin's unordered query walks the cid index).
std::vector<storage::RevlogRow> history(Session& s, const json::value& card) {
  if (auto id = revlog_cid(card)) return storage::revlog_of_card(s.db(), CardId{*id});
  return {};
}

// findCards('cid:{card} <state>') is not empty: the card's str() is pasted into the search, so a
// malformed id is Anki's search error.
bool card_in_state(Session& s, const json::value& card, const char* state) {
  return !search::cards_matching(s, "cid:" + pyjson::str(card) + " " + state).empty();
}

// AnkiConnect's areDue: findCards('cid:{card} is:new') (so a malformed id is a search error), else
// the card's last revlog row (IndexError without one): a review interval or a learning step of at
// most 20 minutes (ivl >= -1200) asks findCards('cid:{card} is:due'); a longer learning step compares
// its end (answer time - ivl seconds) with the clock.
json::value are_due(Session& s, const json::object& params) {
  json::array out;
  for (const auto& card : array_param(params, "cards")) {
    if (card_in_state(s, card, "is:new")) {
      out.emplace_back(true);
      continue;
    }
    auto rows = history(s, card);
    if (rows.empty()) throw ActionError("list index out of range");
    const storage::RevlogRow& last = rows.back();
    if (last.ivl >= -1200) {
      out.emplace_back(card_in_state(s, card, "is:due"));
    } else {
      const double answered = static_cast<double>(last.id.v) / 1000.0;
      const double now = static_cast<double>(s.clock().now().v) / 1000.0;
      out.emplace_back(answered - last.ivl <= now);
    }
  }
  return out;
}

json::value get_intervals(Session& s, const json::object& params) {
  const bool complete = params.contains("complete") && pyjson::truthy(params.at("complete"));
  json::array out;
  for (const auto& card : array_param(params, "cards")) {  // as areDue: findCards('cid:{card} is:new')
    if (card_in_state(s, card, "is:new")) {
      out.emplace_back(0);
      continue;
    }
    auto rows = history(s, card);
    if (complete) {
      json::array all;
      for (const auto& r : rows) all.emplace_back(r.ivl);
      out.emplace_back(std::move(all));
    } else {
      if (rows.empty()) throw ActionError("list index out of range");
      out.emplace_back(rows.back().ivl);
    }
  }
  return out;
}

json::value forget_cards(Session& s, const json::object& params) {
  auto cards = card_ids(array_param(params, "cards"));
  auto tx = s.write();
  forget_cards(s.db(), cards, s.clock().now());
  tx.mark_changed();
  tx.commit();
  return nullptr;
}

json::value relearn_cards(Session& s, const json::object& params) {
  const PastedValues ids = paste_values(array_param(params, "cards"));
  auto tx = s.write();
  storage::check_relearning_sql(s.db(), ids.text);
  if (ids.unsafe) refuse_pasted_value("relearnCards", *ids.unsafe);
  storage::set_relearning_raw(s.db(), literal_text(ids.literals));
  tx.mark_changed();
  tx.commit();
  return nullptr;
}

json::value set_due_date(Session& s, const json::object& params) {
  const json::value& days = params.at("days");
  if (!days.is_string()) throw ActionError(pyjson::str(days));
  const DueDateSpec spec = parse_due_date(days.as_string());
  auto cards = card_ids(array_param(params, "cards"));
  auto tx = s.write();
  const SchedTiming timing = timing_today(s.db(), s.clock());
  set_due_date(s.db(), cards, spec, timing, s.clock().now(), s.random());
  tx.mark_changed();
  tx.commit();
  return true;
}

constexpr ServiceAction kActions[] = {
    {"answerCards", &answer_cards},   {"areDue", &are_due},           {"getIntervals", &get_intervals},
    {"forgetCards", &forget_cards},   {"relearnCards", &relearn_cards}, {"setDueDate", &set_due_date},
};

}  // namespace

std::span<const ServiceAction> scheduling_actions() { return kActions; }

}  // namespace ankc::native
