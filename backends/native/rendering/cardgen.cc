// Card generation and legacy requirements.
#include "backends/native/rendering/cardgen.h"

#include <algorithm>
#include <set>

#include "backends/native/rendering/cloze.h"
#include "backends/native/rendering/html_text.h"
#include "backends/native/rendering/template_parser.h"

namespace ankc::native::rendering {
namespace {

constexpr std::uint16_t kMaxClozeOrd = 499;

const char* const kSpecialFields[] = {"Card", "CardFlag", "Deck", "Subdeck", "Tags", "Type",
                                      "CardID"};

NameSet generation_nonempty(const Notetype& nt, const Note& note) {
  NameSet out;
  NameSet note_names;
  for (std::size_t i = 0; i < nt.field_names.size(); ++i) {
    note_names.insert(nt.field_names[i]);
    if (i < note.fields.size() && !field_is_empty(note.fields[i])) out.insert(nt.field_names[i]);
  }
  for (const char* special : kSpecialFields) {
    if (note_names.count(special)) continue;
    if (std::string_view(special) == "Tags" && note.tags.empty()) continue;
    out.insert(special);
  }
  return out;
}

}  // namespace

std::vector<std::uint16_t> card_ords_for_note(const Notetype& nt, const Note& note) {
  std::set<std::uint16_t> ords;
  if (nt.kind == NotetypeKind::kCloze) {
    std::set<std::uint16_t> numbers;
    for (const std::string& field : note.fields) add_cloze_numbers(field, numbers);
    for (std::uint16_t n : numbers) {
      ords.insert(std::min<std::uint16_t>(static_cast<std::uint16_t>(n - 1), kMaxClozeOrd));
    }
  } else {
    NameSet nonempty = generation_nonempty(nt, note);
    for (std::size_t ord = 0; ord < nt.templates.size(); ++ord) {
      ParseResult parsed = parse_template(nt.templates[ord].qfmt);
      if (!parsed.error && template_renders(parsed.tmpl, nonempty)) {
        ords.insert(static_cast<std::uint16_t>(ord));
      }
    }
  }
  return {ords.begin(), ords.end()};
}

std::vector<std::uint16_t> new_card_ords(const Notetype& nt, const Note& note,
                                         const std::vector<std::uint16_t>& existing_ords,
                                         bool ensure_not_empty) {
  std::vector<std::uint16_t> out;
  for (std::uint16_t ord : card_ords_for_note(nt, note)) {
    if (std::find(existing_ords.begin(), existing_ords.end(), ord) == existing_ords.end()) {
      out.push_back(ord);
    }
  }
  if (out.empty() && existing_ords.empty() && ensure_not_empty) out.push_back(0);
  return out;
}

std::vector<TemplateRequirement> template_requirements(const Notetype& nt) {
  std::vector<TemplateRequirement> out;
  for (const CardTemplate& tmpl : nt.templates) {
    TemplateRequirement req;
    ParseResult parsed = parse_template(tmpl.qfmt);
    if (parsed.error) {
      out.push_back(req);
      continue;
    }
    const std::vector<std::string>& names = nt.field_names;
    // Fields that make the front render on their own → ANY.
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (template_renders(parsed.tmpl, NameSet{names[i]}, false)) {
        req.field_ords.push_back(static_cast<std::uint16_t>(i));
      }
    }
    if (!req.field_ords.empty()) {
      req.kind = RequirementKind::kAny;
      out.push_back(req);
      continue;
    }
    // Otherwise: all fields, minus those whose removal still lets the front render → ALL.
    NameSet all(names.begin(), names.end());
    for (std::size_t i = 0; i < names.size(); ++i) {
      NameSet without = all;
      without.erase(names[i]);
      if (!template_renders(parsed.tmpl, without, false)) {
        req.field_ords.push_back(static_cast<std::uint16_t>(i));
      }
    }
    if (!req.field_ords.empty() && template_renders(parsed.tmpl, all, false)) {
      req.kind = RequirementKind::kAll;
    } else {
      req.field_ords.clear();
    }
    out.push_back(req);
  }
  return out;
}

const char* requirement_kind_name(RequirementKind kind) {
  switch (kind) {
    case RequirementKind::kAny: return "any";
    case RequirementKind::kAll: return "all";
    case RequirementKind::kNone: return "none";
  }
  return "none";
}

}  // namespace ankc::native::rendering
