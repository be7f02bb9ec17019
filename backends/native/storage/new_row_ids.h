// Anki's id rule for a new note or card row: the id is `now` in milliseconds, or max(id)+1 when `now`
// is taken. Shared by storage/notes and storage/cards; each table keeps its own SQL.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;
class Query;

// The rule over one write transaction: the first insert asks SQLite, later ones with the same `now`
// continue from the maximum tracked here — exact while the connection holds the write lock and deletes
// nothing meanwhile (reset it after deletes).
struct NewRowIds {
  std::optional<int64_t> max;  // the table's largest id, once known
  TimestampMillis now;         // the `now` that max was tracked for
};

// A table's statements for the rule. Each binds the id as ?1; the caller's binder binds ?2 onwards.
struct NewRowSql {
  const char* add;     // INSERT ... RETURNING id whose ?1 is `now`, replaced in SQL by max(id)+1 when taken
  const char* insert;  // INSERT whose ?1 is the id itself
  const char* max_id;  // SELECT max(id)
};

// Binds a row's columns from ?2 onwards.
using BindRow = std::function<void(Query&)>;

// Raises the smallest id new rows get in this process, from now on: `now` below it counts as `floor`
// (the rule goes on from there). The proxy's failover sets it when it starts answering from the
// native collection (backends/proxy): the desktop it stood in for may hold notes and cards whose ids
// ran ahead of the clock (the max(id)+1 part of the rule, one millisecond per row beyond one a
// millisecond) that no sync has brought here yet; a native row with such an id would be the same row
// to every later sync, and one of the two would be lost. Never lowers it.
void raise_new_row_id_floor(int64_t floor_ms);

// Inserts one row by the rule and returns its id.
int64_t add_row(Db& db, const NewRowSql& sql, TimestampMillis now, const BindRow& bind);
// add_row for one of many rows added at `now`: after the first, ids continue from ids.max.
int64_t add_row(Db& db, const NewRowSql& sql, TimestampMillis now, NewRowIds& ids, const BindRow& bind);

}  // namespace ankc::native::storage
