// The `tags` table (spec §2.12): registered tag names (unicase-unique), usn and collapse state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

struct TagRow {
  std::string name;
  Usn usn;
  bool collapsed = true;  // Anki registers new tags collapsed
};

// The row whose name equals name case-insensitively (its stored spelling), or nullopt.
std::optional<TagRow> get_tag(Db& db, std::string_view name);
// All tags in unicase order.
std::vector<TagRow> all_tags(Db& db);
// Inserts or replaces the row (config stays NULL).
void put_tag(Db& db, const TagRow& row);
// Deletes the tag (case-insensitive match); true when a row was removed.
bool remove_tag(Db& db, std::string_view name);

}  // namespace ankc::native::storage
