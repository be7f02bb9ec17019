#include "backends/native/gui/browse_order.h"

#include <string>
#include <string_view>

#include "backends/action_error.h"
#include "compat/pyjson.h"

namespace ankc::native::gui {
namespace {

namespace json = boost::json;

// The column keys of Anki's browser (card and note modes), spec §5.8.
constexpr std::string_view kColumns[] = {
    "question", "answer",   "template",   "deck",       "cardDue",          "cardEase",  "cardLapses",
    "cardIvl",  "cardMod",  "cardReps",   "noteCrt",    "noteMod",          "note",      "noteFld",
    "noteTags", "originalPosition", "stability", "difficulty", "retrievability"};

bool is_known_column(const json::value& column) {
  if (!column.is_string()) return false;
  for (std::string_view c : kColumns)
    if (column.get_string() == c) return true;
  return false;
}

}  // namespace

void check_reorder_cards(const json::value& reorder_cards) {
  if (reorder_cards.is_null()) return;
  if (!reorder_cards.is_object())
    throw ActionError("reorderCards should be a dict: " + pyjson::str(reorder_cards));
  const json::object& r = reorder_cards.get_object();
  if (!r.contains("columnId") || !r.contains("order"))
    throw ActionError("Must provide a \"columnId\" and a \"order\" property\"");
  const json::value& order = r.at("order");
  if (!(order.is_string() && (order.get_string() == "ascending" || order.get_string() == "descending")))
    throw ActionError("invalid card order: " + pyjson::str(order));
  const json::value& column = r.at("columnId");
  if (!is_known_column(column)) throw ActionError("invalid columnId: " + pyjson::str(column));
}

}  // namespace ankc::native::gui
