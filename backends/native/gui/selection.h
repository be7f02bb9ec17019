// What Anki's main window remembers in the collection: the current deck (config curDeck, which
// `deck:current` searches) and the current note type (config curModel). Each change is its own
// operation, as Anki's decks.select() / models.set_current() are: written only when the value
// changes (usn -1, mtime now), and col.mod bumped then.
#pragma once

#include <optional>
#include <string_view>

#include "backends/native/storage/ids.h"

namespace ankc::native {
class Session;
}

namespace ankc::native::gui {

// Makes `deck` the current deck.
void select_deck(Session& session, DeckId deck);
// Makes `notetype` the current note type.
void select_notetype(Session& session, NotetypeId notetype);

// The deck named `human_name` ("A::B", matched as Anki's decks.by_name: normalised, case-insensitive).
std::optional<DeckId> deck_by_name(Session& session, std::string_view human_name);
// The note type named `name` (case-insensitive), as Anki's models.by_name.
std::optional<NotetypeId> notetype_by_name(Session& session, std::string_view name);

}  // namespace ankc::native::gui
