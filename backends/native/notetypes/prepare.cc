#include "backends/native/notetypes/prepare.h"

#include <algorithm>
#include <set>

#include "backends/action_error.h"
#include "backends/native/decks/nfc.h"
#include "backends/native/notetypes/notetype_ops.h"
#include "backends/native/notetypes/template_check.h"
#include "backends/native/notetypes/template_fields.h"
#include "backends/native/rendering/html_text.h"
#include "backends/native/storage/unicase.h"

namespace ankc::native {

namespace {

void remove_chars(std::string& s, std::string_view bad) {
  s.erase(std::remove_if(s.begin(), s.end(), [&](char c) { return bad.find(c) != std::string_view::npos; }), s.end());
}

void fix_field_name(NoteField& f) {
  if (f.name.empty()) throw ActionError("Empty field name");
  remove_chars(f.name, ":{}\"");
  std::string fixed = fixed_field_name(f.name);
  if (fixed.empty()) throw ActionError("Field name: " + f.name);
  f.name = std::move(fixed);
}

void fix_template_name(CardTemplate& t) {
  if (t.name.empty()) throw ActionError("Empty template name");
  remove_chars(t.name, "\"");
  if (t.name.empty()) throw ActionError("Template name contains only quotes");
}

// Appends '+' to later names equal (unicase) to an earlier one.
template <typename Item>
void make_names_unique(std::vector<Item>& items) {
  std::vector<std::string> folded;
  for (auto& item : items) {
    while (std::find(folded.begin(), folded.end(), storage::unicase_fold(item.name)) != folded.end()) item.name += '+';
    folded.push_back(storage::unicase_fold(item.name));
  }
}

// The sort field follows the field it pointed at (by old ord); else it is capped to the last field.
void reposition_sort_idx(Notetype& nt) {
  for (uint32_t i = 0; i < nt.fields.size(); ++i) {
    if (nt.fields[i].ord == nt.sort_field_idx) {
      nt.sort_field_idx = i;
      return;
    }
  }
  nt.sort_field_idx = std::min<uint32_t>(nt.sort_field_idx, static_cast<uint32_t>(nt.fields.size() - 1));
}

FieldChanges renamed_and_removed_fields(const Notetype& nt, const Notetype& existing) {
  FieldChanges changes;
  std::set<uint32_t> remaining;
  for (const auto& f : nt.fields) {
    if (!f.ord) continue;
    remaining.insert(*f.ord);
    if (*f.ord < existing.fields.size() && existing.fields[*f.ord].name != f.name)
      changes[existing.fields[*f.ord].name] = f.name;
  }
  for (uint32_t i = 0; i < existing.fields.size(); ++i)
    if (!remaining.count(i)) changes[existing.fields[i].name] = std::nullopt;
  return changes;
}

// One side of one template: rewritten when it parses; a front (or a cloze side) left without a
// field gets the first field appended.
void rewrite_side(std::string& text, const FieldChanges& changes, const std::string& first_field, bool is_cloze,
                  bool front) {
  auto parsed = rendering::parse_template(text);
  if (parsed.error) return;
  rename_and_remove_fields(parsed.tmpl, changes);
  bool missing = is_cloze && !has_top_level_cloze_replacement(parsed.tmpl);
  if (front) missing = missing || referenced_field_names(parsed.tmpl, false).empty();
  if (missing) {
    rendering::TemplateNode node;
    node.kind = rendering::NodeKind::kReplacement;
    node.text = first_field;
    if (is_cloze) node.filters.push_back("cloze");
    parsed.tmpl.nodes.push_back(std::move(node));
  }
  text = template_to_string(parsed.tmpl);
}

void update_templates_for_field_changes(Notetype& nt, const FieldChanges& changes) {
  const std::string first = nt.fields.front().name;
  for (auto& t : nt.templates) {
    rewrite_side(t.q_format, changes, first, nt.is_cloze(), true);
    rewrite_side(t.a_format, changes, first, nt.is_cloze(), false);
    rewrite_side(t.q_format_browser, changes, first, nt.is_cloze(), true);
    rewrite_side(t.a_format_browser, changes, first, nt.is_cloze(), false);
  }
}

}  // namespace

std::string fixed_field_name(const std::string& name) {
  std::string_view s = rendering::trim_unicode(name);
  while (true) {
    std::string_view before = s;
    while (!s.empty() && (s[0] == '#' || s[0] == '/' || s[0] == '^')) s.remove_prefix(1);
    s = rendering::trim_start_unicode(s);
    if (s == before) break;
  }
  return std::string(s);
}

void prepare_for_update(Notetype& nt, const Notetype* existing, bool skip_checks) {
  if (nt.fields.empty()) throw ActionError("1 field required");
  if (nt.templates.empty()) throw ActionError("1 template required");
  remove_chars(nt.name, "\"");
  if (nt.name.empty()) throw ActionError("Empty notetype name");
  nt.name = to_nfc(nt.name);
  for (auto& f : nt.fields) f.name = to_nfc(f.name);
  for (auto& t : nt.templates) t.name = to_nfc(t.name);
  for (auto& f : nt.fields) fix_field_name(f);
  for (auto& t : nt.templates) fix_template_name(t);
  make_names_unique(nt.templates);
  make_names_unique(nt.fields);
  reposition_sort_idx(nt);
  // Anki computes reqs before rewriting templates for renamed fields, so they reflect the old text.
  auto reqs = compute_requirements(nt);
  if (existing) {
    auto changes = renamed_and_removed_fields(nt, *existing);
    if (!changes.empty()) update_templates_for_field_changes(nt, changes);
  }
  nt.reqs = std::move(reqs);
  if (!skip_checks) check_templates(nt);
}

}  // namespace ankc::native
