#include "backends/native/notetypes/template_check.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "backends/action_error.h"
#include "backends/native/notetypes/template_fields.h"
#include "backends/native/rendering/html_text.h"
#include "backends/native/rendering/template_parser.h"

namespace ankc::native {

namespace {

constexpr const char* kFsi = "\u2068";
constexpr const char* kPdi = "\u2069";

std::string isolate(const std::string& value) { return kFsi + value + kPdi; }

// Names a template may use besides the note type's fields (rslib SPECIAL_FIELDS).
bool is_special_field(std::string_view name) {
  static const char* const kSpecial[] = {"FrontSide", "Card", "CardFlag", "Deck", "Subdeck", "Tags", "Type", "CardID"};
  return std::any_of(std::begin(kSpecial), std::end(kSpecial), [&](const char* s) { return name == s; });
}

// Rust's `\{\{\s*Card\s*\}\}` found anywhere in text.
bool mentions_card_tag(std::string_view text) {
  for (std::size_t i = text.find("{{"); i != std::string_view::npos; i = text.find("{{", i + 1)) {
    std::string_view rest = rendering::trim_start_unicode(text.substr(i + 2));
    if (rest.substr(0, 4) != "Card") continue;
    rest = rendering::trim_start_unicode(rest.substr(4));
    if (rest.substr(0, 2) == "}}") return true;
  }
  return false;
}

std::optional<rendering::ParsedTemplate> parse(const std::string& text) {
  auto result = rendering::parse_template(text);
  if (result.error) return std::nullopt;
  return std::move(result.tmpl);
}

void check_fronts_unique(const Notetype& nt) {
  std::map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < nt.templates.size(); ++i) {
    const std::string& front = nt.templates[i].q_format;
    auto [it, inserted] = seen.try_emplace(front, i);
    if (inserted) continue;
    std::size_t previous = it->second;
    it->second = i;
    if (!mentions_card_tag(front))
      throw ActionError(card_type_error(nt.name, i, "The front side is identical to card template " +
                                                        isolate(std::to_string(previous + 1)) + "."));
  }
}

// The detail of one template's problem, or nullopt.
std::optional<std::string> template_problem(const Notetype& nt, const CardTemplate& t) {
  auto q = parse(t.q_format);
  auto a = parse(t.a_format);
  if (!q || !a) return std::string("See the preview for more information.");
  auto names = referenced_field_names(*q, true);
  if (names.empty()) return std::string("Expected to find a field replacement on the front of the card template.");
  for (const auto& name : referenced_field_names(*a, true))
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
  for (const auto& name : names) {
    if (name.empty() || is_special_field(name)) continue;
    bool known = std::any_of(nt.fields.begin(), nt.fields.end(), [&](const NoteField& f) { return f.name == name; });
    if (!known) return "Field '" + isolate(name) + "' not found.";
  }
  return std::nullopt;
}

bool has_cloze(const std::string& text) {
  auto parsed = parse(text);
  return parsed && !referenced_cloze_field_names(*parsed).empty();
}

}  // namespace

std::string card_type_error(const std::string& notetype_name, std::size_t ordinal, const std::string& detail) {
  return "Card template " + isolate(std::to_string(ordinal + 1)) + " in note type '" + isolate(notetype_name) +
         "' has a problem.<br>" + detail;
}

void check_templates(const Notetype& nt) {
  check_fronts_unique(nt);
  for (std::size_t i = 0; i < nt.templates.size(); ++i)
    if (auto problem = template_problem(nt, nt.templates[i])) throw ActionError(card_type_error(nt.name, i, *problem));
  if (nt.is_cloze()) {
    bool ok = !nt.templates.empty() && has_cloze(nt.templates[0].q_format) && has_cloze(nt.templates[0].a_format);
    if (!ok)
      throw ActionError(card_type_error(
          nt.name, 0, "Expected to find '{{cloze:Text}}' or similar on the front and back of the card template."));
  }
}

}  // namespace ankc::native
