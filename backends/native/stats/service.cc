#include "backends/native/stats/service.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "backends/action_error.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/pasted_sql.h"
#include "backends/native/scheduling/deck_counts.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/session.h"
#include "backends/native/stats/collection_report.h"
#include "backends/native/stats/review_days.h"
#include "backends/native/storage/revlog/stats.h"
#include "compat/pyjson.h"

namespace ankc::native {

namespace json = boost::json;

namespace {

std::optional<int64_t> as_int(const json::value& v) {
  if (v.is_int64()) return v.as_int64();
  if (v.is_uint64()) return static_cast<int64_t>(v.as_uint64());
  if (v.is_bool()) return v.as_bool() ? 1 : 0;
  return std::nullopt;
}

// Anki's `decks.id(name)`: the deck's id, creating it (in its own committed transaction) when missing.
DeckId deck_id_creating(Session& s, const json::value& name) {
  const std::string text = name.is_string() ? std::string(name.as_string()) : pyjson::str(name);
  if (auto deck = find_deck_by_human_name(s.db(), text)) return deck->id;
  auto tx = s.write();
  DeckId id = ensure_deck(s.db(), text, s.clock().now());
  tx.mark_changed();
  tx.commit();
  return id;
}

json::value num_reviewed_today(Session& s, const json::object&) {
  const SchedTiming timing = timing_today(s.db(), s.clock());
  return storage::count_revlog_since(s.db(), RevlogId{timing.day_start().v * 1000});
}

json::value num_reviewed_by_day(Session& s, const json::object&) {
  const SchedTiming timing = timing_today(s.db(), s.clock());
  // The hour (local time) of the next rollover, as time.localtime(dayCutoff).tm_hour.
  const int west = s.clock().minutes_west(timing.next_day_at);
  const int64_t local = timing.next_day_at.v - int64_t{west} * 60;
  const int64_t hour = ((local % 86400) + 86400) % 86400 / 3600;
  json::array out;
  for (const auto& [day, count] : reviews_by_day(storage::all_revlog_ids(s.db()), hour * 3600, s.clock()))
    out.push_back(json::array{json::value(day), json::value(count)});
  return out;
}

json::value collection_stats_html(Session& s, const json::object& params) {
  bool whole = true;
  if (auto it = params.find("wholeCollection"); it != params.end()) {
    const json::value& v = it->value();
    whole = !(v.is_null() || (v.is_bool() && !v.as_bool()) || (v.is_int64() && v.as_int64() == 0));
  }
  return json::value(collection_report_html(s.db(), timing_today(s.db(), s.clock()), whole));
}

json::array revlog_array(const storage::RevlogRow& r) {
  return json::array{r.id.v, r.cid.v, r.usn.v, r.ease, r.ivl, r.last_ivl, r.factor, r.time, r.kind};
}

json::value card_reviews(Session& s, const json::object& params) {
  const DeckId did = deck_id_creating(s, params.at("deck"));
  const int64_t start = as_int(params.at("startID")).value_or(0);
  json::array out;
  for (const auto& r : storage::revlog_of_deck_since(s.db(), did, RevlogId{start})) out.push_back(revlog_array(r));
  return out;
}

// The JSON key json.dumps writes for a dict key of that value.
std::string dict_key(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_bool()) return v.as_bool() ? "true" : "false";
  if (v.is_null()) return "null";
  return pyjson::dumps(v);
}

json::value reviews_of_cards(Session& s, const json::object& params) {
  const json::value& cards = params.at("cards");
  if (!cards.is_array()) throw ActionError("'" + std::string(cards.is_null() ? "NoneType" : "int") + "' object is not iterable");
  std::vector<CardId> ids;
  for (const auto& c : cards.as_array())
    if (c.is_int64() || c.is_uint64()) ids.push_back(CardId{c.to_number<int64_t>()});
  std::map<int64_t, json::array> by_card;
  for (const auto& r : storage::revlog_of_cards(s.db(), ids)) {
    json::object o;
    o["id"] = r.id.v;
    o["usn"] = r.usn.v;
    o["ease"] = r.ease;
    o["ivl"] = r.ivl;
    o["lastIvl"] = r.last_ivl;
    o["factor"] = r.factor;
    o["time"] = r.time;
    o["type"] = r.kind;
    by_card[r.cid.v].push_back(std::move(o));
  }
  json::object out;
  for (const auto& c : cards.as_array()) {
    json::array reviews;
    if (c.is_int64() || c.is_uint64()) {
      auto it = by_card.find(c.to_number<int64_t>());
      if (it != by_card.end()) reviews = it->second;
    }
    out[dict_key(c)] = std::move(reviews);
  }
  return out;
}

json::value latest_review_id(Session& s, const json::object& params) {
  const DeckId did = deck_id_creating(s, params.at("deck"));
  auto id = storage::latest_revlog_id_of_deck(s.db(), did);
  return id ? id->v : 0;
}

json::value insert_reviews(Session& s, const json::object& params) {
  const json::value& reviews = params.at("reviews");
  if (!reviews.is_array()) throw ActionError("object of type '" + std::string(reviews.is_null() ? "NoneType" : "int") +
                                             "' has no len()");
  if (reviews.as_array().empty()) return nullptr;
  // AnkiConnect pastes str() of every value into the SQL text, so a string runs as SQL. The text is
  // still built, and prepared without running, for Anki's errors on the inputs clients send (None,
  // wrong lengths, non-finite floats); the rows are then inserted with bound values, and a value that
  // is not one SQL literal is refused instead of run.
  std::string values;
  std::vector<std::array<storage::SqlValue, 9>> rows;
  const json::value* unbindable = nullptr;
  for (const auto& row : reviews.as_array()) {
    if (!row.is_array()) throw ActionError("'" + std::string(row.is_int64() ? "int" : "object") + "' object is not iterable");
    if (!values.empty()) values += ",";
    values += "(";
    bool first = true;
    std::array<storage::SqlValue, 9> bound;
    size_t column = 0;
    for (const auto& v : row.as_array()) {
      if (!first) values += ",";
      first = false;
      values += pyjson::str(v);
      std::optional<storage::SqlValue> value = pasted_value(v);
      if (!value && !unbindable) unbindable = &v;
      if (value && column < bound.size()) bound[column] = std::move(*value);
      ++column;
    }
    values += ")";
    if (column != bound.size() && !unbindable) unbindable = &row;
    rows.push_back(std::move(bound));
  }
  auto tx = s.write();
  storage::check_revlog_insert_sql(s.db(), values);
  if (unbindable) refuse_pasted_value("insertReviews", *unbindable);
  storage::insert_revlog_rows(s.db(), rows);
  tx.mark_changed();
  tx.commit();
  return nullptr;
}

json::value deck_stats(Session& s, const json::object& params) {
  const json::value& decks = params.at("decks");
  if (!decks.is_array()) throw ActionError("'" + std::string(decks.is_null() ? "NoneType" : "int") + "' object is not iterable");
  std::set<int64_t> wanted;
  for (const auto& name : decks.as_array()) wanted.insert(deck_id_creating(s, name).v);
  auto tx = s.write();
  const SchedTiming timing = timing_today(s.db(), s.clock());
  if (unbury_on_day_rollover(s.db(), timing)) tx.mark_changed();
  json::object out;
  for (const auto& node : deck_tree_counts(s.db(), timing, learn_ahead_secs(s.db()))) {
    if (!wanted.count(node.id.v)) continue;
    json::object o;
    o["deck_id"] = node.id.v;
    o["name"] = node.leaf_name;
    o["new_count"] = node.new_count;
    o["learn_count"] = node.learn_count;
    o["review_count"] = node.review_count;
    o["total_in_deck"] = node.total_in_deck;
    out[std::to_string(node.id.v)] = std::move(o);
  }
  tx.commit();
  return out;
}

constexpr ServiceAction kActions[] = {
    {"getNumCardsReviewedToday", &num_reviewed_today},
    {"getNumCardsReviewedByDay", &num_reviewed_by_day},
    {"getCollectionStatsHTML", &collection_stats_html},
    {"cardReviews", &card_reviews},
    {"getReviewsOfCards", &reviews_of_cards},
    {"getLatestReviewID", &latest_review_id},
    {"insertReviews", &insert_reviews},
    {"getDeckStats", &deck_stats},
};

}  // namespace

std::span<const ServiceAction> stats_actions() { return kActions; }

}  // namespace ankc::native
