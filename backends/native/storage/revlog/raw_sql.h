// AnkiConnect actions that paste request values into SQL text (relearnCards, insertReviews, changeDeck,
// cardsToNotes: spec Q29) run it here; a failure is reported as Anki's backend reports it: `DbError {
// info: "SqliteFailure(Error { code: <rusqlite code>, extended_code: N }, Some(\"<sqlite message>\"))",
// kind: Other }`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
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

// Prepares one statement of raw SQL without running it: throws ActionError with the DbError text of
// SQLite's parse error. For pasted SQL whose errors are AnkiConnect's while its values are bound.
void check_raw_sql(Db& db, const std::string& sql);

// A value to bind: NULL, INTEGER, REAL or TEXT.
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;

// The value SQLite gives `text` pasted into a statement when it is one literal: a number (optionally
// signed; decimal, real with exponent, or 0x hex), TRUE/FALSE (1/0), NULL, or a '…' string with ''
// escapes; surrounding spaces ignored. nullopt for anything else (identifiers, expressions, sub-selects)
// so that a caller never runs what a request wrote.
std::optional<SqlValue> sql_literal_value(std::string_view text);

// The SQL text of a value as one canonical literal (digits, a real with '.' or an exponent, a quoted
// string, NULL): safe to paste, read back by SQLite as the same value.
std::string sql_literal_text(const SqlValue& value);

}  // namespace ankc::native::storage
