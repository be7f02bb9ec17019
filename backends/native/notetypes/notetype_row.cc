#include "backends/native/notetypes/notetype_row.h"

#include "backends/action_error.h"
#include "backends/native/proto/notetype_config.pb.h"
#include "backends/native/storage/notetypes/notetypes.h"

namespace ankc::native {

namespace {

NoteField field_from_row(const storage::FieldRow& row) {
  pb::FieldConfig c;
  if (!c.ParseFromString(row.config)) throw ActionError("invalid field config blob");
  NoteField f;
  f.ord = row.ord;
  f.name = row.name;
  f.sticky = c.sticky();
  f.rtl = c.rtl();
  f.font_name = c.font_name();
  f.font_size = c.font_size();
  f.description = c.description();
  f.plain_text = c.plain_text();
  f.collapsed = c.collapsed();
  f.exclude_from_search = c.exclude_from_search();
  if (c.has_id()) f.id = c.id();
  if (c.has_tag()) f.tag = c.tag();
  f.prevent_deletion = c.prevent_deletion();
  f.other = c.other();
  return f;
}

storage::FieldRow field_to_row(const NoteField& f, uint32_t ord) {
  pb::FieldConfig c;
  c.set_sticky(f.sticky);
  c.set_rtl(f.rtl);
  c.set_font_name(f.font_name);
  c.set_font_size(f.font_size);
  c.set_description(f.description);
  c.set_plain_text(f.plain_text);
  c.set_collapsed(f.collapsed);
  c.set_exclude_from_search(f.exclude_from_search);
  if (f.id) c.set_id(*f.id);
  if (f.tag) c.set_tag(*f.tag);
  c.set_prevent_deletion(f.prevent_deletion);
  c.set_other(f.other);
  storage::FieldRow row;
  row.ord = ord;
  row.name = f.name;
  row.config = c.SerializeAsString();
  return row;
}

CardTemplate template_from_row(const storage::TemplateRow& row) {
  pb::TemplateConfig c;
  if (!c.ParseFromString(row.config)) throw ActionError("invalid template config blob");
  CardTemplate t;
  t.ord = row.ord;
  t.name = row.name;
  t.mtime_secs = row.mtime.v;
  t.usn = row.usn.v;
  t.q_format = c.q_format();
  t.a_format = c.a_format();
  t.q_format_browser = c.q_format_browser();
  t.a_format_browser = c.a_format_browser();
  t.target_deck_id = c.target_deck_id();
  t.browser_font_name = c.browser_font_name();
  t.browser_font_size = c.browser_font_size();
  if (c.has_id()) t.id = c.id();
  t.other = c.other();
  return t;
}

storage::TemplateRow template_to_row(const CardTemplate& t, uint32_t ord) {
  pb::TemplateConfig c;
  c.set_q_format(t.q_format);
  c.set_a_format(t.a_format);
  c.set_q_format_browser(t.q_format_browser);
  c.set_a_format_browser(t.a_format_browser);
  c.set_target_deck_id(t.target_deck_id);
  c.set_browser_font_name(t.browser_font_name);
  c.set_browser_font_size(t.browser_font_size);
  if (t.id) c.set_id(*t.id);
  c.set_other(t.other);
  storage::TemplateRow row;
  row.ord = ord;
  row.name = t.name;
  row.mtime = TimestampSecs{t.mtime_secs};
  row.usn = Usn{t.usn};
  row.config = c.SerializeAsString();
  return row;
}

Notetype notetype_from_rows(storage::Db& db, const storage::NotetypeRow& row) {
  pb::NotetypeConfig c;
  if (!c.ParseFromString(row.config)) throw ActionError("invalid notetype config blob");
  Notetype nt;
  nt.id = row.id;
  nt.name = row.name;
  nt.mtime = row.mtime;
  nt.usn = row.usn;
  nt.kind = c.kind() == pb::NotetypeConfig::KIND_CLOZE ? NotetypeKind::Cloze : NotetypeKind::Normal;
  nt.sort_field_idx = c.sort_field_idx();
  nt.css = c.css();
  nt.target_deck_id_unused = c.target_deck_id_unused();
  nt.latex_pre = c.latex_pre();
  nt.latex_post = c.latex_post();
  nt.latex_svg = c.latex_svg();
  for (const auto& r : c.reqs()) {
    CardRequirement req;
    req.card_ord = r.card_ord();
    req.kind = static_cast<CardRequirement::Kind>(r.kind());
    req.field_ords.assign(r.field_ords().begin(), r.field_ords().end());
    nt.reqs.push_back(std::move(req));
  }
  nt.original_stock_kind = c.original_stock_kind();
  if (c.has_original_id()) nt.original_id = c.original_id();
  nt.other = c.other();
  for (const auto& f : storage::get_fields(db, row.id)) nt.fields.push_back(field_from_row(f));
  for (const auto& t : storage::get_templates(db, row.id)) nt.templates.push_back(template_from_row(t));
  return nt;
}

}  // namespace

std::optional<Notetype> load_notetype(storage::Db& db, NotetypeId id) {
  auto row = storage::get_notetype(db, id);
  if (!row) return std::nullopt;
  return notetype_from_rows(db, *row);
}

std::optional<Notetype> load_notetype_by_name(storage::Db& db, std::string_view name) {
  auto id = storage::get_notetype_id_by_name(db, name);
  if (!id) return std::nullopt;
  return load_notetype(db, *id);
}

void store_notetype(storage::Db& db, const Notetype& nt) {
  pb::NotetypeConfig c;
  c.set_kind(nt.is_cloze() ? pb::NotetypeConfig::KIND_CLOZE : pb::NotetypeConfig::KIND_NORMAL);
  c.set_sort_field_idx(nt.sort_field_idx);
  c.set_css(nt.css);
  c.set_target_deck_id_unused(nt.target_deck_id_unused);
  c.set_latex_pre(nt.latex_pre);
  c.set_latex_post(nt.latex_post);
  c.set_latex_svg(nt.latex_svg);
  for (const auto& r : nt.reqs) {
    auto* req = c.add_reqs();
    req->set_card_ord(r.card_ord);
    req->set_kind(static_cast<pb::CardRequirement::Kind>(r.kind));
    for (uint32_t o : r.field_ords) req->add_field_ords(o);
  }
  c.set_original_stock_kind(static_cast<pb::NotetypeConfig::OriginalStockKind>(nt.original_stock_kind));
  if (nt.original_id) c.set_original_id(*nt.original_id);
  c.set_other(nt.other);
  storage::NotetypeRow row{nt.id, nt.name, nt.mtime, nt.usn, c.SerializeAsString()};
  storage::put_notetype(db, row);
  std::vector<storage::FieldRow> fields;
  for (uint32_t i = 0; i < nt.fields.size(); ++i) fields.push_back(field_to_row(nt.fields[i], i));
  storage::replace_fields(db, nt.id, fields);
  std::vector<storage::TemplateRow> templates;
  for (uint32_t i = 0; i < nt.templates.size(); ++i) templates.push_back(template_to_row(nt.templates[i], i));
  storage::replace_templates(db, nt.id, templates);
}

}  // namespace ankc::native
