#include "backends/native/search/session_search.h"

#include <sqlite3.h>

#include <string>

#include "backends/action_error.h"
#include "backends/native/collection/clock.h"
#include "backends/native/search/search.h"
#include "backends/native/search/sql_functions.h"
#include "backends/native/session.h"

namespace ankc::native::search {
namespace {

// Preparing a statement fails with "no such function" until the functions exist; preparing is cheap
// and, unlike re-registering, does not expire the connection's cached statements.
bool has_search_functions(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT regexp_fields('', '', 0)", -1, &stmt, nullptr);
  sqlite3_finalize(stmt);
  return rc == SQLITE_OK;
}

sqlite3* search_handle(Session& session) {
  sqlite3* db = session.db().handle();
  ensure_search_functions(db);
  return db;
}

}  // namespace

void ensure_search_functions(sqlite3* db) {
  if (has_search_functions(db)) return;
  int rc = register_search_functions(db);
  if (rc != SQLITE_OK)
    throw ankc::ActionError(std::string("cannot register the search functions: ") + sqlite3_errstr(rc));
}

Clock search_clock(const native::Clock& clock) {
  TimestampSecs now = clock.now_secs();
  return Clock{now.v, clock.minutes_west(now)};
}

std::vector<int64_t> note_ids_matching(Session& session, std::string_view query) {
  sqlite3* db = search_handle(session);
  SqliteSearchContext ctx(db, search_clock(session.clock()));
  return find_notes(db, query, ctx);
}

std::vector<int64_t> card_ids_matching(Session& session, std::string_view query) {
  sqlite3* db = search_handle(session);
  SqliteSearchContext ctx(db, search_clock(session.clock()));
  return find_cards(db, query, ctx);
}

std::vector<NoteId> notes_matching(Session& session, std::string_view query) {
  std::vector<int64_t> ids = note_ids_matching(session, query);
  std::vector<NoteId> out;
  out.reserve(ids.size());
  for (int64_t id : ids) out.push_back(NoteId{id});
  return out;
}

std::vector<CardId> cards_matching(Session& session, std::string_view query) {
  std::vector<int64_t> ids = card_ids_matching(session, query);
  std::vector<CardId> out;
  out.reserve(ids.size());
  for (int64_t id : ids) out.push_back(CardId{id});
  return out;
}

}  // namespace ankc::native::search
