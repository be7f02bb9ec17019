// The `notetypes`, `fields` and `templates` tables (spec §2.10). Blobs are Notetype.Config,
// Field.Config and Template.Config bytes. Anki rewrites all field/template rows of a notetype on
// every save (delete all, insert with ord = index), which replace_fields/replace_templates do.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/storage/ids.h"

namespace ankc::native::storage {

class Db;

struct NotetypeRow {
  NotetypeId id;
  std::string name;
  TimestampSecs mtime;
  Usn usn;
  std::string config;  // serialized ankc.pb.NotetypeConfig
};

struct FieldRow {
  uint32_t ord = 0;
  std::string name;
  std::string config;  // serialized ankc.pb.FieldConfig
};

struct TemplateRow {
  uint32_t ord = 0;
  std::string name;
  TimestampSecs mtime;  // Anki writes 0 and never updates it
  Usn usn;              // Anki writes 0
  std::string config;   // serialized ankc.pb.TemplateConfig
};

// The notetype row with that id, or nullopt.
std::optional<NotetypeRow> get_notetype(Db& db, NotetypeId id);
// The id of the notetype named name (unicase), or nullopt.
std::optional<NotetypeId> get_notetype_id_by_name(Db& db, std::string_view name);
// All notetype rows, ordered by id.
std::vector<NotetypeRow> all_notetypes(Db& db);
// The fields of a notetype in ord order.
std::vector<FieldRow> get_fields(Db& db, NotetypeId ntid);
// The templates of a notetype in ord order.
std::vector<TemplateRow> get_templates(Db& db, NotetypeId ntid);
// Inserts a new notetype row; row.id is set to max(now, max(id)+1) and returned. Throws ActionError
// when the name is taken.
NotetypeId add_notetype(Db& db, NotetypeRow& row, TimestampMillis now);
// Inserts or replaces the notetype row with its given id.
void put_notetype(Db& db, const NotetypeRow& row);
// Deletes all field rows of ntid and inserts fields with ord = index in the vector.
void replace_fields(Db& db, NotetypeId ntid, const std::vector<FieldRow>& fields);
// Deletes all template rows of ntid and inserts templates with ord = index in the vector.
void replace_templates(Db& db, NotetypeId ntid, const std::vector<TemplateRow>& templates);
// Deletes the notetype row and its fields/templates (not its notes).
void remove_notetype(Db& db, NotetypeId id);

}  // namespace ankc::native::storage
