// guiAddCards(note) headless: the checks the plugin makes before opening the Add dialog, with its
// texts, and the selections it leaves behind (current deck, then current note type). The dialog's
// unsaved note always has id 0, which is the action's answer. Media named by the note are not stored.
#pragma once

#include <boost/json/value.hpp>

namespace ankc::native {
class Session;
}

namespace ankc::native::gui {

// Validates `note` (null: nothing to check) in the plugin's order: note['deckName'] (KeyError text
// "'deckName'"), the deck ("deck was not found: {deckName}"; found ⇒ it becomes the current deck),
// note['modelName'], the note type ("model was not found: {modelName}"; found ⇒ current note type),
// then note['fields'].items() when present. Throws ActionError with the first failure.
void check_add_cards_note(Session& session, const boost::json::value& note);

}  // namespace ankc::native::gui
