// The card template language's syntax (rendering.md §3.1–3.3, §6.1): lexing with {{ }} or the
// legacy <% %> delimiters, HTML comments kept verbatim, sections that must nest, replacements
// with filter chains. Also the "does this template render anything" test used for the empty-front
// check and card generation.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ankc::native::rendering {

// Field names, compared exactly (case-sensitive).
using NameSet = std::set<std::string, std::less<>>;

enum class NodeKind { kText, kComment, kReplacement, kConditional, kNegatedConditional };

struct TemplateNode {
  NodeKind kind = NodeKind::kText;
  // Text: the text; Comment: what was between <!-- and -->; otherwise the field name / key.
  std::string text;
  // Replacement only: filter names in application order (the one next to the field name first).
  std::vector<std::string> filters;
  // Sections only.
  std::vector<TemplateNode> children;
};

struct ParsedTemplate {
  std::vector<TemplateNode> nodes;
};

// A parsed template, or the syntax error's message (unescaped, e.g. "Missing '{{/Front}}'").
struct ParseResult {
  ParsedTemplate tmpl;
  std::optional<std::string> error;
};

// Sections nested deeper than this are a syntax error ("Found '{{#K}}' nested more than 1000
// sections deep"), so every walk over a parsed template (rendering, field lists, rewrites) stays within
// the stack. Anki has no such error of its own (its recursive parser would overflow first, at a depth
// no real template reaches), hence a text of our own in the style of its template errors.
inline constexpr int kMaxSectionDepth = 1000;

// Parses template text.
ParseResult parse_template(std::string_view text);

// True if some replacement of a field in `nonempty` is reachable: {{#K}} is entered only if K is
// non-empty and {{^K}} only if K is empty (or always, when check_negated is false: the legacy
// `req` computation).
bool template_renders(const ParsedTemplate& tmpl, const NameSet& nonempty,
                      bool check_negated = true);

}  // namespace ankc::native::rendering
