// createModel and the template checks of api spec §4.2, on new collections; responses as bytes.
#include <catch2/catch.hpp>

#include <regex>

#include "backends/action_error.h"
#include "backends/native/decks/test_support.h"
#include "backends/native/notetypes/service.h"

using ankc::native::notetypes_actions;
using ankc::native::testing::TestCollection;

namespace {

// Field and template ids are random: replaced by 0 so the rest compares as bytes.
std::string without_random_ids(const std::string& s) {
  static const std::regex kId(R"("id": -?\d+, "tag")");
  static const std::regex kTmplId(R"("bsize": 0, "id": -?\d+)");
  return std::regex_replace(std::regex_replace(s, kId, R"("id": 0, "tag")"), kTmplId, R"("bsize": 0, "id": 0)");
}

std::string create(TestCollection& c, const std::string& params) {
  return c.call(notetypes_actions(), "createModel", params);
}

}  // namespace

TEST_CASE("createModel returns the stored legacy dict") {
  TestCollection c;
  std::string got = create(c, R"({"modelName": "newModelName", "inOrderFields": ["Field1", "Field2", "Field3"],
      "css": "Optional CSS with default to builtin css", "isCloze": false,
      "cardTemplates": [{"Name": "My Card 1", "Front": "Front html {{Field1}}", "Back": "Back html  {{Field2}}"}]})");
  CHECK(without_random_ids(got) ==
        R"({"id": 1767323045684, "name": "newModelName", "type": 0, "mod": 1767323045, "usn": -1, "sortf": 0, "did": null, )"
        R"("tmpls": [{"name": "My Card 1", "ord": 0, "qfmt": "Front html {{Field1}}", "afmt": "Back html  {{Field2}}", )"
        R"("bqfmt": "", "bafmt": "", "did": null, "bfont": "", "bsize": 0, "id": 0}], )"
        R"("flds": [{"name": "Field1", "ord": 0, "sticky": false, "rtl": false, "font": "Arial", "size": 20, "description": "", )"
        R"("plainText": false, "collapsed": false, "excludeFromSearch": false, "id": 0, "tag": null, "preventDeletion": false}, )"
        R"({"name": "Field2", "ord": 1, "sticky": false, "rtl": false, "font": "Arial", "size": 20, "description": "", )"
        R"("plainText": false, "collapsed": false, "excludeFromSearch": false, "id": 0, "tag": null, "preventDeletion": false}, )"
        R"({"name": "Field3", "ord": 2, "sticky": false, "rtl": false, "font": "Arial", "size": 20, "description": "", )"
        R"("plainText": false, "collapsed": false, "excludeFromSearch": false, "id": 0, "tag": null, "preventDeletion": false}], )"
        R"("css": "Optional CSS with default to builtin css", )"
        R"("latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n", )"
        R"("latexPost": "\\end{document}", "latexsvg": false, "req": [[0, "any", [0]]], "originalStockKind": 1})");
  // The same dict is what findModelsByName returns afterwards, and the note type is now current.
  CHECK(c.call(notetypes_actions(), "findModelsByName", R"({"modelNames": ["newmodelname"]})") == "[" + got + "]");
  // Ids are max(now, max(id) + 1): the stock note types were made at the same fixed "now".
  CHECK(c.sql("select cast(val as text), usn from config where key = 'curModel'") == "1767323045684|-1");
  CHECK(c.sql("select ord, name from fields where ntid = 1767323045684 order by ord") == "0|Field1\n1|Field2\n2|Field3");
  CHECK(c.check() == "ok");
}

TEST_CASE("createModel: defaults, cloze, names") {
  TestCollection c;
  std::string cloze = create(c, R"({"modelName": "MyCloze", "inOrderFields": ["Text", "Extra"], "isCloze": true,
      "cardTemplates": [{"Front": "{{cloze:Text}}", "Back": "{{cloze:Text}}<br>{{Extra}}"}]})");
  CHECK(cloze.find(R"("name": "MyCloze", "type": 1, )") != std::string::npos);
  CHECK(cloze.find(R"("tmpls": [{"name": "Card 1", "ord": 0, )") != std::string::npos);
  CHECK(cloze.find(R"("css": ".card {\n    font-family: arial;)") != std::string::npos);  // basic CSS kept
  CHECK(cloze.find(R"("req": [[0, "any", [0]]], "originalStockKind": 1})") != std::string::npos);
  // Q19: a name differing only in case gets "-" + sha1(str(time.time()))[:5]: sha1("1767323045.678") = 5891c…
  std::string clash = create(c, R"({"modelName": "basic", "inOrderFields": ["A"],
      "cardTemplates": [{"Front": "{{A}}", "Back": ""}, {"Front": "{{A}}<br>{{Card}}", "Back": ""}]})");
  CHECK(clash.find(R"("name": "basic-5891c", )") != std::string::npos);
  CHECK(clash.find(R"({"name": "Card 2", "ord": 1, "qfmt": "{{A}}<br>{{Card}}")") != std::string::npos);
  // Names are fixed as Anki fixes them: quotes removed, field names trimmed, duplicates get '+'.
  std::string fixed = create(c, R"({"modelName": "Q\"uote", "inOrderFields": [" #Fi:eld ", "field"],
      "cardTemplates": [{"Name": "T", "Front": "{{Field}}", "Back": ""}, {"Name": "t", "Front": "{{field+}}", "Back": ""}]})");
  CHECK(fixed.find(R"("name": "Quote", )") != std::string::npos);
  CHECK(fixed.find(R"({"name": "Field", "ord": 0)") != std::string::npos);
  CHECK(fixed.find(R"({"name": "field+", "ord": 1)") != std::string::npos);
  CHECK(fixed.find(R"({"name": "t+", "ord": 1)") != std::string::npos);
  CHECK(c.call(notetypes_actions(), "modelNames") ==
        R"j(["Basic", "Basic (and reversed card)", "Basic (optional reversed card)", "Basic (type in the answer)", )j"
        R"j("basic-5891c", "Cloze", "Image Occlusion", "MyCloze", "Quote"])j");
  CHECK(c.check() == "ok");
}

TEST_CASE("createModel errors") {
  TestCollection c;
  const std::string fsi = "\u2068", pdi = "\u2069";
  CHECK_THROWS_WITH(create(c, R"({"modelName": "X", "inOrderFields": [], "cardTemplates": []})"),
                    "Must provide at least one field for inOrderFields");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "X", "inOrderFields": ["A"], "cardTemplates": []})"),
                    "Must provide at least one card for cardTemplates");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "Basic", "inOrderFields": ["A"], "cardTemplates": [{"Front": "{{A}}", "Back": ""}]})"),
                    "Model name already exists");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "X", "inOrderFields": ["A"], "cardTemplates": [{"Back": ""}]})"), "'Front'");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "X", "inOrderFields": ["A"], "cardTemplates": [{"Front": "{{A}}"}]})"), "'Back'");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "X", "inOrderFields": ["A"], "cardTemplates": [{"Front": "{{A}}", "Back": ""}, {"Front": "{{A}}", "Back": "x"}]})"),
                    "Card template " + fsi + "2" + pdi + " in note type '" + fsi + "X" + pdi +
                        "' has a problem.<br>The front side is identical to card template " + fsi + "1" + pdi + ".");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "X", "inOrderFields": ["A"], "cardTemplates": [{"Front": "hello {{Tags}}", "Back": ""}, {"Front": "no field", "Back": ""}]})"),
                    "Card template " + fsi + "2" + pdi + " in note type '" + fsi + "X" + pdi +
                        "' has a problem.<br>Expected to find a field replacement on the front of the card template.");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "X", "inOrderFields": ["A"], "cardTemplates": [{"Front": "{{A}}", "Back": "{{#A}}{{text:Nope}}{{/A}}"}]})"),
                    "Card template " + fsi + "1" + pdi + " in note type '" + fsi + "X" + pdi +
                        "' has a problem.<br>Field '" + fsi + "Nope" + pdi + "' not found.");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "X", "inOrderFields": ["A"], "cardTemplates": [{"Front": "{{#A}}", "Back": ""}]})"),
                    "Card template " + fsi + "1" + pdi + " in note type '" + fsi + "X" + pdi +
                        "' has a problem.<br>See the preview for more information.");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "X", "inOrderFields": ["Text"], "isCloze": true, "cardTemplates": [{"Front": "{{cloze:Text}}", "Back": "{{Text}}"}]})"),
                    "Card template " + fsi + "1" + pdi + " in note type '" + fsi + "X" + pdi +
                        "' has a problem.<br>Expected to find '{{cloze:Text}}' or similar on the front and back of the card template.");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "X", "inOrderFields": [""], "cardTemplates": [{"Front": "{{A}}", "Back": ""}]})"),
                    "Empty field name");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "X", "inOrderFields": ["#:"], "cardTemplates": [{"Front": "{{A}}", "Back": ""}]})"),
                    "Field name: #");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "\"", "inOrderFields": ["A"], "cardTemplates": [{"Front": "{{A}}", "Back": ""}]})"),
                    "Empty notetype name");
  CHECK_THROWS_WITH(create(c, R"({"modelName": "X", "inOrderFields": ["A"], "cardTemplates": [{"Name": "", "Front": "{{A}}", "Back": ""}]})"),
                    "Empty template name");
  // Nothing was written by the failures.
  CHECK(c.sql("select count() from notetypes") == "6");
  CHECK(c.check() == "ok");
}
