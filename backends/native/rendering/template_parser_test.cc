// Template syntax (rendering.md §3.1–3.3) and the emptiness test (§6.1).
#include <catch2/catch.hpp>

#include "backends/native/rendering/template_parser.h"
#include "backends/native/rendering/template_render.h"

using namespace ankc::native::rendering;

namespace {

// A compact rendering of the parse tree: T(text) C(comment) R(filters|key) #key(...) ^key(...).
std::string dump(const std::vector<TemplateNode>& nodes) {
  std::string out;
  for (const TemplateNode& n : nodes) {
    switch (n.kind) {
      case NodeKind::kText: out += "T(" + n.text + ")"; break;
      case NodeKind::kComment: out += "C(" + n.text + ")"; break;
      case NodeKind::kReplacement: {
        out += "R(";
        for (const std::string& f : n.filters) out += f + ",";
        out += "|" + n.text + ")";
        break;
      }
      case NodeKind::kConditional: out += "#" + n.text + "(" + dump(n.children) + ")"; break;
      case NodeKind::kNegatedConditional:
        out += "^" + n.text + "(" + dump(n.children) + ")";
        break;
    }
  }
  return out;
}

std::string parsed(const std::string& text) {
  ParseResult r = parse_template(text);
  return r.error ? "ERROR " + *r.error : dump(r.tmpl.nodes);
}

}  // namespace

TEST_CASE("parser: text, replacements, sections", "[parser]") {
  CHECK(parsed("") == "");
  CHECK(parsed("foo {{bar}} {{#baz}} quux {{/baz}}") == "T(foo )R(|bar)T( )#baz(T( quux ))");
  CHECK(parsed("{{^baz}}{{/baz}}") == "^baz()");
  CHECK(parsed("{{ tag }}") == "R(|tag)");
  CHECK(parsed("{{# key }}{{/key}}") == "#key()");
  CHECK(parsed("text }} more") == "T(text }} more)");
  CHECK(parsed("a {{ b") == "T(a {{ b)");
}

TEST_CASE("parser: filters split on every colon, applied right to left", "[parser]") {
  CHECK(parsed("{{one:two:three}}") == "R(two,one,|three)");
  CHECK(parsed("{{one::text:B}}") == "R(text,,one,|B)");
  CHECK(parsed("{{filter:}}") == "R(filter,|)");
  CHECK(parsed("{{}}") == "R(|)");
  CHECK(parsed("{{#}}") == "R(|#)");
  CHECK(parsed("{{text: Front}}") == "R(text,| Front)");
}

TEST_CASE("parser: comments are opaque", "[parser]") {
  CHECK(parsed("foo <!--{{bar }} --> {{#baz}} --> <!-- <!-- {{#def}} --> x-->y<!-- 2 --><!----> "
               "<!-- quux {{/baz}} <!-- {{nc:abc}}") ==
        "T(foo )C({{bar }} )T( )#baz(T( --> )C( <!-- {{#def}} )T( x-->y)C( 2 )C()T( <!-- quux ))"
        "T( <!-- )R(nc,|abc)");
  CHECK(parsed("<!--{{#mis}}{{/matched}}-->") == "C({{#mis}}{{/matched}})");
  CHECK(parsed("<!--{{foo}}") == "T(<!--)R(|foo)");
  CHECK(parsed("{{#mis}}<!--{{/matched}}-->") == "ERROR Missing '{{/mis}}'");
}

TEST_CASE("parser: legacy <% %> delimiters", "[parser]") {
  CHECK(parsed("\n{{=<% %>=}}\n<%Front%>\n<% #Back %>\n<%/Back%>") ==
        "T(\n)R(|Front)T(\n)#Back(T(\n))");
  CHECK(parsed("\n{{=<% %>=}}\n{{#foo}}\n<%Front%>\n{{/foo}}\n") ==
        "T(\n{{#foo}}\n)R(|Front)T(\n{{/foo}}\n)");
  CHECK(parsed("{{=<% %>=}}{{=<% %>=}}<%a%>") == "R(|a)");
}

TEST_CASE("parser: section errors", "[parser]") {
  CHECK(parsed("{{#mis}}{{/matched}}") == "ERROR Found '{{/matched}}', but expected '{{/mis}}'");
  CHECK(parsed("{{/matched}}") ==
        "ERROR Found '{{/matched}}', but missing '{{#matched}}' or '{{^matched}}'");
  CHECK(parsed("{{#a}}{{^b}}x{{/b}}") == "ERROR Missing '{{/a}}'");
}

TEST_CASE("parser: sections nest up to kMaxSectionDepth, deeper is an error, never a stack overflow", "[parser]") {
  auto nested = [](int depth, const char* open) {
    std::string text;
    for (int i = 0; i < depth; ++i) text += std::string("{{") + open + "F}}";
    text += "{{F}}";
    for (int i = 0; i < depth; ++i) text += "{{/F}}";
    return text;
  };
  ParseResult ok = parse_template(nested(kMaxSectionDepth, "#"));
  CHECK_FALSE(ok.error);
  CHECK(template_renders(ok.tmpl, {"F"}));
  FieldMap fields{{"F", "x"}};
  NameSet nonempty{"F"};
  RenderResult rendered = render_template(ok.tmpl, RenderContext{&fields, &nonempty, 0, true});
  CHECK_FALSE(rendered.error);
  CHECK(rendered.output.join("") == "x");
  CHECK(parsed(nested(kMaxSectionDepth + 1, "#")) == "ERROR Found '{{#F}}' nested more than 1000 sections deep");
  // Tens of thousands of sections used to crash the server in the parser's recursion.
  CHECK(parsed(nested(50000, "^")) == "ERROR Found '{{^F}}' nested more than 1000 sections deep");
}

TEST_CASE("parser: unterminated delimiters are text, found in linear time", "[parser]") {
  std::string opens;
  for (int i = 0; i < 500000; ++i) opens += "{{";
  CHECK(parsed(opens) == "T(" + opens + ")");
  CHECK(parsed("{{a}}" + opens) == "R(|a)T(" + opens + ")");
  std::string comments;
  for (int i = 0; i < 250000; ++i) comments += "<!--";
  CHECK(parsed(comments + "{{a}}") == "T(" + comments + ")R(|a)");
  CHECK(parsed("{{a}}x{{b}}<!--c-->{{d") == "R(|a)T(x)R(|b)C(c)T({{d)");
  CHECK(parsed("<!--{{a}}-->{{b}}<!--") == "C({{a}})R(|b)T(<!--)");
  CHECK(parsed("{{x<!--y}}-->z}}") == "R(|x<!--y)T(-->z}})");
}

TEST_CASE("template_renders", "[parser]") {
  auto renders = [](const std::string& text, NameSet fields, bool check_negated = true) {
    return template_renders(parse_template(text).tmpl, fields, check_negated);
  };
  NameSet fields = {"1", "3"};
  CHECK(renders("{{2}}{{1}}", fields));
  CHECK_FALSE(renders("{{2}}", fields));
  CHECK_FALSE(renders("{{2}}{{4}}", fields));
  CHECK(renders("{{#3}}{{^2}}{{1}}{{/2}}{{/3}}", fields));
  CHECK_FALSE(renders("{{^1}}{{3}}{{/1}}", fields));
  CHECK(renders("{{^1}}{{3}}{{/1}}", fields, false));
  CHECK(renders("{{text:1}}", fields));
  CHECK_FALSE(renders("static <!--{{1}}-->", fields));
}
