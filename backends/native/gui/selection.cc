#include "backends/native/gui/selection.h"

#include <string>

#include "backends/native/decks/deck_ops.h"
#include "backends/native/session.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/notetypes/notetypes.h"

namespace ankc::native::gui {
namespace {

void set_config_id(Session& session, std::string_view key, int64_t id) {
  std::string json = std::to_string(id);
  auto tx = session.write();
  if (storage::get_config_json(session.db(), key) == json) return;  // unchanged: no write, no col.mod
  storage::set_config_json(session.db(), key, json, kLocalUsn, session.clock().now_secs());
  tx.mark_changed();
  tx.commit();
}

}  // namespace

void select_deck(Session& session, DeckId deck) { set_config_id(session, "curDeck", deck.v); }

void select_notetype(Session& session, NotetypeId notetype) {
  set_config_id(session, "curModel", notetype.v);
}

std::optional<DeckId> deck_by_name(Session& session, std::string_view human_name) {
  auto deck = find_deck_by_human_name(session.db(), human_name);
  if (!deck) return std::nullopt;
  return deck->id;
}

std::optional<NotetypeId> notetype_by_name(Session& session, std::string_view name) {
  return storage::get_notetype_id_by_name(session.db(), name);
}

}  // namespace ankc::native::gui
