// Small helpers the note and card services share: AnkiConnect's getNote ("Note was not found: {id}"),
// a note's notetype, JSON ids, and the stock Basic notetype that
// removeEmptyNotes re-creates when none is left.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "backends/native/notes/note.h"
#include "backends/native/notetypes/notetype.h"

namespace ankc::native {

class Session;

// The id a JSON value names (an integer, or an integral float), or nullopt.
std::optional<int64_t> as_id(const boost::json::value& v);
// The note, or ActionError("Note was not found: {id}").
Note get_note_or_throw(Session& s, const boost::json::value& id);
// The notetype of note (ActionError "No such notetype" text when missing).
Notetype notetype_of(Session& s, const Note& note);
// Adds the stock Basic notetype (as Anki does after the last notetype is removed).
void add_stock_basic(Session& s);

}  // namespace ankc::native
