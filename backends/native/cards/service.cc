#include "backends/native/cards/service.h"

#include <boost/json/array.hpp>
#include <algorithm>
#include <filesystem>
#include <map>
#include <unordered_set>

#include "backends/action_error.h"
#include "backends/native/cards/render_input.h"
#include "backends/native/pasted_sql.h"
#include "backends/native/decks/deck_name.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/media/store.h"
#include "backends/native/notes/note_service_helpers.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/rendering/card_render.h"
#include "backends/native/scheduling/card_scheduling.h"
#include "backends/native/scheduling/load_balancer_cache.h"
#include "backends/native/scheduling/timing.h"
#include "backends/native/session.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/col/col.h"
#include "backends/native/storage/revlog/raw_sql.h"
#include "compat/py_errors.h"
#include "compat/pyjson.h"

namespace ankc::native {
namespace json = boost::json;
namespace {

json::value param(const json::object& p, const char* name) {
  auto it = p.find(name);
  return it == p.end() ? json::value() : it->value();
}

std::optional<storage::CardRow> find_card(Session& s, const json::value& id) {
  if (auto i = as_id(id)) return storage::get_card(s.db(), CardId{*i});
  return std::nullopt;
}

storage::CardRow card_or_throw(Session& s, const json::value& id) {
  auto c = find_card(s, id);
  if (!c) throw ActionError("Card was not found: " + pyjson::str(id));
  return *c;
}

std::vector<json::value> list_of(const json::value& v) {
  std::vector<json::value> out;
  if (v.is_array())
    for (const auto& e : v.get_array()) out.push_back(e);
  return out;
}

// Writes a card changed by an action (mod = now, usn -1).
void save_card(Session& s, storage::CardRow& card) {
  card.mtime = s.clock().now_secs();
  card.usn = kLocalUsn;
  storage::put_card(s.db(), card);
}

std::string deck_name_of(Session& s, DeckId did) {
  auto deck = find_deck_or_default(s.db(), did);
  return deck ? human_deck_name(deck->name) : std::string("Default");
}

json::value cards_info(Session& s, const json::object& p) {
  std::map<int64_t, Notetype> types;
  std::map<int64_t, rendering::Notetype> render_types;
  json::array out;
  auto& media = s.media_folder();
  rendering::MediaExists media_exists = [&media](const std::string& name) {
    std::error_code ec;
    return std::filesystem::is_regular_file(media / name, ec);
  };
  // nextReviews: the scheduler's own states and labels, timed once for the call; with the load
  // balancer when it is on, as answerCards would answer.
  SchedTiming timing = timing_today(s.db(), s.clock());
  int64_t learn_ahead = learn_ahead_secs(s.db());
  const LoadBalancer* balancer = nullptr;
  bool balancer_known = false;
  for (const auto& idv : list_of(param(p, "cards"))) {
    auto card = find_card(s, idv);
    if (!card) {
      out.emplace_back(json::object());
      continue;
    }
    auto note = load_note(s.db(), card->nid);
    if (!note) throw ActionError("Note was not found: " + std::to_string(card->nid.v));
    auto it = types.find(note->notetype_id.v);
    if (it == types.end()) {
      it = types.emplace(note->notetype_id.v, notetype_of(s, *note)).first;
      render_types.emplace(note->notetype_id.v, to_render_notetype(it->second));
    }
    const Notetype& nt = it->second;
    json::object fields;
    for (size_t i = 0; i < nt.fields.size(); ++i) {
      json::object f;
      f["value"] = i < note->fields.size() ? note->fields[i] : "";
      f["order"] = static_cast<int64_t>(i);
      fields[nt.fields[i].name] = std::move(f);
    }
    rendering::Card rc;
    rc.id = card->id.v;
    rc.ord = static_cast<uint16_t>(card->ord);
    DeckId home = card->odid.v ? card->odid : card->did;
    if (auto d = find_deck(s.db(), home)) rc.deck_name = human_deck_name(d->name);
    rc.flags = static_cast<uint32_t>(card->flags);
    auto rendered = rendering::render_card(render_types.at(note->notetype_id.v), to_render_note(*note), rc, media_exists);
    json::object o;
    o["cardId"] = card->id.v;
    o["fields"] = std::move(fields);
    o["fieldOrder"] = static_cast<int64_t>(card->ord);
    o["question"] = rendered.question;
    o["answer"] = rendered.answer;
    o["modelName"] = nt.name;
    o["ord"] = static_cast<int64_t>(card->ord);
    o["deckName"] = deck_name_of(s, card->did);
    o["css"] = nt.css;
    o["factor"] = card->factor;
    o["interval"] = card->ivl;
    o["note"] = card->nid.v;
    o["type"] = card->type;
    o["queue"] = card->queue;
    o["due"] = card->due;
    o["reps"] = card->reps;
    o["lapses"] = card->lapses;
    o["left"] = card->left;
    o["mod"] = card->mtime.v;
    if (!balancer_known) {
      balancer = s.state<LoadBalancerCache>().get(s, timing);
      balancer_known = true;
    }
    json::array next;
    for (auto& label : next_interval_labels(load_card_scheduling(s.db(), *card, timing, balancer), learn_ahead))
      next.emplace_back(label);
    o["nextReviews"] = std::move(next);
    o["flags"] = card->flags;
    out.emplace_back(std::move(o));
  }
  return out;
}

json::value cards_mod_time(Session& s, const json::object& p) {
  json::array out;
  for (const auto& idv : list_of(param(p, "cards"))) {
    auto card = find_card(s, idv);
    if (!card) {
      out.emplace_back(json::object());
      continue;
    }
    json::object o;
    o["cardId"] = card->id.v;
    o["mod"] = card->mtime.v;
    out.emplace_back(std::move(o));
  }
  return out;
}

json::value get_ease_factors(Session& s, const json::object& p) {
  json::array out;
  for (const auto& idv : list_of(param(p, "cards"))) {
    auto card = find_card(s, idv);
    if (card) out.emplace_back(card->factor);
    else out.emplace_back(nullptr);
  }
  return out;
}

json::value set_ease_factors(Session& s, const json::object& p) {
  auto cards = list_of(param(p, "cards"));
  auto factors = list_of(param(p, "easeFactors"));
  json::array out;
  auto tx = s.write();
  bool failed = false;
  for (size_t i = 0; i < cards.size(); ++i) {
    auto card = find_card(s, cards[i]);
    if (!card) {
      out.emplace_back(false);
      continue;
    }
    out.emplace_back(true);
    if (i >= factors.size()) {
      failed = true;  // Python's IndexError after the earlier cards were saved
      break;
    }
    auto f = as_id(factors[i]);
    if (!f) throw ActionError("an integer is required");
    card->factor = static_cast<int32_t>(*f);
    save_card(s, *card);
    tx.mark_changed();
  }
  tx.commit();
  if (failed) throw ActionError("list index out of range");
  return out;
}

json::value set_specific_value_of_card(Session& s, const json::object& p) {
  json::value card = param(p, "card"), keys = param(p, "keys"), values = param(p, "newValues");
  json::value warning = param(p, "warning_check");
  if (card.is_array()) return false;
  if (!keys.is_array() || !values.is_array()) return false;
  if (keys.get_array().size() != values.get_array().size()) return false;
  static const std::unordered_set<std::string> kGuarded = {"did", "id", "ivl", "lapses", "left", "mod", "nid",
                                                          "odid", "odue", "ord", "queue", "reps", "type", "usn"};
  bool warning_check = pyjson::truthy(warning);
  for (const auto& k : keys.get_array())
    if (k.is_string() && kGuarded.count(std::string(k.get_string())) && !warning_check) return false;
  json::array result;
  try {
    storage::CardRow row = card_or_throw(s, card);
    const auto& ks = keys.get_array();
    const auto& vs = values.get_array();
    for (size_t i = 0; i < ks.size(); ++i) {
      if (!ks[i].is_string()) throw ActionError(pyerr::setattr_name(pyjson::type_name(ks[i])));
      std::string key(ks[i].get_string());
      static const std::unordered_set<std::string> kIntKeys = {"factor", "due", "flags", "ivl", "reps", "lapses",
                                                              "left", "odue", "odid", "did", "ord", "type",
                                                              "queue", "nid", "id", "mod", "usn"};
      if (!kIntKeys.count(key)) continue;  // other attributes are set on the Python object but not saved
      auto v = as_id(vs[i]);
      if (!v)
        throw ActionError("'" + std::string(vs[i].is_string() ? "str" : vs[i].is_null() ? "NoneType" : "float") +
                          "' object cannot be interpreted as an integer");
      int32_t n = static_cast<int32_t>(*v);
      if (key == "factor") row.factor = n;
      else if (key == "due") row.due = n;
      else if (key == "flags") row.flags = n;
      else if (key == "ivl") row.ivl = n;
      else if (key == "reps") row.reps = n;
      else if (key == "lapses") row.lapses = n;
      else if (key == "left") row.left = n;
      else if (key == "odue") row.odue = n;
      else if (key == "odid") row.odid = DeckId{*v};
      else if (key == "did") row.did = DeckId{*v};
      else if (key == "ord") row.ord = static_cast<uint32_t>(n);
      else if (key == "type") row.type = n;
      else if (key == "queue") row.queue = n;
      else if (key == "nid") row.nid = NoteId{*v};
      // id, mod and usn are overwritten by Anki's update_card
    }
    auto tx = s.write();
    save_card(s, row);
    tx.mark_changed();
    tx.commit();
    result.emplace_back(true);
  } catch (const ActionError& e) {
    json::array pair;
    pair.emplace_back(false);
    pair.emplace_back(e.what());
    result.emplace_back(std::move(pair));
  }
  return result;
}

// The queue a card returns to when unsuspended/unburied (Anki's restore_queue_after_bury_or_suspend).
int restored_queue(const storage::CardRow& c) {
  switch (c.type) {
    case 0: return 0;
    case 2: return 2;
    default: return c.due > 1000000000 ? 1 : 3;
  }
}

// AnkiConnect's suspend loop, including its list-mutation quirk.
json::value suspend_impl(Session& s, const json::value& cards_param, bool suspend) {
  std::vector<json::value> cards = list_of(cards_param);
  for (size_t i = 0; i < cards.size(); ++i) {
    storage::CardRow c = card_or_throw(s, cards[i]);
    if ((c.queue == -1) == suspend) {
      auto it = std::find(cards.begin(), cards.end(), cards[i]);
      cards.erase(it);  // list.remove: the first equal element; the loop index still advances
    }
  }
  if (cards.empty()) return false;
  auto tx = s.write();
  for (const auto& idv : cards) {
    auto c = find_card(s, idv);
    if (!c) continue;
    if (suspend) {
      if (c->queue == -1) continue;
      c->queue = -1;
    } else {
      if (c->queue >= 0) continue;
      c->queue = restored_queue(*c);
    }
    save_card(s, *c);
    tx.mark_changed();
  }
  tx.commit();
  return true;
}

json::value suspend(Session& s, const json::object& p) {
  json::value flag = param(p, "suspend");
  bool on = p.contains("suspend") ? pyjson::truthy(flag) : true;
  return suspend_impl(s, param(p, "cards"), on);
}

json::value unsuspend(Session& s, const json::object& p) {
  suspend_impl(s, param(p, "cards"), false);
  return nullptr;
}

json::value suspended(Session& s, const json::object& p) { return card_or_throw(s, param(p, "card")).queue == -1; }

json::value are_suspended(Session& s, const json::object& p) {
  json::array out;
  for (const auto& idv : list_of(param(p, "cards"))) {
    auto c = find_card(s, idv);
    if (c) out.emplace_back(c->queue == -1);
    else out.emplace_back(nullptr);
  }
  return out;
}

// AnkiConnect runs `select distinct nid from cards where id in ` + ids2str(cards): the str() of each
// element pasted into the SQL text (Q29), so a non-numeric id fails with SQLite's DbError text. That
// text is only prepared; the query runs on the literals read from it (pasted_sql.h). SQLite walks the
// ids ascending and keeps the first card's note.
json::value cards_to_notes(Session& s, const json::object& p) {
  json::array given;
  for (const auto& idv : list_of(param(p, "cards"))) given.push_back(idv);
  const PastedValues ids = paste_values(given);
  const std::string select = "select distinct nid from cards where id in ";
  storage::check_raw_sql(s.db(), select + "(" + ids.text + ")");
  if (ids.unsafe) refuse_pasted_value("cardsToNotes", *ids.unsafe);
  json::array out;
  for (int64_t nid : storage::query_raw_sql_ints(s.db(), select + "(" + literal_text(ids.literals) + ")"))
    out.emplace_back(nid);
  return out;
}

constexpr ServiceAction kActions[] = {
    {"cardsInfo", &cards_info},
    {"cardsModTime", &cards_mod_time},
    {"getEaseFactors", &get_ease_factors},
    {"setEaseFactors", &set_ease_factors},
    {"setSpecificValueOfCard", &set_specific_value_of_card},
    {"suspend", &suspend},
    {"unsuspend", &unsuspend},
    {"suspended", &suspended},
    {"areSuspended", &are_suspended},
    {"cardsToNotes", &cards_to_notes},
};

}  // namespace

std::span<const ServiceAction> cards_actions() { return kActions; }

}  // namespace ankc::native
