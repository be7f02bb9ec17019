#include "backends/native/notetypes/notetype_ops.h"

#include "backends/action_error.h"
#include "backends/native/notetypes/card_updates.h"
#include "backends/native/notetypes/note_updates.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/notetypes/prepare.h"
#include "backends/native/cards/render_input.h"
#include "backends/native/rendering/cardgen.h"
#include "backends/native/storage/config/config.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "compat/py_errors.h"
#include "compat/pyjson.h"

namespace ankc::native {

namespace {

// rslib ensure_notetype_name_unique: '+' until no other note type has the name (unicase).
void ensure_name_unique(storage::Db& db, Notetype& nt) {
  while (true) {
    auto id = storage::get_notetype_id_by_name(db, nt.name);
    if (!id || *id == nt.id) return;
    nt.name += '+';
  }
}

void stamp(Notetype& nt, TimestampMillis now) {
  nt.mtime = now.secs();
  nt.usn = kLocalUsn;
}

// AnkiConnect saves a note type as JSON through Anki's to_json_bytes (orjson), which refuses a str
// holding a lone surrogate; checked before anything is written, so none is ever stored.
void check_json_encodable(const Notetype& nt) {
  std::vector<const std::string*> strings = {&nt.name, &nt.css, &nt.latex_pre, &nt.latex_post, &nt.other};
  for (const NoteField& f : nt.fields)
    for (const std::string* s : {&f.name, &f.font_name, &f.description, &f.other}) strings.push_back(s);
  for (const CardTemplate& t : nt.templates)
    for (const std::string* s : {&t.name, &t.q_format, &t.a_format, &t.q_format_browser, &t.a_format_browser,
                                 &t.browser_font_name, &t.other})
      strings.push_back(s);
  for (const std::string* s : strings)
    if (pyjson::has_lone_surrogate(*s)) throw ActionError(pyerr::orjson_invalid_str());
}

void assign_ords(Notetype& nt) {
  for (uint32_t i = 0; i < nt.fields.size(); ++i) nt.fields[i].ord = i;
  for (uint32_t i = 0; i < nt.templates.size(); ++i) nt.templates[i].ord = i;
}

}  // namespace

std::vector<CardRequirement> compute_requirements(const Notetype& nt) {
  std::vector<CardRequirement> out;
  auto reqs = rendering::template_requirements(to_render_notetype(nt));
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    CardRequirement req;
    req.card_ord = static_cast<uint32_t>(i);
    req.kind = reqs[i].kind == rendering::RequirementKind::kAny   ? CardRequirement::Kind::Any
               : reqs[i].kind == rendering::RequirementKind::kAll ? CardRequirement::Kind::All
                                                                  : CardRequirement::Kind::None;
    req.field_ords.assign(reqs[i].field_ords.begin(), reqs[i].field_ords.end());
    out.push_back(std::move(req));
  }
  return out;
}

void save_notetype(storage::Db& db, Notetype& nt, TimestampMillis now) {
  check_json_encodable(nt);
  assign_ords(nt);
  nt.reqs = compute_requirements(nt);
  stamp(nt, now);
  store_notetype(db, nt);
}

void add_notetype(storage::Db& db, Notetype& nt, storage::WriteTransaction& tx, TimestampMillis now) {
  check_json_encodable(nt);
  stamp(nt, now);
  nt.id = NotetypeId{0};
  prepare_for_update(nt, nullptr);
  ensure_name_unique(db, nt);
  assign_ords(nt);
  storage::NotetypeRow row{nt.id, nt.name, nt.mtime, nt.usn, ""};
  nt.id = storage::add_notetype(db, row, now);
  store_notetype(db, nt);
  storage::set_config_json(db, "curModel", std::to_string(nt.id.v), kLocalUsn, now.secs());
  tx.mark_changed();
}

void update_notetype(storage::Db& db, Notetype& nt, storage::WriteTransaction& tx, TimestampMillis now,
                     Random& random) {
  check_json_encodable(nt);
  auto original = load_notetype(db, nt.id);
  if (!original)
    throw ActionError("Your database appears to be in an inconsistent state. Please use the Check Database action. "
                      "No such notetype: '" + std::to_string(nt.id.v) + "'");
  stamp(nt, now);
  prepare_for_update(nt, &*original);
  ensure_name_unique(db, nt);
  bool schema = update_notes_for_changed_fields(db, nt, original->fields.size(), original->sort_field_idx, now);
  schema = update_cards_for_changed_templates(db, nt, original->templates, now, random) || schema;
  assign_ords(nt);
  store_notetype(db, nt);
  if (schema)
    tx.mark_schema_changed();
  else
    tx.mark_changed();
}

}  // namespace ankc::native
