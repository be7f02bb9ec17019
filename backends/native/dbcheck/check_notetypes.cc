// Invariants 9 (names, sort field, kind), 10 (templates) and 11 (legacy reqs).
#include <map>
#include <set>

#include "backends/native/dbcheck/checker.h"
#include "backends/native/dbcheck/names.h"
#include "backends/native/notetypes/notetype_ops.h"
#include "backends/native/proto/notetype_config.pb.h"
#include "backends/native/rendering/template_parser.h"
#include "backends/native/storage/notetypes/notetypes.h"
#include "backends/native/storage/unicase.h"

namespace ankc::native::dbcheck {
namespace {

const std::set<std::string, std::less<>> kSpecialFields = {"FrontSide", "Card",  "CardFlag", "Deck",
                                                           "Subdeck",   "Tags",  "Type",     "CardID"};

std::string shown(const Notetype& nt) { return std::to_string(nt.id.v) + " \"" + nt.name + "\""; }

// Field names a template refers to, as Anki's save-time check collects them: replacements and,
// when with_conditionals, section keys other than cloze conditionals (c1, c2, ...).
void referenced_names(const std::vector<rendering::TemplateNode>& nodes, bool cloze_only,
                      std::set<std::string>& out) {
  for (const auto& n : nodes) {
    switch (n.kind) {
      case rendering::NodeKind::kReplacement:
        if (!cloze_only || std::find(n.filters.begin(), n.filters.end(), "cloze") != n.filters.end())
          out.insert(n.text);
        break;
      case rendering::NodeKind::kConditional:
      case rendering::NodeKind::kNegatedConditional: {
        bool cloze_key = n.text.size() > 1 && n.text[0] == 'c' &&
                         n.text.find_first_not_of("0123456789", 1) == std::string::npos;
        if (!cloze_only && !cloze_key) out.insert(n.text);
        referenced_names(n.children, cloze_only, out);
        break;
      }
      default:
        break;
    }
  }
}

bool has_card_tag(const std::string& front) {
  for (std::size_t open = front.find("{{"); open != std::string::npos; open = front.find("{{", open + 2)) {
    std::size_t close = front.find("}}", open + 2);
    if (close == std::string::npos) return false;
    std::string_view inner(front.data() + open + 2, close - open - 2);
    while (!inner.empty() && std::isspace(static_cast<unsigned char>(inner.front()))) inner.remove_prefix(1);
    while (!inner.empty() && std::isspace(static_cast<unsigned char>(inner.back()))) inner.remove_suffix(1);
    if (inner == "Card") return true;
  }
  return false;
}

const char* kind_name(CardRequirement::Kind k) {
  return k == CardRequirement::Kind::Any ? "any" : k == CardRequirement::Kind::All ? "all" : "none";
}

std::string describe(const std::vector<CardRequirement>& reqs) {
  std::string out = "[";
  for (const auto& r : reqs) {
    if (out.size() > 1) out += ", ";
    out += std::to_string(r.card_ord) + " " + kind_name(r.kind) + " [";
    for (std::size_t i = 0; i < r.field_ords.size(); ++i) out += (i ? "," : "") + std::to_string(r.field_ords[i]);
    out += "]";
  }
  return out + "]";
}

// Equal, or differing only in "any [x]" vs "all [x]" (the same requirement; older Anki wrote "all").
bool same_requirements(const std::vector<CardRequirement>& stored, const std::vector<CardRequirement>& expected) {
  if (stored.size() != expected.size()) return false;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    const CardRequirement& a = stored[i];
    const CardRequirement& b = expected[i];
    if (a.card_ord != b.card_ord || a.field_ords != b.field_ords) return false;
    bool single = a.field_ords.size() == 1 && a.kind != CardRequirement::Kind::None &&
                  b.kind != CardRequirement::Kind::None;
    if (a.kind != b.kind && !single) return false;
  }
  return true;
}

}  // namespace

void check_notetype_names(Checker& c, const Notetypes& nts) {
  std::map<std::string, int64_t> names;
  for (const auto& row : storage::all_notetypes(c.db())) {
    std::string who = std::to_string(row.id.v) + " \"" + row.name + "\"";
    if (row.name.empty() || normalized_notetype_name(row.name) != row.name)
      c.error(9, "notetype name not valid: " + who);
    if (!names.emplace(storage::unicase_fold(row.name), row.id.v).second)
      c.error(9, "notetype name not unique (case-insensitively): " + who);
    pb::NotetypeConfig config;
    if (!config.ParseFromString(row.config)) continue;  // invariant 5
    if (config.kind() != 0 && config.kind() != 1) c.error(9, "notetype kind not 0/1: " + who);
  }
  for (const auto& [id, loaded] : nts) {
    const Notetype& nt = loaded.nt;
    if (!nt.fields.empty() && nt.sort_field_idx >= nt.fields.size())
      c.error(9, "sort field index beyond the fields: " + shown(nt));
    std::set<std::string> fields, templates;
    for (const auto& f : nt.fields) {
      if (f.name.empty() || normalized_field_name(f.name) != f.name)
        c.error(9, "field name not valid in " + shown(nt) + ": \"" + f.name + "\"");
      if (!fields.insert(storage::unicase_fold(f.name)).second)
        c.error(9, "field name not unique in " + shown(nt) + ": \"" + f.name + "\"");
    }
    for (const auto& t : nt.templates) {
      if (t.name.empty() || normalized_template_name(t.name) != t.name)
        c.error(9, "template name not valid in " + shown(nt) + ": \"" + t.name + "\"");
      if (!templates.insert(storage::unicase_fold(t.name)).second)
        c.error(9, "template name not unique in " + shown(nt) + ": \"" + t.name + "\"");
    }
  }
}

void check_templates(Checker& c, const Notetypes& nts) {
  for (const auto& [id, loaded] : nts) {
    const Notetype& nt = loaded.nt;
    std::set<std::string, std::less<>> field_names;
    for (const auto& f : nt.fields) field_names.insert(f.name);
    std::map<std::string, std::size_t> fronts;
    bool cloze_front = false, cloze_back = false;
    for (std::size_t ord = 0; ord < nt.templates.size(); ++ord) {
      const CardTemplate& t = nt.templates[ord];
      std::string where = "template " + std::to_string(ord) + " of " + shown(nt);
      rendering::ParseResult q = rendering::parse_template(t.q_format);
      rendering::ParseResult a = rendering::parse_template(t.a_format);
      if (q.error || a.error) {
        c.warning(10, where + " does not parse: " + (q.error ? *q.error : *a.error));
        continue;
      }
      std::set<std::string> q_names, a_names;
      referenced_names(q.tmpl.nodes, false, q_names);
      referenced_names(a.tmpl.nodes, false, a_names);
      if (q_names.empty()) c.warning(10, where + ": the front uses no field");
      a_names.insert(q_names.begin(), q_names.end());
      for (const std::string& name : a_names)
        if (!name.empty() && !kSpecialFields.count(name) && !field_names.count(name))
          c.warning(10, where + " uses unknown field \"" + name + "\"");
      auto [it, fresh] = fronts.emplace(t.q_format, ord);
      if (!fresh && !has_card_tag(t.q_format))
        c.warning(10, where + " has the same front as template " + std::to_string(it->second));
      if (ord == 0) {
        std::set<std::string> cq, ca;
        referenced_names(q.tmpl.nodes, true, cq);
        referenced_names(a.tmpl.nodes, true, ca);
        cloze_front = !cq.empty();
        cloze_back = !ca.empty();
      }
    }
    if (nt.is_cloze() && !(cloze_front && cloze_back))
      c.warning(10, "cloze notetype " + shown(nt) + " lacks a cloze: filter on both sides of template 0");
    // 11: reqs as Anki would recompute them on save.
    std::vector<CardRequirement> expected = compute_requirements(nt);
    if (!same_requirements(nt.reqs, expected))
      c.warning(11, "reqs of " + shown(nt) + " are " + describe(nt.reqs) + ", expected " + describe(expected));
  }
}

}  // namespace ankc::native::dbcheck
