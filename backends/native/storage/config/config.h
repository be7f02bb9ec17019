// The `config` table (spec §2.9, §5): key → compact JSON bytes, stored as BLOB.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

struct ConfigRow {
  std::string key;
  Usn usn;
  TimestampSecs mtime;
  std::string json;  // compact JSON text, e.g. `[1]`, `"noteFld"`
};

// The JSON of key, or nullopt when absent.
std::optional<std::string> get_config_json(Db& db, std::string_view key);
// Inserts or replaces key with json (written as a BLOB).
void set_config_json(Db& db, std::string_view key, std::string_view json, Usn usn, TimestampSecs mtime);
// Deletes key; true when it existed.
bool remove_config(Db& db, std::string_view key);
// Every row, in key (byte) order.
std::vector<ConfigRow> all_config(Db& db);
// Keys starting with prefix (e.g. "_nt_123_"), in byte order.
std::vector<std::string> config_keys_with_prefix(Db& db, std::string_view prefix);

}  // namespace ankc::native::storage
