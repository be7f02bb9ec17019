// The SQL side of the §12 collection checker (dbcheck/check.h): a table of queries whose every row is
// a violation, plus the few catalogue and blob reads the checker needs. Kept here so dbcheck/ holds
// no SQL text.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/storage/statement.h"

namespace ankc::native::storage {

class Db;

// A query whose rows are violations of §12 item `invariant`; the first column names the offender.
// When binds_now is set, ?1 is the checker's "now" in milliseconds.
struct RowCheck {
  int invariant;
  bool error;
  std::string_view what;
  std::string_view sql;
  bool binds_now = false;
};

// Every row check, in invariant order.
std::span<const RowCheck> row_checks();

// The 12 tables and 16 named indexes of schema 18.
std::span<const std::string_view> schema_tables();
std::span<const std::string_view> schema_indexes();
// True when sqlite_master has an object of that type ("table"/"index") and name.
bool schema_object_exists(Db& db, std::string_view type, std::string_view name);

// PRAGMA integrity_check lines other than "ok".
std::vector<std::string> integrity_problems(Db& db);
// PRAGMA page_size.
int64_t page_size(Db& db);
// SELECT count(*) FROM config WHERE KEY = key.
bool config_key_exists(Db& db, std::string_view key);

// Rows (key text, typeof(column), column) of one protobuf/JSON column, e.g. ("decks", "kind", "id").
// `key_expr` is an SQL expression naming the row ("ntid || ':' || ord").
Query blob_column_scan(Db& db, std::string_view table, std::string_view column, std::string_view key_expr);

}  // namespace ankc::native::storage
