// AnkiConnect actions that paste request values into SQL text (relearnCards, insertReviews, changeDeck,
// cardsToNotes: spec Q29) run it here; a failure is reported as Anki's backend reports it: `DbError {
// info: "SqliteFailure(Error { code: <rusqlite code>, extended_code: N }, Some(\"<sqlite message>\"))",
// kind: Other }`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ankc::native::storage {

class Db;

// Runs one statement of raw SQL; throws ActionError with the DbError text on failure.
void exec_raw_sql(Db& db, const std::string& sql);

// Runs one raw SQL query and returns the first column of each row as SQLite converts it to an
// integer (Anki's db.list for id columns); throws ActionError with the DbError text on failure.
std::vector<int64_t> query_raw_sql_ints(Db& db, const std::string& sql);

// The DbError text for a SQLite failure (code = sqlite3_extended_errcode).
std::string db_error_text(int extended_code, const std::string& message);

}  // namespace ankc::native::storage
