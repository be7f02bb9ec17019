// Notetype ⇄ notetypes/fields/templates rows: decodes/encodes the Notetype.Config, Field.Config and
// Template.Config blobs, and loads/saves a whole notetype through storage.
#pragma once

#include <optional>
#include <string_view>

#include "backends/native/notetypes/notetype.h"
#include "backends/native/storage/db.h"

namespace ankc::native {

// The notetype with that id (fields and templates in ord order), or nullopt.
std::optional<Notetype> load_notetype(storage::Db& db, NotetypeId id);
// The notetype whose name equals name case-insensitively (unicase), or nullopt.
std::optional<Notetype> load_notetype_by_name(storage::Db& db, std::string_view name);
// Writes the notetype row and rewrites all its field and template rows (ord = index), as Anki does.
void store_notetype(storage::Db& db, const Notetype& nt);

}  // namespace ankc::native
