#include "backends/native/deckconfig/service.h"

#include <boost/json/array.hpp>

#include "backends/action_error.h"
#include "backends/native/deckconfig/deck_config_row.h"
#include "backends/native/deckconfig/schema11.h"
#include "backends/native/decks/deck_name.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/decks/deck_row.h"
#include "backends/native/decks/py_int.h"
#include "backends/native/decks/schema11.h"
#include "backends/native/session.h"
#include "backends/native/storage/deck_config/deck_config.h"
#include "backends/native/storage/decks/decks.h"
#include "compat/py_errors.h"
#include "compat/pyjson.h"

namespace ankc::native {

namespace json = boost::json;

namespace {

std::optional<Deck> deck_in_deck_names(storage::Db& db, std::string_view name) {
  for (auto& d : list_decks(db))
    if (human_deck_name(d.name) == name) return d;
  return std::nullopt;
}

// A preset, falling back to preset 1, then to the stock defaults (Anki's get_deck_config fallback).
DeckConfig preset_or_default(storage::Db& db, DeckConfigId id) {
  if (auto row = storage::get_deck_config(db, id)) return deck_config_from_row(*row);
  if (auto row = storage::get_deck_config(db, DeckConfigId{1})) return deck_config_from_row(*row);
  return default_deck_config("Default");
}

json::value get_deck_config(Session& s, const json::object& params) {
  const json::value& name = params.at("deck");
  if (!name.is_string()) return false;
  auto deck = deck_in_deck_names(s.db(), name.as_string());
  if (!deck) return false;
  if (deck->is_filtered()) return deck_to_schema11(*deck);
  return deck_config_to_schema11(preset_or_default(s.db(), DeckConfigId{deck->normal()->config_id}));
}

json::value save_deck_config(Session& s, const json::object& params) {
  const json::value& cfg = params.at("config");
  // `config['id'] = str(config['id'])`: the right-hand side's subscript fails first.
  if (cfg.is_array()) throw ActionError("list indices must be integers or slices, not str");
  if (cfg.is_string()) throw ActionError(pyerr::str_indices(s.py_flavour()));
  if (!cfg.is_object()) throw ActionError("'" + std::string(pyjson::type_name(cfg)) + "' object is not subscriptable");
  json::object config = cfg.as_object();
  const json::value* id = config.if_contains("id");
  if (!id) throw ActionError("'id'");
  // The plugin stringifies id, stamps mod/usn, then int()s the id.
  config["id"] = pyjson::str(*id);
  TimestampMillis now = s.clock().now();
  config["mod"] = now.secs().v;
  config["usn"] = -1;
  int64_t wanted = py_int(config["id"], s.py_flavour());
  if (!storage::get_deck_config(s.db(), DeckConfigId{wanted})) return false;
  // decks.save(config) hands the dict to orjson, which refuses a lone surrogate anywhere; the plugin's
  // bare except turns that into false.
  if (pyjson::has_lone_surrogate_anywhere(config)) return false;
  try {
    DeckConfig dc = deck_config_from_schema11(config);
    dc.mtime = now.secs();
    dc.usn = kLocalUsn;
    auto tx = s.write();
    storage::put_deck_config(s.db(), deck_config_to_row(dc));
    tx.mark_changed();
    tx.commit();
  } catch (const ActionError&) {
    return false;
  }
  return true;
}

json::value set_deck_config_id(Session& s, const json::object& params) {
  int64_t config_id = py_int(params.at("configId"), s.py_flavour());
  std::vector<Deck> decks;
  for (const auto& name : params.at("decks").as_array()) {
    if (!name.is_string()) return false;
    auto deck = deck_in_deck_names(s.db(), name.as_string());
    if (!deck) return false;
    decks.push_back(*deck);
  }
  auto tx = s.write();
  TimestampSecs now = s.clock().now().secs();
  for (Deck& deck : decks) {
    NormalDeck* normal = deck.normal();
    if (!normal) continue;  // a filtered deck's legacy dict has no `conf` the backend would keep
    normal->config_id = config_id;
    deck.mtime = now;
    deck.usn = kLocalUsn;
    storage::put_deck(s.db(), deck_to_row(deck));
    tx.mark_changed();
  }
  tx.commit();
  return true;
}

json::value clone_deck_config_id(Session& s, const json::object& params) {
  const json::value* from = params.if_contains("cloneFrom");
  int64_t source = from ? py_int(*from, s.py_flavour()) : 1;
  auto row = storage::get_deck_config(s.db(), DeckConfigId{source});
  if (!row) return false;
  DeckConfig dc = deck_config_from_row(*row);
  const json::value& name = params.at("name");
  dc.name = name.is_string() ? std::string(name.as_string()) : pyjson::str(name);
  // add_config saves the cloned dict through orjson (Anki's to_json_bytes).
  if (pyjson::has_lone_surrogate(dc.name)) throw ActionError(pyerr::orjson_invalid_str());
  auto tx = s.write();
  TimestampMillis now = s.clock().now();
  dc.mtime = now.secs();
  dc.usn = kLocalUsn;
  storage::DeckConfigRow out = deck_config_to_row(dc);
  DeckConfigId id = storage::add_deck_config(s.db(), out, now);
  tx.mark_changed();
  tx.commit();
  return id.v;
}

json::value remove_deck_config_id(Session& s, const json::object& params) {
  int64_t id = py_int(params.at("configId"), s.py_flavour());
  if (!storage::get_deck_config(s.db(), DeckConfigId{id})) return false;
  if (id == 1) throw ActionError("can't delete default conf");
  auto tx = s.write();
  TimestampSecs now = s.clock().now().secs();
  for (auto& deck : list_decks(s.db())) {
    NormalDeck* normal = deck.normal();
    if (!normal || normal->config_id != id) continue;
    normal->config_id = 1;
    deck.mtime = now;
    deck.usn = kLocalUsn;
    storage::put_deck(s.db(), deck_to_row(deck));
  }
  storage::remove_deck_config(s.db(), DeckConfigId{id});
  tx.mark_schema_changed();
  tx.commit();
  return true;
}

constexpr ServiceAction kActions[] = {
    {"getDeckConfig", get_deck_config},
    {"saveDeckConfig", save_deck_config},
    {"setDeckConfigId", set_deck_config_id},
    {"cloneDeckConfigId", clone_deck_config_id},
    {"removeDeckConfigId", remove_deck_config_id},
};

}  // namespace

std::span<const ServiceAction> deckconfig_actions() { return kActions; }

}  // namespace ankc::native
