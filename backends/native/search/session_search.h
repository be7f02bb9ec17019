// Anki's search over the active profile's collection: the entry points every action that takes a
// search query calls (findNotes, findCards, notesInfo(query=…), guiBrowse). Each call registers the
// search SQL functions on the collection's connection if they are missing, builds one
// SqliteSearchContext for the request, and takes "now" and the UTC offset from the session's clock
// (whose time zone is the process's local one: the host's, or the `timeZone` config key).
#pragma once

#include <string_view>
#include <vector>

#include "backends/native/search/context.h"
#include "backends/native/storage/ids.h"

struct sqlite3;

namespace ankc::native {
class Clock;
class Session;
}  // namespace ankc::native

namespace ankc::native::search {

// Note ids matching `query`, in the order Anki returns them (SQLite order, no ORDER BY). "" and
// whitespace match every note. Throws ActionError with Anki's text for invalid searches, and
// "collection is not available" when the collection cannot be opened.
std::vector<NoteId> notes_matching(Session& session, std::string_view query);

// Card ids matching `query`, as notes_matching.
std::vector<CardId> cards_matching(Session& session, std::string_view query);

// The same ids as bare integers, for answers that list them (findNotes, findCards).
std::vector<int64_t> note_ids_matching(Session& session, std::string_view query);
std::vector<int64_t> card_ids_matching(Session& session, std::string_view query);

// The search's view of a native clock: its current time and its UTC offset at that time.
Clock search_clock(const native::Clock& clock);

// Registers the search SQL functions on `db` unless they already are (checked on the connection
// itself, so a reopened collection gets them again). Throws ActionError on an SQLite failure.
void ensure_search_functions(sqlite3* db);

}  // namespace ankc::native::search
