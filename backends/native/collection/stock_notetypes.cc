#include "backends/native/collection/stock_notetypes.h"

namespace ankc::native {

const char* const kStandardCss =
    ".card {\n"
    "    font-family: arial;\n"
    "    font-size: 20px;\n"
    "    line-height: 1.5;\n"
    "    text-align: center;\n"
    "    color: black;\n"
    "    background-color: white;\n"
    "}\n";

const char* const kClozeCss =
    ".card {\n"
    "    font-family: arial;\n"
    "    font-size: 20px;\n"
    "    line-height: 1.5;\n"
    "    text-align: center;\n"
    "    color: black;\n"
    "    background-color: white;\n"
    "}\n"
    ".cloze {\n"
    "    font-weight: bold;\n"
    "    color: blue;\n"
    "}\n"
    ".nightMode .cloze {\n"
    "    color: lightblue;\n"
    "}\n";

const char* const kImageOcclusionCss =
    "#image-occlusion-canvas {\n"
    "    --inactive-shape-color: #ffeba2;\n"
    "    --active-shape-color: #ff8e8e;\n"
    "    --inactive-shape-border: 1px #212121;\n"
    "    --active-shape-border: 1px #212121;\n"
    "    --highlight-shape-color: #ff8e8e00;\n"
    "    --highlight-shape-border: 1px #ff8e8e;\n"
    "}\n"
    "\n"
    ".card {\n"
    "    font-family: arial;\n"
    "    font-size: 20px;\n"
    "    text-align: center;\n"
    "    color: black;\n"
    "    background-color: white;\n"
    "}\n";

const char* const kLatexPre =
    "\\documentclass[12pt]{article}\n"
    "\\special{papersize=3in,5in}\n"
    "\\usepackage[utf8]{inputenc}\n"
    "\\usepackage{amssymb,amsmath}\n"
    "\\pagestyle{empty}\n"
    "\\setlength{\\parindent}{0in}\n"
    "\\begin{document}\n";

const char* const kLatexPost = "\\end{document}";

namespace {

using Kind = pb::NotetypeConfig::OriginalStockKind;

const char* const kIoFront =
    "{{#Header}}<div>{{Header}}</div>{{/Header}}\n"
    "<div style=\"display: none\">{{cloze:Occlusion}}</div>\n"
    "<div id=\"err\"></div>\n"
    "<div id=\"image-occlusion-container\">\n"
    "    {{Image}}\n"
    "    <canvas id=\"image-occlusion-canvas\"></canvas>\n"
    "</div>\n"
    "<script>\n"
    "try {\n"
    "    anki.imageOcclusion.setup();\n"
    "} catch (exc) {\n"
    "    document.getElementById(\"err\").innerHTML = `Error loading image occlusion. Is your Anki version up to "
    "date?<br><br>${exc}`;\n"
    "}\n"
    "</script>\n";

const char* const kIoBackSuffix =
    "\n"
    "<div><button id=\"toggle\">Toggle Masks</button></div>\n"
    "{{#Back Extra}}<div>{{Back Extra}}</div>{{/Back Extra}}\n";

const char* const kBasicBack = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}";
const char* const kReversedBack = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}";

int64_t random_id(Random& random) { return static_cast<int64_t>(random.next_u64()); }

StockNotetype base(const std::string& name, Kind kind, StockKindNumbering numbering) {
  StockNotetype nt;
  nt.name = name;
  nt.config.set_css(kStandardCss);
  nt.config.set_latex_pre(kLatexPre);
  nt.config.set_latex_post(kLatexPost);
  Kind stored = kind;
  if (numbering == StockKindNumbering::kAnki2509) {
    // 2.1.62 .. 25.09.x stored the kind of the previous list entry for types 2-4.
    if (kind == pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_AND_REVERSED) stored = pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC;
    if (kind == pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_OPTIONAL_REVERSED) stored = pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_AND_REVERSED;
    if (kind == pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_TYPING) stored = pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_OPTIONAL_REVERSED;
  }
  nt.config.set_original_stock_kind(stored);
  return nt;
}

void add_field(StockNotetype& nt, Random& random, const std::string& name) {
  nt.fields.push_back({name, new_field_config(random)});
}

void add_special_field(StockNotetype& nt, Random& random, const std::string& name, uint32_t tag, bool prevent) {
  StockField f{name, new_field_config(random)};
  f.config.set_tag(tag);
  f.config.set_prevent_deletion(prevent);
  nt.fields.push_back(f);
}

void add_template(StockNotetype& nt, Random& random, const std::string& name, const std::string& q,
                  const std::string& a) {
  nt.templates.push_back({name, new_template_config(random, q, a)});
}

void add_req(StockNotetype& nt, uint32_t card_ord, pb::CardRequirement::Kind kind, std::initializer_list<uint32_t> fields) {
  pb::CardRequirement* r = nt.config.add_reqs();
  r->set_card_ord(card_ord);
  r->set_kind(kind);
  for (uint32_t f : fields) r->add_field_ords(f);
}

}  // namespace

pb::FieldConfig new_field_config(Random& random) {
  pb::FieldConfig c;
  c.set_font_name("Arial");
  c.set_font_size(20);
  c.set_id(random_id(random));
  return c;
}

pb::TemplateConfig new_template_config(Random& random, const std::string& qfmt, const std::string& afmt) {
  pb::TemplateConfig c;
  c.set_q_format(qfmt);
  c.set_a_format(afmt);
  c.set_id(random_id(random));
  return c;
}

StockNotetype stock_notetype(Kind kind, Random& random, StockKindNumbering numbering) {
  const auto kAny = pb::CardRequirement::KIND_ANY;
  switch (kind) {
    case pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_AND_REVERSED: {
      StockNotetype nt = base("Basic (and reversed card)", kind, numbering);
      add_field(nt, random, "Front");
      add_field(nt, random, "Back");
      add_template(nt, random, "Card 1", "{{Front}}", kBasicBack);
      add_template(nt, random, "Card 2", "{{Back}}", kReversedBack);
      add_req(nt, 0, kAny, {0});
      add_req(nt, 1, kAny, {1});
      return nt;
    }
    case pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_OPTIONAL_REVERSED: {
      StockNotetype nt = base("Basic (optional reversed card)", kind, numbering);
      add_field(nt, random, "Front");
      add_field(nt, random, "Back");
      add_field(nt, random, "Add Reverse");
      add_template(nt, random, "Card 1", "{{Front}}", kBasicBack);
      add_template(nt, random, "Card 2", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", kReversedBack);
      add_req(nt, 0, kAny, {0});
      add_req(nt, 1, pb::CardRequirement::KIND_ALL, {1, 2});
      return nt;
    }
    case pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_TYPING: {
      StockNotetype nt = base("Basic (type in the answer)", kind, numbering);
      add_field(nt, random, "Front");
      add_field(nt, random, "Back");
      add_template(nt, random, "Card 1", "{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}");
      add_req(nt, 0, kAny, {0, 1});
      return nt;
    }
    case pb::NotetypeConfig::ORIGINAL_STOCK_KIND_CLOZE: {
      StockNotetype nt = base("Cloze", kind, numbering);
      nt.config.set_kind(pb::NotetypeConfig::KIND_CLOZE);
      nt.config.set_css(kClozeCss);
      add_special_field(nt, random, "Text", 0, true);
      add_special_field(nt, random, "Back Extra", 1, false);
      add_template(nt, random, "Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}");
      add_req(nt, 0, kAny, {0});
      return nt;
    }
    case pb::NotetypeConfig::ORIGINAL_STOCK_KIND_IMAGE_OCCLUSION: {
      StockNotetype nt = base("Image Occlusion", kind, numbering);
      nt.config.set_kind(pb::NotetypeConfig::KIND_CLOZE);
      nt.config.set_css(kImageOcclusionCss);
      add_special_field(nt, random, "Occlusion", 0, true);
      add_special_field(nt, random, "Image", 1, true);
      add_special_field(nt, random, "Header", 2, true);
      add_special_field(nt, random, "Back Extra", 3, true);
      add_special_field(nt, random, "Comments", 4, false);
      add_template(nt, random, "Image Occlusion", kIoFront, std::string(kIoFront) + kIoBackSuffix);
      add_req(nt, 0, kAny, {0, 1, 2});
      return nt;
    }
    default: {
      StockNotetype nt = base("Basic", pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC, numbering);
      add_field(nt, random, "Front");
      add_field(nt, random, "Back");
      add_template(nt, random, "Card 1", "{{Front}}", kBasicBack);
      add_req(nt, 0, kAny, {0});
      return nt;
    }
  }
}

std::vector<StockNotetype> stock_notetypes(Random& random, StockKindNumbering numbering) {
  std::vector<StockNotetype> all;
  for (Kind k : {pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC, pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_AND_REVERSED,
                 pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_OPTIONAL_REVERSED,
                 pb::NotetypeConfig::ORIGINAL_STOCK_KIND_BASIC_TYPING, pb::NotetypeConfig::ORIGINAL_STOCK_KIND_CLOZE,
                 pb::NotetypeConfig::ORIGINAL_STOCK_KIND_IMAGE_OCCLUSION})
    all.push_back(stock_notetype(k, random, numbering));
  return all;
}

}  // namespace ankc::native
