#include <catch2/catch.hpp>

#include "backends/native/notetypes/schema11.h"
#include "compat/pyjson.h"

using namespace ankc::native;

namespace {

const char* const kCss =
    ".card {\n    font-family: arial;\n    font-size: 20px;\n    line-height: 1.5;\n    text-align: center;\n"
    "    color: black;\n    background-color: white;\n}\n";
const char* const kLatexPre =
    "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n"
    "\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n";

NoteField field(const char* name, uint32_t ord, int64_t id) {
  NoteField f;
  f.name = name;
  f.ord = ord;
  f.id = id;
  return f;
}

}  // namespace

TEST_CASE("stock Basic matches the findModelsByName example byte for byte") {
  Notetype nt;
  nt.id = NotetypeId{1704387367119};
  nt.name = "Basic";
  nt.mtime = TimestampSecs{1704387367};
  nt.usn = Usn{-1};
  CardTemplate t;
  t.name = "Card 1";
  t.ord = 0;
  t.q_format = "{{Front}}";
  t.a_format = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}";
  t.id = 9176047152973362695;
  nt.templates.push_back(t);
  nt.fields.push_back(field("Front", 0, 2453723143453745216));
  nt.fields.push_back(field("Back", 1, -4853200230425436781));
  nt.css = kCss;
  nt.latex_pre = kLatexPre;
  nt.latex_post = "\\end{document}";
  nt.reqs.push_back(CardRequirement{0, CardRequirement::Kind::Any, {0}});
  nt.original_stock_kind = 1;
  std::string got = ankc::pyjson::dumps(notetype_to_schema11(nt));
  std::string expected =
      R"({"id": 1704387367119, "name": "Basic", "type": 0, "mod": 1704387367, "usn": -1, "sortf": 0, "did": null, )"
      R"("tmpls": [{"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}", )"
      R"("bqfmt": "", "bafmt": "", "did": null, "bfont": "", "bsize": 0, "id": 9176047152973362695}], )"
      R"("flds": [{"name": "Front", "ord": 0, "sticky": false, "rtl": false, "font": "Arial", "size": 20, )"
      R"("description": "", "plainText": false, "collapsed": false, "excludeFromSearch": false, )"
      R"("id": 2453723143453745216, "tag": null, "preventDeletion": false}, {"name": "Back", "ord": 1, )"
      R"("sticky": false, "rtl": false, "font": "Arial", "size": 20, "description": "", "plainText": false, )"
      R"("collapsed": false, "excludeFromSearch": false, "id": -4853200230425436781, "tag": null, )"
      R"("preventDeletion": false}], "css": ".card {\n    font-family: arial;\n    font-size: 20px;\n    )"
      R"(line-height: 1.5;\n    text-align: center;\n    color: black;\n    background-color: white;\n}\n", )"
      R"("latexPre": "\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n)"
      R"(\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n", )"
      R"("latexPost": "\\end{document}", "latexsvg": false, "req": [[0, "any", [0]]], "originalStockKind": 1})";
  CHECK(got == expected);
}

TEST_CASE("optional keys: originalStockKind omitted when 0, originalId and did when set, extras last") {
  Notetype nt;
  nt.name = "X";
  nt.kind = NotetypeKind::Cloze;
  nt.target_deck_id_unused = 42;
  nt.original_id = 7;
  nt.other = R"({"vers":[],"id":3,"tags":["a"]})";
  NoteField f = field("Text", 0, 1);
  f.tag = 0;
  f.prevent_deletion = true;
  nt.fields.push_back(f);
  nt.reqs.push_back(CardRequirement{0, CardRequirement::Kind::All, {0, 2}});
  std::string got = ankc::pyjson::dumps(notetype_to_schema11(nt));
  CHECK(got.find(R"("type": 1, )") != std::string::npos);
  CHECK(got.find(R"("did": 42, "tmpls": [])") != std::string::npos);
  CHECK(got.find(R"("tag": 0, "preventDeletion": true})") != std::string::npos);
  CHECK(got.find(R"("req": [[0, "all", [0, 2]]], "originalId": 7, "vers": [], "tags": ["a"]})") !=
        std::string::npos);
}

TEST_CASE("template did is null unless positive; bsize truncates to a byte") {
  CardTemplate t;
  t.name = "T";
  t.target_deck_id = -5;
  t.browser_font_size = 300;
  std::string got = ankc::pyjson::dumps(template_to_schema11(t));
  CHECK(got == R"({"name": "T", "ord": null, "qfmt": "", "afmt": "", "bqfmt": "", "bafmt": "", "did": null, )"
               R"("bfont": "", "bsize": 44, "id": null})");
}
