// What a card template says about fields, on the parsed form of rendering/template_parser.h: the
// field names it references, cloze replacements, and the rewrite Anki applies to every template
// when fields of a note type are renamed or removed (rslib template.rs, Anki 25.09), written back
// to text as Anki does (`{{filters:Name}}`, `{{#Name}}…{{/Name}}`, comments kept, `<% %>` dropped).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "backends/native/rendering/template_parser.h"

namespace ankc::native {

// Old field name → new name, or nullopt for a removed field.
using FieldChanges = std::map<std::string, std::optional<std::string>>;

// Keys of replacements (and, with_conditionals, of {{#K}}/{{^K}} other than cN), document order,
// each name once. May include special names (FrontSide, Tags…) and "".
std::vector<std::string> referenced_field_names(const rendering::ParsedTemplate& tmpl, bool with_conditionals);
// Keys of replacements that carry a `cloze` filter, anywhere in the template.
std::vector<std::string> referenced_cloze_field_names(const rendering::ParsedTemplate& tmpl);
// Anki 25.09's contains_cloze_replacement: a cloze replacement among the top-level nodes only.
bool has_top_level_cloze_replacement(const rendering::ParsedTemplate& tmpl);

// Renames/removes replacements and sections per changes (a removed section keeps its children).
void rename_and_remove_fields(rendering::ParsedTemplate& tmpl, const FieldChanges& changes);
// The template as text.
std::string template_to_string(const rendering::ParsedTemplate& tmpl);

}  // namespace ankc::native
