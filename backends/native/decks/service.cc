#include "backends/native/decks/service.h"

#include <boost/json/array.hpp>
#include <array>
#include <string>
#include <vector>

#include "backends/action_error.h"
#include "backends/native/deckconfig/service.h"
#include "backends/native/pasted_sql.h"
#include "backends/native/decks/deck_name.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/decks/py_int.h"
#include "backends/native/session.h"
#include "backends/native/storage/cards/cards.h"
#include "backends/native/storage/revlog/raw_sql.h"
#include "compat/pyjson.h"

namespace ankc::native {

namespace json = boost::json;

namespace {

// Exact (case-sensitive) membership in deckNames, as the plugin's `name in self.deckNames()`.
bool in_deck_names(storage::Db& db, std::string_view name) {
  for (const auto& d : list_decks(db))
    if (human_deck_name(d.name) == name) return true;
  return false;
}

json::value deck_names(Session& s, const json::object&) {
  json::array out;
  for (const auto& d : list_decks(s.db())) out.emplace_back(human_deck_name(d.name));
  return out;
}

json::value deck_names_and_ids(Session& s, const json::object&) {
  json::object out;
  for (const auto& d : list_decks(s.db())) {
    std::string human = human_deck_name(d.name);
    // The plugin re-resolves each name with decks.id(): same deck, since names are unique.
    out[human] = d.id.v;
  }
  return out;
}

json::value get_decks(Session& s, const json::object& params) {
  json::object out;
  for (const auto& card : params.at("cards").as_array()) {
    DeckId did{0};
    if (card.is_int64() || card.is_uint64()) {
      if (auto row = storage::get_card(s.db(), CardId{card.to_number<int64_t>()})) did = row->did;
    }
    auto deck = find_deck_or_default(s.db(), did);
    std::string name = deck ? human_deck_name(deck->name) : "Default";
    auto it = out.find(name);
    if (it == out.end())
      out[name] = json::array{card};
    else
      it->value().as_array().push_back(card);
  }
  return out;
}

json::value create_deck(Session& s, const json::object& params) {
  auto tx = s.write();
  DeckId id = ensure_deck(s.db(), params.at("deck").as_string(), s.clock().now());
  tx.mark_changed();
  tx.commit();
  return id.v;
}

// AnkiConnect: did = decks.id(deck) (creating it), then two statements with ids2str(cards) pasted into
// the SQL text (Q29): the scheduler's remFromDyn (cards in a filtered deck go home) and the move.
json::value change_deck(Session& s, const json::object& params) {
  auto tx = s.write();
  TimestampMillis now = s.clock().now();
  const json::array& given = params.at("cards").as_array();
  bool all_ints = true;
  for (const auto& c : given) all_ints = all_ints && (c.is_int64() || c.is_uint64());
  const size_t decks_before = all_ints ? 0 : list_decks(s.db()).size();
  DeckId did = ensure_deck(s.db(), params.at("deck").as_string(), now);
  if (all_ints) {  // the SQL text is a list of integers: the typed path does the same
    std::vector<CardId> cards;
    for (const auto& c : given) cards.push_back(CardId{c.to_number<int64_t>()});
    return_cards_home(s.db(), cards, now);
    for (CardId cid : cards) {
      auto card = storage::get_card(s.db(), cid);
      if (!card) continue;
      card->did = did;
      card->mtime = now.secs();
      card->usn = kLocalUsn;
      storage::put_card(s.db(), *card);
    }
  } else {  // anything else is pasted as AnkiConnect does: SQLite's error is the reply
    const PastedValues ids = paste_values(given);
    auto statements = [&](const std::string& list) {
      return std::array<std::string, 2>{
          "update cards set did = odid, queue = (case when queue < 0 then queue "
          "when type in (1,3) then (case when (case when odue then odue else due end) > 1000000000 "
          "then 1 else 3 end) else type end), due = (case when odue>0 then odue else due end), "
          "odue = 0, odid = 0, usn = -1 where id in (" + list + ") and odid",
          "update cards set usn=-1, mod=" + std::to_string(now.secs().v) + ", did=" + std::to_string(did.v) +
              " where id in (" + list + ")"};
    };
    try {
      // AnkiConnect's text is only prepared; the statements run on the literals read from it.
      for (const std::string& sql : statements(ids.text)) storage::check_raw_sql(s.db(), sql);
      if (ids.unsafe) refuse_pasted_value("changeDeck", *ids.unsafe);
      for (const std::string& sql : statements(literal_text(ids.literals))) storage::exec_raw_sql(s.db(), sql);
    } catch (const ActionError&) {
      // The failing statement changed nothing; a deck decks.id() created stays, as in AnkiConnect.
      if (list_decks(s.db()).size() != decks_before) tx.mark_changed();
      tx.commit();
      throw;
    }
  }
  tx.mark_changed();
  tx.commit();
  return nullptr;
}

json::value delete_decks(Session& s, const json::object& params) {
  const json::value* cards_too = params.if_contains("cardsToo");
  if (!cards_too || !pyjson::truthy(*cards_too))
    throw ActionError("Since Anki 2.1.28 it's not possible to delete decks without deleting cards as well");
  auto tx = s.write();
  TimestampMillis now = s.clock().now();
  for (const auto& name : params.at("decks").as_array()) {
    if (!name.is_string() || !in_deck_names(s.db(), name.as_string())) continue;
    auto deck = find_deck_by_human_name(s.db(), name.as_string());
    if (!deck) continue;
    remove_deck_with_children(s.db(), deck->id, now);
    tx.mark_changed();
  }
  tx.commit();
  return nullptr;
}

json::value deck_name_from_id(Session& s, const json::object& params) {
  const json::value& v = params.at("deckId");
  DeckId id{v.is_null() ? 0 : py_int(v, s.py_flavour())};
  auto deck = find_deck_or_default(s.db(), id);
  if (!deck) throw ActionError("deck was not found: " + pyjson::str(v));
  return json::value(human_deck_name(deck->name));
}

constexpr ServiceAction kDeckActions[] = {
    {"deckNames", deck_names},
    {"deckNamesAndIds", deck_names_and_ids},
    {"getDecks", get_decks},
    {"createDeck", create_deck},
    {"changeDeck", change_deck},
    {"deleteDecks", delete_decks},
    {"deckNameFromId", deck_name_from_id},
};

}  // namespace

std::span<const ServiceAction> decks_actions() {
  static const std::vector<ServiceAction> all = [] {
    std::vector<ServiceAction> v(std::begin(kDeckActions), std::end(kDeckActions));
    for (const auto& a : deckconfig_actions()) v.push_back(a);
    return v;
  }();
  return all;
}

}  // namespace ankc::native
