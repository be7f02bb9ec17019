#include "backends/native/gui/add_cards.h"

#include <string>

#include "backends/action_error.h"
#include "backends/native/gui/python_errors.h"
#include "backends/native/gui/selection.h"
#include "backends/native/session.h"
#include "compat/pyjson.h"

namespace ankc::native::gui {
namespace {

namespace json = boost::json;

// A deck or note type name handed to Anki's backend: a str field of a protobuf message.
std::string_view name_argument(const json::value& v) {
  if (!v.is_string()) throw ActionError("bad argument type for built-in operation");
  return v.get_string();
}

}  // namespace

void check_add_cards_note(Session& session, const json::value& note) {
  if (note.is_null()) return;
  const json::value& deck_name = subscript(note, "deckName", session.py_flavour());
  auto deck = deck_by_name(session, name_argument(deck_name));
  if (!deck) throw ActionError("deck was not found: " + pyjson::str(deck_name));
  select_deck(session, *deck);

  const json::value& model_name = subscript(note, "modelName", session.py_flavour());
  auto notetype = notetype_by_name(session, name_argument(model_name));
  if (!notetype) throw ActionError("model was not found: " + pyjson::str(model_name));
  select_notetype(session, *notetype);

  if (const json::value* fields = note.get_object().if_contains("fields"); fields && !fields->is_object())
    throw ActionError("'" + std::string(pyjson::type_name(*fields)) + "' object has no attribute 'items'");
}

}  // namespace ankc::native::gui
