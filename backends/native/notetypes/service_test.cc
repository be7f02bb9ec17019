#include <catch2/catch.hpp>

#include "backends/action_error.h"
#include "backends/native/decks/test_support.h"
#include "backends/native/notetypes/service.h"

using ankc::native::notetypes_actions;
using ankc::native::testing::TestCollection;

namespace {
const std::string kFixtures = ANKC_FIXTURES;
}

TEST_CASE("model listings on a new collection") {
  TestCollection c;
  CHECK(c.call(notetypes_actions(), "modelNames") ==
        R"j(["Basic", "Basic (and reversed card)", "Basic (optional reversed card)", "Basic (type in the answer)", )j"
        R"("Cloze", "Image Occlusion"])");
  CHECK(c.call(notetypes_actions(), "modelFieldNames", R"({"modelName": "basic"})") == R"(["Front", "Back"])");
  CHECK(c.call(notetypes_actions(), "modelFieldDescriptions", R"({"modelName": "Basic"})") == R"(["", ""])");
  CHECK(c.call(notetypes_actions(), "modelFieldFonts", R"({"modelName": "Basic"})") ==
        R"({"Front": {"font": "Arial", "size": 20}, "Back": {"font": "Arial", "size": 20}})");
  CHECK(c.call(notetypes_actions(), "modelFieldsOnTemplates", R"j({"modelName": "Basic (and reversed card)"})j") ==
        R"({"Card 1": [["Front"], ["Back"]], "Card 2": [["Back"], ["Front"]]})");
  CHECK(c.call(notetypes_actions(), "modelTemplates", R"j({"modelName": "Basic (and reversed card)"})j") ==
        R"({"Card 1": {"Front": "{{Front}}", "Back": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}, )"
        R"("Card 2": {"Front": "{{Back}}", "Back": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"}})");
  CHECK(c.call(notetypes_actions(), "modelStyling", R"({"modelName": "Basic"})") ==
        R"({"css": ".card {\n    font-family: arial;\n    font-size: 20px;\n    line-height: 1.5;\n    text-align: center;\n    color: black;\n    background-color: white;\n}\n"})");
  CHECK_THROWS_WITH(c.call(notetypes_actions(), "modelFieldNames", R"({"modelName": "Nope"})"),
                    "model was not found: Nope");
  CHECK_THROWS_WITH(c.call(notetypes_actions(), "modelNameFromId", R"({"modelId": 5})"), "model was not found: 5");
  CHECK_THROWS_WITH(c.call(notetypes_actions(), "findModelsById", R"({"modelIds": ["x"]})"),
                    "invalid literal for int() with base 10: 'x'");
}

TEST_CASE("findModelsByName gives the stock Basic dict in schema-11 order") {
  TestCollection c;
  std::string got = c.call(notetypes_actions(), "findModelsByName", R"({"modelNames": ["Basic"]})");
  CHECK(got.rfind(R"([{"id": )", 0) == 0);
  CHECK(got.find(R"(, "name": "Basic", "type": 0, "mod": 0, "usn": 0, "sortf": 0, "did": null, "tmpls": [{"name": "Card 1", "ord": 0, "qfmt": "{{Front}}")") != std::string::npos);
  CHECK(got.find(R"("latexPost": "\\end{document}", "latexsvg": false, "req": [[0, "any", [0]]], "originalStockKind": 1}])") != std::string::npos);
  std::string id = c.call(notetypes_actions(), "modelNamesAndIds");
  CHECK(id.rfind(R"({"Basic": )", 0) == 0);
}

TEST_CASE("styling, templates, fonts and descriptions are saved with mod/usn, reqs kept") {
  TestCollection c;
  CHECK(c.call(notetypes_actions(), "updateModelStyling", R"({"model": {"name": "Basic", "css": "p { color: blue; }"}})") == "null");
  CHECK(c.call(notetypes_actions(), "modelStyling", R"({"modelName": "Basic"})") == R"({"css": "p { color: blue; }"})");
  CHECK(c.call(notetypes_actions(), "updateModelTemplates",
               R"({"model": {"name": "Basic", "templates": {"Card 1": {"Front": "{{Back}}?", "Back": ""}}}})") == "null");
  CHECK(c.call(notetypes_actions(), "modelTemplates", R"({"modelName": "Basic"})") ==
        R"({"Card 1": {"Front": "{{Back}}?", "Back": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}})");
  std::string basic = c.call(notetypes_actions(), "findModelsByName", R"({"modelNames": ["Basic"]})");
  CHECK(basic.find(R"("mod": 1767323045, "usn": -1)") != std::string::npos);
  CHECK(basic.find(R"("req": [[0, "any", [1]]])") != std::string::npos);
  CHECK(c.call(notetypes_actions(), "modelFieldSetFont", R"({"modelName": "Basic", "fieldName": "Front", "font": "Courier"})") == "null");
  CHECK(c.call(notetypes_actions(), "modelFieldSetFontSize", R"({"modelName": "Basic", "fieldName": "Front", "fontSize": 10})") == "null");
  CHECK(c.call(notetypes_actions(), "modelFieldSetDescription", R"({"modelName": "Basic", "fieldName": "Front", "description": "d"})") == "true");
  CHECK(c.call(notetypes_actions(), "modelFieldFonts", R"({"modelName": "Basic"})") ==
        R"({"Front": {"font": "Courier", "size": 10}, "Back": {"font": "Arial", "size": 20}})");
  CHECK_THROWS_WITH(c.call(notetypes_actions(), "modelFieldSetFont", R"({"modelName": "Basic", "fieldName": "Nope", "font": 1})"),
                    "field was not found in Basic: Nope");
  CHECK_THROWS_WITH(c.call(notetypes_actions(), "modelFieldSetFont", R"({"modelName": "Basic", "fieldName": "Front", "font": 1})"),
                    "font should be a string: 1");
  CHECK_THROWS_WITH(c.call(notetypes_actions(), "modelFieldSetFontSize", R"({"modelName": "Basic", "fieldName": "Front", "fontSize": "x"})"),
                    "fontSize should be an integer: x");
  CHECK(c.sql("select name, mtime_secs, usn from notetypes not indexed where name || '' = 'Basic'") == "Basic|1767323045|-1");
  CHECK(c.check() == "ok");
}

TEST_CASE("findAndReplaceInModels and modelTemplateRename") {
  TestCollection c;
  CHECK(c.call(notetypes_actions(), "findAndReplaceInModels",
               R"({"modelName": "", "findText": "arial", "replaceText": "serif", "front": true, "back": true, "css": true})") == "6");
  CHECK(c.call(notetypes_actions(), "findAndReplaceInModels",
               R"({"modelName": "Cloze", "findText": "cloze:", "replaceText": "cloze:"})") == "1");
  CHECK(c.call(notetypes_actions(), "modelTemplateRename",
               R"({"modelName": "Basic", "oldTemplateName": "Card 1", "newTemplateName": "Card 1 renamed"})") == "null");
  CHECK_THROWS_WITH(c.call(notetypes_actions(), "modelTemplateRename",
                           R"({"modelName": "Basic", "oldTemplateName": "Card 1", "newTemplateName": "x"})"),
                    "template was not found in Basic: Card 1");
  CHECK(c.sql("select t.name from templates t not indexed join notetypes n not indexed on n.id = t.ntid where n.name || '' = 'Basic'") == "Card 1 renamed");
  CHECK(c.check() == "ok");
}

TEST_CASE("real fixture: apy collection with a custom notetype") {
  TestCollection c(kFixtures + "/apy__test_base.anki2");
  std::string names = c.call(notetypes_actions(), "modelNames");
  CHECK(names.find(R"("MyTest")") != std::string::npos);
  CHECK(c.call(notetypes_actions(), "updateModelStyling", R"({"model": {"name": "MyTest", "css": ".x{}"}})") == "null");
  CHECK(c.call(notetypes_actions(), "modelStyling", R"({"modelName": "mytest"})") == R"({"css": ".x{}"})");
  CHECK(c.check() == "ok");
}

TEST_CASE("modelFieldsOnTemplates scans stored templates linearly, as the plugin's regex reads them") {
  TestCollection c;
  CHECK(c.call(notetypes_actions(), "updateModelTemplates",
               R"({"model": {"name": "Basic", "templates": {"Card 1": {"Front": "{{Front}} {{text:Back}} {{#Front}}x{{/Front}}", "Back": "{{FrontSide}}{{Back}}{{Front}}"}}}})") == "null");
  CHECK(c.call(notetypes_actions(), "modelFieldsOnTemplates", R"({"modelName": "Basic"})") ==
        R"({"Card 1": [["Front", "Back"], []]})");
  // A long unterminated `{{` crashed std::regex's recursive matcher on every later call.
  std::string tail(200000, 'a');
  CHECK(c.call(notetypes_actions(), "updateModelTemplates",
               R"({"model": {"name": "Basic", "templates": {"Card 1": {"Front": "{{Front}}{{)" + tail + R"(", "Back": "{{Back}}"}}}})") == "null");
  CHECK(c.call(notetypes_actions(), "modelFieldsOnTemplates", R"({"modelName": "Basic"})") ==
        R"({"Card 1": [["Front"], ["Back"]]})");
}
