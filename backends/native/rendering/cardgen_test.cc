// Card generation (collection-format.md §8.13–8.16) and legacy requirements.
#include <catch2/catch.hpp>

#include "backends/native/rendering/cardgen.h"
#include "backends/native/rendering/stock_notetypes_test.h"

using namespace ankc::native::rendering;
using namespace ankc::native::rendering::testing;

using Ords = std::vector<std::uint16_t>;

TEST_CASE("cardgen: Basic and Basic (and reversed card)", "[cardgen]") {
  CHECK(card_ords_for_note(basic(), {{"f", ""}, {}}) == Ords{0});
  CHECK(card_ords_for_note(basic(), {{"", "b"}, {}}) == Ords{});
  CHECK(new_card_ords(basic(), {{"", "b"}, {}}, {}, true) == Ords{0});  // every note gets a card
  CHECK(new_card_ords(basic(), {{"", "b"}, {}}, {}, false) == Ords{});
  CHECK(card_ords_for_note(basic_and_reversed(), {{"f", "b"}, {}}) == Ords{0, 1});
  CHECK(card_ords_for_note(basic_and_reversed(), {{"<br>", "b"}, {}}) == Ords{1});
}

TEST_CASE("cardgen: optional reversed card", "[cardgen]") {
  Notetype nt = basic_optional_reversed();
  CHECK(card_ords_for_note(nt, {{"f", "b", ""}, {}}) == Ords{0});
  CHECK(card_ords_for_note(nt, {{"f", "b", "y"}, {}}) == Ords{0, 1});
  CHECK(card_ords_for_note(nt, {{"f", "", "y"}, {}}) == Ords{0});
  // Existing cards are never regenerated; only the missing ordinal is new.
  CHECK(new_card_ords(nt, {{"f", "b", "y"}, {}}, {0}, false) == Ords{1});
  CHECK(new_card_ords(nt, {{"f", "b", ""}, {}}, {0, 1}, false) == Ords{});
}

TEST_CASE("cardgen: conditional sections and special fields", "[cardgen]") {
  Notetype nt = basic_with("{{#Back}}{{Front}}{{/Back}}");
  CHECK(card_ords_for_note(nt, {{"f", ""}, {}}) == Ords{});
  CHECK(card_ords_for_note(nt, {{"f", "b"}, {}}) == Ords{0});
  CHECK(card_ords_for_note(basic_with("{{^Back}}{{Front}}{{/Back}}"), {{"f", "b"}, {}}) == Ords{});
  CHECK(card_ords_for_note(basic_with("{{^Back}}{{Front}}{{/Back}}"), {{"f", ""}, {}}) == Ords{0});
  // Special fields count as non-empty (26.08+); Tags only when the note has tags.
  CHECK(card_ords_for_note(basic_with("{{Deck}}"), {{"", ""}, {}}) == Ords{0});
  CHECK(card_ords_for_note(basic_with("{{#Tags}}{{Front}}{{/Tags}}"), {{"f", ""}, {}}) == Ords{});
  CHECK(card_ords_for_note(basic_with("{{#Tags}}{{Front}}{{/Tags}}"), {{"f", ""}, {"t"}}) ==
        Ords{0});
  // FrontSide, static text and comments never make a front non-empty.
  CHECK(card_ords_for_note(basic_with("{{FrontSide}}text<!--{{Front}}-->"), {{"f", "b"}, {}}) ==
        Ords{});
  // A front that fails to parse generates nothing.
  CHECK(card_ords_for_note(basic_with("{{#Front}}{{Front}}"), {{"f", "b"}, {}}) == Ords{});
}

TEST_CASE("cardgen: cloze ordinals from every field", "[cardgen][cloze]") {
  CHECK(card_ords_for_note(cloze(), {{"{{c1::a}} {{c3::b}}", "{{c2::x}}"}, {}}) == Ords{0, 1, 2});
  CHECK(card_ords_for_note(cloze(), {{"{{c1,4::a}} {{c0::z}}", ""}, {}}) == Ords{0, 3});
  CHECK(card_ords_for_note(cloze(), {{"{{c2::a {{c5::nested}}}}", ""}, {}}) == Ords{1, 4});
  CHECK(card_ords_for_note(cloze(), {{"{{c600::a}} {{c500::b}} {{c499::c}}", ""}, {}}) ==
        Ords{498, 499});
  CHECK(card_ords_for_note(cloze(), {{"{{c1::open", "plain"}, {}}) == Ords{});
  CHECK(new_card_ords(cloze(), {{"no cloze", ""}, {}}, {}, true) == Ords{0});
  CHECK(new_card_ords(cloze(), {{"{{c1::a}} {{c2::b}}", ""}, {}}, {0}, true) == Ords{1});
}

TEST_CASE("reqs: stock note types", "[cardgen][reqs]") {
  auto reqs = template_requirements(basic_optional_reversed());
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[0].kind == RequirementKind::kAny);
  CHECK(reqs[0].field_ords == Ords{0});
  CHECK(reqs[1].kind == RequirementKind::kAll);
  CHECK(reqs[1].field_ords == Ords{1, 2});
  CHECK(std::string(requirement_kind_name(reqs[1].kind)) == "all");

  auto reversed = template_requirements(basic_and_reversed());
  CHECK(reversed[1].kind == RequirementKind::kAny);
  CHECK(reversed[1].field_ords == Ords{1});
  CHECK(template_requirements(basic_type_in())[0].field_ords == Ords{0, 1});
  CHECK(template_requirements(cloze())[0].field_ords == Ords{0});
  auto io = template_requirements(image_occlusion());
  CHECK(io[0].kind == RequirementKind::kAny);
  CHECK(io[0].field_ords == Ords{0, 1, 2});
}

TEST_CASE("reqs: Anki's requirement rules", "[cardgen][reqs]") {
  Notetype nt = basic();
  nt.field_names = {"a", "b", "c"};
  auto req = [&](const std::string& qfmt) {
    nt.templates[0].qfmt = qfmt;
    return template_requirements(nt)[0];
  };
  CHECK(req("{{a}}{{b}}").kind == RequirementKind::kAny);
  CHECK(req("{{a}}{{b}}").field_ords == Ords{0, 1});
  CHECK(req("{{#a}}{{b}}{{/a}}").kind == RequirementKind::kAll);
  CHECK(req("{{#a}}{{b}}{{/a}}").field_ords == Ords{0, 1});
  CHECK(req("{{z}}").kind == RequirementKind::kNone);
  CHECK(req("{{z}}").field_ords == Ords{});
  CHECK(req("{{^a}}{{b}}{{/a}}").field_ords == Ords{1});
  CHECK(req("{{^a}}{{#b}}{{c}}{{/b}}{{/a}}").kind == RequirementKind::kAll);
  CHECK(req("{{^a}}{{#b}}{{c}}{{/b}}{{/a}}").field_ords == Ords{1, 2});
  CHECK(req("{{#a}}{{#b}}{{a}}{{/b}}{{/a}}").field_ords == Ords{0, 1});
  CHECK(req("\n{{^a}}\n    {{b}}\n{{/a}}\n\n{{#a}}\n    {{a}}\n    {{b}}\n{{/a}}\n").field_ords ==
        Ords{0, 1});
  CHECK(req("<!--{{^a}}-->{{b}}<!--{{/a}}-->{{#c}}<!--{{a}}-->{{b}}<!--{{c}}-->{{/c}}")
            .field_ords == Ords{1});
  CHECK(req("{{#a}}").kind == RequirementKind::kNone);
}
