// AnkiConnect actions that paste request values into SQL text (relearnCards, insertReviews) run it
// here; a failure is reported as Anki's backend reports it: `DbError { info: "SqliteFailure(Error {
// code: <rusqlite code>, extended_code: N }, Some(\"<sqlite message>\"))", kind: Other }`.
#pragma once

#include <string>

namespace ankc::native::storage {

class Db;

// Runs one statement of raw SQL; throws ActionError with the DbError text on failure.
void exec_raw_sql(Db& db, const std::string& sql);

// The DbError text for a SQLite failure (code = sqlite3_extended_errcode).
std::string db_error_text(int extended_code, const std::string& message);

}  // namespace ankc::native::storage
