// Field references and rewrites on parsed templates (template_fields.h).
#include <catch2/catch.hpp>

#include "backends/native/notetypes/template_fields.h"

using namespace ankc::native;

namespace {

std::string rewritten(const std::string& text, const FieldChanges& changes) {
  auto parsed = rendering::parse_template(text);
  REQUIRE(!parsed.error);
  rename_and_remove_fields(parsed.tmpl, changes);
  return template_to_string(parsed.tmpl);
}

}  // namespace

TEST_CASE("renaming and removing fields in templates") {
  const std::string t = "{{Front}}\n{{#Front}}{{some:Front}}{{Back}}{{/Front}}";
  CHECK(rewritten(t, {{"Front", "Test"}}) == "{{Test}}\n{{#Test}}{{some:Test}}{{Back}}{{/Test}}");
  CHECK(rewritten(t, {{"Front", std::nullopt}}) == "\n{{Back}}");
  CHECK(rewritten("{{^A}}x{{/A}}<!-- {{A}} -->{{a:b:A}}", {{"A", "B"}}) == "{{^B}}x{{/B}}<!-- {{A}} -->{{a:b:B}}");
  // Written back in the standard syntax, tags normalised.
  CHECK(rewritten("{{=<% %>=}}<% Front %> {{x}}", {{"Front", "F"}}) == "{{F}} {{x}}");
  CHECK(rewritten("{{ #A }}{{ text : A }}{{ /A }}", {{"Q", "R"}}) == "{{#A}}{{text : A}}{{/A}}");
}

TEST_CASE("referenced field names") {
  auto parsed = rendering::parse_template("{{#c1}}{{cloze:Text}}{{/c1}}{{^Extra}}{{Tags}}{{/Extra}}{{Text}}");
  REQUIRE(!parsed.error);
  CHECK(referenced_field_names(parsed.tmpl, true) == std::vector<std::string>{"Text", "Extra", "Tags"});
  CHECK(referenced_field_names(parsed.tmpl, false) == std::vector<std::string>{"Text", "Tags"});
  CHECK(referenced_cloze_field_names(parsed.tmpl) == std::vector<std::string>{"Text"});
  // Anki 25.09 looks for a cloze replacement among the top-level nodes only.
  CHECK_FALSE(has_top_level_cloze_replacement(parsed.tmpl));
  CHECK(has_top_level_cloze_replacement(rendering::parse_template("x{{cloze:Text}}").tmpl));
}
