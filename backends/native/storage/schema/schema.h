// The schema-18 DDL (spec §2.1, in Anki's creation order) and the col row of a new collection.
#pragma once

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

// Executes the §2.1 DDL on an empty database (inside the caller's transaction).
void create_schema_18(Db& db);
// Inserts the col row (1, crt, 0, scm, 18, 0, 0, 0, '', '', '', '', '').
void insert_new_col_row(Db& db, TimestampSecs crt, TimestampMillis scm);

}  // namespace ankc::native::storage
