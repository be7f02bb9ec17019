// AnkiConnect's createNote (api spec §5.4), shared by addNote(s) and canAddNote*: note type and deck
// lookup, tags, case-insensitive field assignment, note media (audio/video/picture, stored before any
// check), the options, and the empty/duplicate checks on both of AnkiConnect's paths. Reads only the
// collection (media goes to the media folder); the caller adds the note.
#pragma once

#include <boost/json/value.hpp>

#include <map>
#include <optional>
#include <string>

#include "backends/native/decks/deck.h"
#include "backends/native/notes/note.h"
#include "backends/native/notetypes/notetype.h"
#include "compat/emulation.h"

namespace ankc::native {

class Session;

struct NoteDraft {
  Note note;    // fields and tags as given (not yet normalised), id 0
  Notetype nt;
  DeckId deck;  // the deck named by deckName
};

// Lookups reused by the notes of one call (addNotes, canAddNotes): note types and decks by the name
// given, and config normalize_note_text. Valid while the call changes no note type or deck.
struct CreateNoteLookups {
  std::map<std::string, std::optional<Notetype>> notetypes;
  std::map<std::string, std::optional<Deck>> decks;
  std::optional<bool> normalize_text;
};

// Builds the note described by `note` and runs AnkiConnect's checks; throws ActionError with its
// exact texts ("model was not found: x", "'fields'", "cannot create note because it is a
// duplicate", ...). `lookups` (optional) caches what the notes of one call share.
NoteDraft create_note(Session& session, const boost::json::value& note, CreateNoteLookups* lookups = nullptr);

// Appends media of note JSON (audio/video/picture) to the fields of `note` as AnkiConnect does
// (fields named exactly); storing errors are appended HTML-escaped. Used by createNote and
// updateNoteFields.
void add_media_from_note(Session& session, Note& note, const Notetype& nt, const boost::json::object& note_json);

// Python's KeyError/TypeError text for `obj[key]` when obj is not an object holding key (`py` picks
// the wording of the str case, spec §4.3).
[[noreturn]] void throw_subscript_error(const boost::json::value& obj, const char* key, PyFlavour py);
// obj[key] with Python's error texts.
const boost::json::value& subscript(const boost::json::value& obj, const char* key, PyFlavour py);

}  // namespace ankc::native
