// modelTemplate*/modelField* edits on a copy of a real collection (apy's MyTest note type: fields
// FieldOne/FieldTwo/FieldThree, templates CardOne "{{FieldOne}} 1" / CardTwo "{{FieldOne}} 2",
// 6 notes with 2 cards each) and on new collections: notes, cards, graves, scm checked with sqlite3.
#include <catch2/catch.hpp>

#include "backends/action_error.h"
#include "backends/native/decks/test_support.h"
#include "backends/native/notetypes/service.h"

using ankc::native::notetypes_actions;
using ankc::native::testing::TestCollection;

namespace {

const std::string kApy = std::string(ANKC_FIXTURES) + "/apy__test_base.anki2";
const std::string kMyTest = "(select id from notetypes not indexed where name || '' = 'MyTest')";
const std::string kNow = "1767323045678";

std::string call(TestCollection& c, const std::string& action, const std::string& params) {
  return c.call(notetypes_actions(), action, params);
}

std::string templates_of(TestCollection& c, const std::string& notetype) {
  return call(c, "modelTemplates", R"({"modelName": ")" + notetype + R"("})");
}

}  // namespace

TEST_CASE("modelTemplateAdd generates the new cards of existing notes") {
  TestCollection c(kApy);
  // Q18: an existing name is changed only in the plugin's cache, nothing is saved.
  CHECK(call(c, "modelTemplateAdd", R"({"modelName": "MyTest", "template": {"Name": "CardOne", "Front": "x {{FieldTwo}}", "Back": ""}})") == "null");
  CHECK(c.sql("select mod, scm from col") == "1699655249780|1699655249776");
  CHECK_THROWS_WITH(call(c, "modelTemplateAdd", R"({"modelName": "MyTest", "template": {"Front": "", "Back": ""}})"), "'Name'");
  CHECK_THROWS_WITH(call(c, "modelTemplateAdd", R"({"modelName": "Nope", "template": {}})"), "model was not found: Nope");

  CHECK(call(c, "modelTemplateAdd", R"({"modelName": "mytest", "template": {"Name": "CardThree", "Front": "{{FieldThree}} 3", "Back": "{{FieldOne}}"}})") == "null");
  CHECK(templates_of(c, "MyTest") ==
        R"({"CardOne": {"Front": "{{FieldOne}} 1", "Back": "{{FieldTwo}}"}, "CardTwo": {"Front": "{{FieldOne}} 2", "Back": "{{FieldThree}}"}, )"
        R"("CardThree": {"Front": "{{FieldThree}} 3", "Back": "{{FieldOne}}"}})");
  // One new card per note, in the deck and at the new-queue position of the note's other cards.
  CHECK(c.sql("select count() from cards c join cards o on o.nid = c.nid and o.ord = 0 where c.ord = 2 and c.did = o.did "
              "and c.due = o.due and c.type = 0 and c.queue = 0 and c.mod = 1767323045 and c.usn = -1 and c.nid in "
              "(select id from notes where mid = " + kMyTest + ")") == "6");
  CHECK(c.sql("select count() from cards") == "61");
  CHECK(c.sql("select cast(val as text) from config where key = 'nextPos'") == "68");
  CHECK(c.sql("select mod, scm from col") == kNow + "|" + kNow);
  CHECK(call(c, "findModelsByName", R"({"modelNames": ["MyTest"]})").find(R"("req": [[0, "any", [0]], [1, "any", [0]], [2, "any", [2]]])") != std::string::npos);
  CHECK(c.check() == "ok");
}

TEST_CASE("modelTemplateRemove deletes the template's cards with graves and renumbers the rest") {
  TestCollection c(kApy);
  std::string ord1_before = c.sql("select group_concat(id) from (select id from cards where ord = 1 and nid in (select id from notes where mid = " + kMyTest + ") order by id)");
  std::string ord0_before = c.sql("select group_concat(id) from (select id from cards where ord = 0 and nid in (select id from notes where mid = " + kMyTest + ") order by id)");
  CHECK_THROWS_WITH(call(c, "modelTemplateRemove", R"({"modelName": "Basic", "templateName": "Card 1"})"), "must have 1 template");
  CHECK_THROWS_WITH(call(c, "modelTemplateRemove", R"({"modelName": "MyTest", "templateName": "cardone"})"),
                    "template was not found in MyTest: cardone");
  CHECK(call(c, "modelTemplateRemove", R"({"modelName": "MyTest", "templateName": "CardOne"})") == "null");
  CHECK(templates_of(c, "MyTest") == R"({"CardTwo": {"Front": "{{FieldOne}} 2", "Back": "{{FieldThree}}"}})");
  CHECK(c.sql("select group_concat(id) from (select id from cards where ord = 0 and mod = 1767323045 and usn = -1 and nid in (select id from notes where mid = " + kMyTest + ") order by id)") == ord1_before);
  CHECK(c.sql("select count() from cards where ord = 1 and nid in (select id from notes where mid = " + kMyTest + ")") == "0");
  CHECK(c.sql("select count() from graves where type = 0 and usn = -1 and oid in (" + ord0_before + ")") == "6");
  CHECK(c.sql("select count() from cards where id in (" + ord0_before + ")") == "0");
  CHECK(c.sql("select mod, scm from col") == kNow + "|" + kNow);
  CHECK(c.check() == "ok");
}

TEST_CASE("modelTemplateReposition swaps card ords; a no-op move is no schema change") {
  TestCollection c(kApy);
  std::string ord1_before = c.sql("select group_concat(id) from (select id from cards where ord = 1 and nid in (select id from notes where mid = " + kMyTest + ") order by id)");
  // list.insert(-1) after removing the first of two: back in place.
  CHECK(call(c, "modelTemplateReposition", R"({"modelName": "MyTest", "templateName": "CardOne", "index": -1})") == "null");
  CHECK(c.sql("select scm from col") == "1699655249776");
  CHECK_THROWS_WITH(call(c, "modelTemplateReposition", R"({"modelName": "MyTest", "templateName": "CardOne", "index": "1"})"),
                    "'str' object cannot be interpreted as an integer");
  CHECK(call(c, "modelTemplateReposition", R"({"modelName": "MyTest", "templateName": "CardTwo", "index": 0})") == "null");
  CHECK(templates_of(c, "MyTest") ==
        R"({"CardTwo": {"Front": "{{FieldOne}} 2", "Back": "{{FieldThree}}"}, "CardOne": {"Front": "{{FieldOne}} 1", "Back": "{{FieldTwo}}"}})");
  CHECK(c.sql("select group_concat(id) from (select id from cards where ord = 0 and nid in (select id from notes where mid = " + kMyTest + ") order by id)") == ord1_before);
  CHECK(c.sql("select count() from cards where mod = 1767323045") == "12");
  CHECK(c.sql("select scm from col") == kNow);
  CHECK(c.check() == "ok");
}

TEST_CASE("modelFieldRename rewrites templates as Anki does, notes untouched") {
  TestCollection c(kApy);
  CHECK(call(c, "modelFieldRename", R"({"modelName": "MyTest", "oldFieldName": "FieldOne", "newFieldName": "F1"})") == "null");
  CHECK(templates_of(c, "MyTest") ==
        R"({"CardOne": {"Front": "{{F1}} 1", "Back": "{{FieldTwo}}"}, "CardTwo": {"Front": "{{F1}} 2", "Back": "{{FieldThree}}"}})");
  CHECK(c.sql("select count() from notes where mod = 1767323045") == "0");
  CHECK(c.sql("select mod, scm from col") == kNow + "|1699655249776");
  CHECK_THROWS_WITH(call(c, "modelFieldRename", R"({"modelName": "MyTest", "oldFieldName": "FieldOne", "newFieldName": "x"})"),
                    "field was not found in MyTest: FieldOne");
  CHECK(c.check() == "ok");
}

TEST_CASE("modelFieldRename: sections, filters, comments, cloze, clashes; reqs stay as Anki leaves them") {
  TestCollection c;
  CHECK(call(c, "updateModelTemplates", R"({"model": {"name": "Basic", "templates": {"Card 1": {"Front": "{{#Front}}{{text:Front}}{{/Front}}{{^Back}}-{{/Back}}<!--{{Front}}-->{{ Front }}"}}}})") == "null");
  CHECK(call(c, "modelFieldRename", R"({"modelName": "Basic", "oldFieldName": "Front", "newFieldName": "Q"})") == "null");
  CHECK(templates_of(c, "Basic") ==
        R"({"Card 1": {"Front": "{{#Q}}{{text:Q}}{{/Q}}{{^Back}}-{{/Back}}<!--{{Front}}-->{{Q}}", "Back": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}})");
  // Anki computes req from the templates before rewriting them: the renamed field is unknown there.
  CHECK(call(c, "findModelsByName", R"({"modelNames": ["Basic"]})").find(R"("req": [[0, "none", []]])") != std::string::npos);
  // Anki 25.09 also rewrites the (empty) browser formats: an empty front gets the first field.
  CHECK(call(c, "findModelsByName", R"({"modelNames": ["Basic"]})").find(R"("bqfmt": "{{Q}}", "bafmt": "", )") != std::string::npos);
  CHECK(call(c, "modelFieldRename", R"({"modelName": "Basic", "oldFieldName": "Q", "newFieldName": "back"})") == "null");
  CHECK(call(c, "modelFieldNames", R"({"modelName": "Basic"})") == R"(["back", "Back+"])");
  CHECK(templates_of(c, "Basic") ==
        R"({"Card 1": {"Front": "{{#back}}{{text:back}}{{/back}}{{^Back+}}-{{/Back+}}<!--{{Front}}-->{{back}}", "Back": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back+}}"}})");
  CHECK(call(c, "modelFieldRename", R"({"modelName": "Cloze", "oldFieldName": "Text", "newFieldName": "T"})") == "null");
  CHECK(templates_of(c, "Cloze") == R"({"Cloze": {"Front": "{{cloze:T}}", "Back": "{{cloze:T}}<br>\n{{Back Extra}}"}})");
  CHECK(c.check() == "ok");
}

TEST_CASE("modelFieldReposition reorders every note's fields; sort field follows its field") {
  TestCollection c(kApy);
  CHECK(call(c, "modelFieldReposition", R"({"modelName": "MyTest", "fieldName": "FieldThree", "index": 0})") == "null");
  CHECK(call(c, "modelFieldNames", R"({"modelName": "MyTest"})") == R"(["FieldThree", "FieldOne", "FieldTwo"])");
  CHECK(call(c, "findModelsByName", R"({"modelNames": ["MyTest"]})").find(R"("sortf": 1, )") != std::string::npos);
  CHECK(c.sql("select replace(flds, char(31), '|'), sfld, csum, mod, usn from notes where id = 1562885862764") ==
        "FeltTre|FeltEn|FeltTo|FeltEn|3967555706|1767323045|-1");
  CHECK(c.sql("select count() from notes where mod = 1767323045") == "6");
  CHECK(c.sql("select scm from col") == kNow);
  CHECK(c.check() == "ok");
}

TEST_CASE("modelFieldAdd appends or inserts an empty field in every note") {
  TestCollection c(kApy);
  CHECK(call(c, "modelFieldAdd", R"({"modelName": "MyTest", "fieldName": "Extra", "index": 1})") == "null");
  CHECK(c.sql("select replace(flds, char(31), '|') from notes where id = 1562885862764") == "FeltEn||FeltTo|FeltTre");
  CHECK(call(c, "modelFieldAdd", R"({"modelName": "MyTest", "fieldName": "Extra", "index": 0})") == "null");
  CHECK(call(c, "modelFieldAdd", R"({"modelName": "MyTest", "fieldName": "Last"})") == "null");
  CHECK(call(c, "modelFieldNames", R"({"modelName": "MyTest"})") == R"(["Extra", "FieldOne", "FieldTwo", "FieldThree", "Last"])");
  CHECK(c.sql("select replace(flds, char(31), '|'), sfld, csum from notes where id = 1562885862764") == "|FeltEn|FeltTo|FeltTre||FeltEn|3661210606");
  CHECK(c.sql("select scm from col") == kNow);
  CHECK_THROWS_WITH(call(c, "modelFieldAdd", R"({"modelName": "MyTest", "fieldName": ""})"), "Empty field name");
  CHECK(c.check() == "ok");
}

TEST_CASE("modelFieldRemove drops the field from notes and templates") {
  TestCollection c(kApy);
  CHECK(call(c, "modelFieldRemove", R"({"modelName": "MyTest", "fieldName": "FieldOne"})") == "null");
  // A front left without any field gets the first remaining field appended.
  CHECK(templates_of(c, "MyTest") ==
        R"({"CardOne": {"Front": " 1{{FieldTwo}}", "Back": "{{FieldTwo}}"}, "CardTwo": {"Front": " 2{{FieldTwo}}", "Back": "{{FieldThree}}"}})");
  CHECK(c.sql("select replace(flds, char(31), '|'), sfld, csum, mod, usn from notes where id = 1562885862764") ==
        "FeltTo|FeltTre|FeltTo|1220223131|1767323045|-1");
  CHECK(c.sql("select count() from cards where nid in (select id from notes where mid = " + kMyTest + ")") == "12");
  CHECK(c.sql("select scm from col") == kNow);
  CHECK(call(c, "modelFieldRemove", R"({"modelName": "MyTest", "fieldName": "FieldTwo"})") == "null");
  CHECK_THROWS_WITH(call(c, "modelFieldRemove", R"({"modelName": "MyTest", "fieldName": "FieldThree"})"), "1 field required");
  CHECK(call(c, "modelFieldNames", R"({"modelName": "MyTest"})") == R"(["FieldThree"])");
  CHECK(c.sql("select flds, sfld from notes where id = 1562885862764") == "FeltTre|FeltTre");
  CHECK(c.check() == "ok");
}

TEST_CASE("updateModelTemplates validates and generates cards for changed fronts") {
  TestCollection c(kApy);
  const std::string fsi = "\u2068", pdi = "\u2069";
  CHECK_THROWS_WITH(call(c, "updateModelTemplates", R"({"model": {"name": "MyTest", "templates": {"CardTwo": {"Front": "{{FieldOne}} 1"}}}})"),
                    "Card template " + fsi + "2" + pdi + " in note type '" + fsi + "MyTest" + pdi +
                        "' has a problem.<br>The front side is identical to card template " + fsi + "1" + pdi + ".");
  CHECK(c.sql("select mod from col") == "1699655249780");
  CHECK(c.check() == "ok");
}

TEST_CASE("a second template on Basic gives a card to every note whose new front renders") {
  TestCollection c(kApy);
  const std::string basic = "(select id from notetypes not indexed where name || '' = 'Basic')";
  // Expected independently: notes of Basic whose Back has non-blank text.
  std::string expected = c.sql("select count() from notes where mid = " + basic +
                               " and trim(substr(flds, instr(flds, char(31)) + 1)) != ''");
  CHECK(expected == "41");
  CHECK(call(c, "modelTemplateAdd", R"({"modelName": "Basic", "template": {"Name": "Card 2", "Front": "{{Back}}", "Back": "{{Front}}"}})") == "null");
  CHECK(c.sql("select count() from cards c join cards o on o.nid = c.nid and o.ord = 0 where c.ord = 1 and c.did = o.did "
              "and c.due = o.due and c.mod = 1767323045 and c.usn = -1 and c.nid in (select id from notes where mid = " +
              basic + ")") == expected);
  // The reverse template moved to the front: ords swap, nothing is generated twice.
  CHECK(call(c, "modelTemplateReposition", R"({"modelName": "Basic", "templateName": "Card 2", "index": 0})") == "null");
  CHECK(c.sql("select count() from cards where ord = 0 and nid in (select id from notes where mid = " + basic + ")") == expected);
  CHECK(c.sql("select count() from cards where nid in (select id from notes where mid = " + basic + ")") == "84");
  CHECK(c.check() == "ok");
}

TEST_CASE("createModel and edits on Anki 25.x collections pass the checker") {
  for (const char* fixture : {"yanki-connect__yanki-tests.anki2", "headless-anki__User_1.anki2"}) {
    INFO(fixture);
    TestCollection c(std::string(ANKC_FIXTURES) + "/" + fixture);
    std::string created = call(c, "createModel", R"({"modelName": "Vocab", "inOrderFields": ["Word", "Meaning", "Note"],
        "cardTemplates": [{"Front": "{{Word}}", "Back": "{{Meaning}}"}, {"Name": "Reverse", "Front": "{{Meaning}}", "Back": "{{Word}}"}]})");
    CHECK(created.find(R"("req": [[0, "any", [0]], [1, "any", [1]]], "originalStockKind": 1})") != std::string::npos);
    CHECK(call(c, "modelFieldAdd", R"({"modelName": "Vocab", "fieldName": "Audio", "index": -1})") == "null");
    CHECK(call(c, "modelFieldNames", R"({"modelName": "Vocab"})") == R"(["Word", "Meaning", "Audio", "Note"])");
    CHECK(call(c, "modelFieldRename", R"({"modelName": "Vocab", "oldFieldName": "Word", "newFieldName": "Term"})") == "null");
    CHECK(call(c, "modelTemplateReposition", R"({"modelName": "Vocab", "templateName": "Reverse", "index": 0})") == "null");
    CHECK(call(c, "modelFieldRemove", R"({"modelName": "Vocab", "fieldName": "Note"})") == "null");
    CHECK(call(c, "modelTemplateRemove", R"({"modelName": "Vocab", "templateName": "Card 1"})") == "null");
    CHECK(templates_of(c, "Vocab") == R"({"Reverse": {"Front": "{{Meaning}}", "Back": "{{Term}}"}})");
    CHECK(c.check() == "ok");
  }
}
