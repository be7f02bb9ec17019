// Test fixtures: the six stock note types of rendering.md §12 / collection-format.md §7.3–7.4
// (English names), and a helper that renders a card the way the §13 examples describe.
#pragma once

#include <string>
#include <vector>

#include "backends/native/rendering/card_render.h"

namespace ankc::native::rendering::testing {

inline const std::string kStandardCss =
    ".card {\n"
    "    font-family: arial;\n"
    "    font-size: 20px;\n"
    "    line-height: 1.5;\n"
    "    text-align: center;\n"
    "    color: black;\n"
    "    background-color: white;\n"
    "}\n";

inline const std::string kClozeCss = kStandardCss +
                                     ".cloze {\n"
                                     "    font-weight: bold;\n"
                                     "    color: blue;\n"
                                     "}\n"
                                     ".nightMode .cloze {\n"
                                     "    color: lightblue;\n"
                                     "}\n";

inline const std::string kImageOcclusionCss =
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

inline const std::string kBasicAnswer = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}";
inline const std::string kReverseAnswer = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}";

inline Notetype basic() {
  return {"Basic", NotetypeKind::kNormal, {"Front", "Back"},
          {{"Card 1", "{{Front}}", kBasicAnswer}}, kStandardCss, false};
}

inline Notetype basic_and_reversed() {
  return {"Basic (and reversed card)", NotetypeKind::kNormal, {"Front", "Back"},
          {{"Card 1", "{{Front}}", kBasicAnswer}, {"Card 2", "{{Back}}", kReverseAnswer}},
          kStandardCss, false};
}

inline Notetype basic_optional_reversed() {
  return {"Basic (optional reversed card)", NotetypeKind::kNormal,
          {"Front", "Back", "Add Reverse"},
          {{"Card 1", "{{Front}}", kBasicAnswer},
           {"Card 2", "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", kReverseAnswer}},
          kStandardCss, false};
}

inline Notetype basic_type_in() {
  return {"Basic (type in the answer)", NotetypeKind::kNormal, {"Front", "Back"},
          {{"Card 1", "{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}"}},
          kStandardCss, false};
}

inline Notetype cloze() {
  return {"Cloze", NotetypeKind::kCloze, {"Text", "Back Extra"},
          {{"Cloze", "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}"}}, kClozeCss, false};
}

inline const std::string kImageOcclusionQuestion =
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
    "    document.getElementById(\"err\").innerHTML = `Error loading image occlusion. Is your "
    "Anki version up to date?<br><br>${exc}`;\n"
    "}\n"
    "</script>\n";

inline Notetype image_occlusion() {
  return {"Image Occlusion", NotetypeKind::kCloze,
          {"Occlusion", "Image", "Header", "Back Extra", "Comments"},
          {{"Image Occlusion", kImageOcclusionQuestion,
            kImageOcclusionQuestion +
                "\n<div><button id=\"toggle\">Toggle Masks</button></div>\n"
                "{{#Back Extra}}<div>{{Back Extra}}</div>{{/Back Extra}}\n"}},
          kImageOcclusionCss, false};
}

// A one-template normal note type named "Basic" with fields Front and Back.
inline Notetype basic_with(const std::string& qfmt, const std::string& afmt = kBasicAnswer) {
  Notetype nt = basic();
  nt.templates[0].qfmt = qfmt;
  nt.templates[0].afmt = afmt;
  return nt;
}

// A cloze note type with the given question and answer templates.
inline Notetype cloze_with(const std::string& qfmt, const std::string& afmt) {
  Notetype nt = cloze();
  nt.templates[0].qfmt = qfmt;
  nt.templates[0].afmt = afmt;
  return nt;
}

// Renders card `ord` in deck "Default", unflagged.
inline RenderedCard render(const Notetype& nt, std::vector<std::string> fields,
                           std::uint16_t ord = 0, std::vector<std::string> tags = {}) {
  Note note{std::move(fields), std::move(tags)};
  Card card;
  card.id = 1700000000000;
  card.ord = ord;
  card.deck_name = "Default";
  return render_card(nt, note, card);
}

// The question/answer after the "<style>CSS</style>" prefix.
inline std::string question_body(const RenderedCard& c) { return c.question_text; }
inline std::string answer_body(const RenderedCard& c) { return c.answer_text; }

}  // namespace ankc::native::rendering::testing
