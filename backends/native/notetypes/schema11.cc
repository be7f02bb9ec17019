#include "backends/native/notetypes/schema11.h"

#include <boost/json/array.hpp>

#include "backends/native/decks/schema11_extras.h"

namespace ankc::native {

namespace json = boost::json;

namespace {

json::value optional_int(const std::optional<int64_t>& v) {
  if (!v) return nullptr;
  return *v;
}

json::value optional_ord(const std::optional<uint32_t>& v) {
  if (!v) return nullptr;
  return static_cast<uint16_t>(*v);
}

const char* requirement_kind(CardRequirement::Kind k) {
  switch (k) {
    case CardRequirement::Kind::Any:
      return "any";
    case CardRequirement::Kind::All:
      return "all";
    default:
      return "none";
  }
}

}  // namespace

json::object field_to_schema11(const NoteField& f) {
  json::object o;
  o["name"] = f.name;
  o["ord"] = optional_ord(f.ord);
  o["sticky"] = f.sticky;
  o["rtl"] = f.rtl;
  o["font"] = f.font_name;
  o["size"] = static_cast<uint16_t>(f.font_size);
  o["description"] = f.description;
  o["plainText"] = f.plain_text;
  o["collapsed"] = f.collapsed;
  o["excludeFromSearch"] = f.exclude_from_search;
  o["id"] = optional_int(f.id);
  if (f.tag)
    o["tag"] = *f.tag;
  else
    o["tag"] = nullptr;
  o["preventDeletion"] = f.prevent_deletion;
  append_legacy_extras(o, f.other,
                       {"name", "ord", "sticky", "rtl", "plainText", "font", "size", "collapsed",
                        "description", "excludeFromSearch", "id", "tag", "preventDeletion"});
  return o;
}

json::object template_to_schema11(const CardTemplate& t) {
  json::object o;
  o["name"] = t.name;
  o["ord"] = optional_ord(t.ord);
  o["qfmt"] = t.q_format;
  o["afmt"] = t.a_format;
  o["bqfmt"] = t.q_format_browser;
  o["bafmt"] = t.a_format_browser;
  if (t.target_deck_id > 0)
    o["did"] = t.target_deck_id;
  else
    o["did"] = nullptr;
  o["bfont"] = t.browser_font_name;
  o["bsize"] = static_cast<uint8_t>(t.browser_font_size);
  o["id"] = optional_int(t.id);
  append_legacy_extras(o, t.other,
                       {"name", "ord", "did", "afmt", "bafmt", "qfmt", "bqfmt", "bfont", "bsize", "id"});
  return o;
}

json::object notetype_to_schema11(const Notetype& nt) {
  json::object o;
  o["id"] = nt.id.v;
  o["name"] = nt.name;
  o["type"] = nt.kind == NotetypeKind::Cloze ? 1 : 0;
  o["mod"] = nt.mtime.v;
  o["usn"] = nt.usn.v;
  o["sortf"] = static_cast<uint16_t>(nt.sort_field_idx);
  if (nt.target_deck_id_unused == 0)
    o["did"] = nullptr;
  else
    o["did"] = nt.target_deck_id_unused;
  json::array tmpls;
  for (const auto& t : nt.templates) tmpls.push_back(template_to_schema11(t));
  o["tmpls"] = std::move(tmpls);
  json::array flds;
  for (const auto& f : nt.fields) flds.push_back(field_to_schema11(f));
  o["flds"] = std::move(flds);
  o["css"] = nt.css;
  o["latexPre"] = nt.latex_pre;
  o["latexPost"] = nt.latex_post;
  o["latexsvg"] = nt.latex_svg;
  json::array req;
  for (const auto& r : nt.reqs) {
    json::array ords;
    for (uint32_t f : r.field_ords) ords.push_back(static_cast<uint16_t>(f));
    req.push_back(json::array{static_cast<uint16_t>(r.card_ord), requirement_kind(r.kind), std::move(ords)});
  }
  o["req"] = std::move(req);
  if (nt.original_stock_kind != 0) o["originalStockKind"] = nt.original_stock_kind;
  if (nt.original_id) o["originalId"] = *nt.original_id;
  append_legacy_extras(o, nt.other,
                       {"latexPost", "flds", "css", "originalStockKind", "originalId", "id", "usn",
                        "mod", "req", "latexPre", "name", "did", "tmpls", "type", "sortf", "latexsvg"});
  return o;
}

}  // namespace ankc::native
