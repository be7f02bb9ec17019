// SQL functions Anki registers on its connection (spec §3.2) that storage itself needs:
// field_at_index(flds, i) and fnvhash(int...). The search module registers the regexp/process_text
// family on Db::handle() itself.
#pragma once

struct sqlite3;

namespace ankc::native::storage {

// Registers field_at_index and fnvhash on the connection.
void register_sql_functions(sqlite3* db);

}  // namespace ankc::native::storage
