#include "backends/native/notes/note_service_helpers.h"

#include <cmath>

#include "backends/action_error.h"
#include "backends/native/collection/stock_notetypes.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/session.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "compat/pyjson.h"

namespace ankc::native {

std::optional<int64_t> as_id(const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= uint64_t(INT64_MAX)) return int64_t(v.get_uint64());
  if (v.is_double() && std::floor(v.get_double()) == v.get_double() && std::fabs(v.get_double()) < 9.2e18)
    return int64_t(v.get_double());
  return std::nullopt;
}

Note get_note_or_throw(Session& s, const boost::json::value& id) {
  std::optional<Note> n;
  if (auto i = as_id(id)) n = load_note(s.db(), NoteId{*i});
  if (!n) throw ActionError("Note was not found: " + pyjson::str(id));
  return *n;
}

Notetype notetype_of(Session& s, const Note& note) {
  auto nt = load_notetype(s.db(), note.notetype_id);
  if (!nt)
    throw ActionError("Your database appears to be in an inconsistent state. Please use the Check Database action. "
                      "No such notetype: '" + std::to_string(note.notetype_id.v) + "'");
  return *nt;
}


void add_stock_basic(Session& s) {
  StockNotetype nt = stock_notetype(pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC, s.random());
  TimestampMillis now = s.clock().now();
  storage::NotetypeRow row{NotetypeId{}, nt.name, now.secs(), kLocalUsn, nt.config.SerializeAsString()};
  NotetypeId id = storage::add_notetype(s.db(), row, now);
  std::vector<storage::FieldRow> fields;
  for (const StockField& f : nt.fields) fields.push_back({0, f.name, f.config.SerializeAsString()});
  std::vector<storage::TemplateRow> templates;
  for (const StockTemplate& t : nt.templates)
    templates.push_back({0, t.name, TimestampSecs{0}, Usn{0}, t.config.SerializeAsString()});
  storage::replace_fields(s.db(), id, fields);
  storage::replace_templates(s.db(), id, templates);
}

}  // namespace ankc::native
