// Rendering a parsed template against a field map (rendering.md §3.4): conditionals, field
// replacements through the built-in filters, {{FrontSide}} placeholders, and the syntax errors
// that only show at render time (unknown fields and section keys).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backends/native/rendering/template_parser.h"

namespace ankc::native::rendering {

// Field name → value: the note's fields plus the special fields (rendering.md §2).
using FieldMap = std::map<std::string, std::string, std::less<>>;

// The names of the fields in `fields` whose value is not empty (field_is_empty).
NameSet nonempty_fields(const FieldMap& fields);

struct RenderContext {
  const FieldMap* fields = nullptr;
  const NameSet* nonempty = nullptr;
  std::uint16_t card_ord = 0;
  bool question_side = true;
};

// Rendered text split where {{FrontSide}} appeared (its text is only known later).
struct RenderedTemplate {
  std::vector<std::string> pieces{std::string()};

  // The text with `front_side` inserted at every {{FrontSide}}.
  std::string join(std::string_view front_side) const;
};

struct RenderResult {
  RenderedTemplate output;
  std::optional<std::string> error;  // unescaped message, e.g. "Found '{{X}}', but …"
};

// Renders `tmpl`. Unknown filters leave the text as it was (no add-ons).
RenderResult render_template(const ParsedTemplate& tmpl, const RenderContext& ctx);

}  // namespace ankc::native::rendering
