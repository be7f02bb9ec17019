// cardsInfo question/answer: the worked examples of rendering.md §13 and the stock note types.
#include <catch2/catch.hpp>

#include "backends/native/rendering/card_render.h"
#include "backends/native/rendering/stock_notetypes_test.h"

using namespace ankc::native::rendering;
using namespace ankc::native::rendering::testing;

namespace {

const std::string kBlank =
    "<div>The front of this card is blank.<br><a href='https://docs.ankiweb.net/templates/"
    "errors.html#front-of-card-is-blank'>More information</a></div>";

std::string error_html(const std::string& header, const std::string& details) {
  return "<style></style>" + header + "<br>" + details +
         "<br><a href='https://docs.ankiweb.net/templates/errors.html#template-syntax-error'>"
         "More information</a>";
}

std::string front_error(const std::string& details) {
  return error_html("Front template has a problem:", details);
}

std::string q(const Notetype& nt, std::vector<std::string> fields, std::uint16_t ord = 0) {
  return render(nt, std::move(fields), ord).question_text;
}

}  // namespace

// --- Basics -------------------------------------------------------------------------------------

TEST_CASE("13.1 Basic question and answer with the style prefix", "[render][s13]") {
  RenderedCard c = render(basic(), {"Hello", "World"});
  CHECK(c.question ==
        "<style>.card {\n    font-family: arial;\n    font-size: 20px;\n    line-height: 1.5;\n"
        "    text-align: center;\n    color: black;\n    background-color: white;\n}\n"
        "</style>Hello");
  CHECK(c.answer == "<style>" + kStandardCss + "</style>Hello\n\n<hr id=answer>\n\nWorld");
}

TEST_CASE("13.2-3 conditionals and field emptiness", "[render][s13]") {
  Notetype nt = basic_with("{{Front}}{{#Back}} has back{{/Back}}{{^Back}} no back{{/Back}}");
  CHECK(q(nt, {"x", ""}) == "x no back");
  CHECK(q(nt, {"x", "&nbsp;"}) == "x has back");
  CHECK(q(nt, {"x", " <div><br/></div> "}) == "x no back");
}

TEST_CASE("13.4 optional reversed card", "[render][s13]") {
  RenderedCard empty = render(basic_optional_reversed(), {"F", "B", ""}, 1);
  CHECK(empty.question == "<style>" + kStandardCss + "</style>" + kBlank);
  CHECK(empty.answer == "<style>" + kStandardCss + "</style>" + kBlank);
  CHECK(empty.is_empty);
  RenderedCard c = render(basic_optional_reversed(), {"F", "B", "y"}, 1);
  CHECK(c.question_text == "B");
  CHECK(c.answer_text == "B\n\n<hr id=answer>\n\nF");
}

TEST_CASE("13.5 static front text is blank", "[render][s13]") {
  RenderedCard c = render(basic_with("Hello"), {"a", "b"});
  CHECK(c.question_text == "Hello" + kBlank);
  CHECK(c.answer_text == kBlank);
}

TEST_CASE("13.6-7 FrontSide", "[render][s13]") {
  CHECK(q(basic_with("{{FrontSide}}{{Front}}"), {"Hello", ""}) == "Hello");
  RenderedCard c = render(basic_with("{{Front}}", "{{text:FrontSide}}"), {"<b>Hello</b>", ""});
  CHECK(c.answer_text == "<b>Hello</b>");
}

// --- Filters ------------------------------------------------------------------------------------

TEST_CASE("13.8-10 text filter", "[render][s13]") {
  Notetype nt = basic_with("{{text:Front}}");
  CHECK(q(nt, {"<b>Bold</b> &amp; <i>it</i>&nbsp;x", ""}) == "Bold & it x");
  CHECK(q(nt, {"<b>R&amp;D</b> & more", ""}) == "R&amp;D & more");
  CHECK(q(nt, {"it&apos;s &lt;ok&gt;", ""}) == "it&apos;s &lt;ok&gt;");
}

TEST_CASE("13.11 unknown filters stop the chain", "[render][s13]") {
  CHECK(q(basic_with("{{text:myfilter:Front}}"), {"<b>x</b>", ""}) == "<b>x</b>");
  CHECK(q(basic_with("{{myfilter:text:Front}}"), {"<b>x</b>", ""}) == "x");
}

TEST_CASE("13.12-13 hint filter", "[render][s13]") {
  CHECK(q(basic_with("{{Front}}{{hint:Back}}"), {"", "answer"}) ==
        "\n<a class=hint href=\"#\"\nonclick=\"this.style.display='none';\n"
        "document.getElementById('hint5090992bce97b90e').style.display='block';\n"
        "return false;\" draggable=false>\nBack</a>\n"
        "<div id=\"hint5090992bce97b90e\" class=hint style=\"display: none\">answer</div>\n");
  CHECK(q(basic_with("{{hint:Front}}"), {"<i>x</i>", ""}) ==
        "\n<a class=hint href=\"#\"\nonclick=\"this.style.display='none';\n"
        "document.getElementById('hint8e615c86b3c6465c').style.display='block';\n"
        "return false;\" draggable=false>\nFront</a>\n"
        "<div id=\"hint8e615c86b3c6465c\" class=hint style=\"display: none\"><i>x</i></div>\n");
  CHECK(q(basic_with("{{Front}}{{hint:Back}}"), {"q", ""}) == "q");
}

TEST_CASE("13.14-16 furigana, kana, kanji", "[render][s13]") {
  CHECK(q(basic_with("{{furigana:Front}}"), {"日本[にほん]語[ご]", ""}) ==
        "<ruby><rb>日本</rb><rt>にほん</rt></ruby><ruby><rb>語</rb><rt>ご</rt></ruby>");
  CHECK(q(basic_with("{{kana:Front}}|{{kanji:Front}}"), {"私 日本[にほん]", ""}) ==
        "私にほん|私日本");
  CHECK(q(basic_with("{{furigana:Front}}"), {"a&nbsp;b", ""}) == "a b");
  CHECK(q(basic_with("{{furigana:Front}}"), {"犬[sound:inu.mp3]", ""}) == "犬[anki:play:q:0]");
}

TEST_CASE("13.17 Basic (type in the answer)", "[render][s13][stock]") {
  RenderedCard c = render(basic_type_in(), {"capital of France?", "Paris"});
  CHECK(c.question == "<style>" + kStandardCss + "</style>capital of France?\n\n[[type:Back]]");
  CHECK(c.answer ==
        "<style>" + kStandardCss + "</style>capital of France?\n\n<hr id=answer>\n\n[[type:Back]]");
}

TEST_CASE("13.18 type filter variants", "[render][s13]") {
  CHECK(q(basic_with("{{type:text:Back}}|{{type:nc:Back}}"), {"f", "b"}) ==
        "[[type:Back]]|[[type:nc:Back]]");
}

TEST_CASE("13.19 tts filter becomes play tags", "[render][s13]") {
  RenderedCard c = render(
      basic_with("{{tts en_US:Front}}",
                 "{{FrontSide}}<hr id=answer>{{tts en_US voices=Apple_Samantha speed=1.2:Back}}"),
      {"hello", "world"});
  CHECK(c.question_text == "[anki:play:q:0]");
  CHECK(c.answer_text == "[anki:play:q:0]<hr id=answer>[anki:play:a:0]");
  REQUIRE(c.answer_av_tags.size() == 1);
  CHECK(c.answer_av_tags[0].lang == "en_US");
}

TEST_CASE("13.20 tts directive without lang", "[render][s13]") {
  CHECK(q(basic_with("{{Front}}[anki:tts]x[/anki:tts]"), {"hello", ""}) ==
        "hello[Error in directive 'anki:tts': 'lang' not set]");
}

TEST_CASE("13.21 sound tags are numbered per side", "[render][s13]") {
  RenderedCard c = render(basic(), {"dog [sound:dog.mp3]", "[sound:b1.mp3][sound:b2.mp3]"});
  CHECK(c.question_text == "dog [anki:play:q:0]");
  CHECK(c.answer_text == "dog [anki:play:q:0]\n\n<hr id=answer>\n\n[anki:play:a:0][anki:play:a:1]");
  REQUIRE(c.answer_av_tags.size() == 2);
  CHECK(c.answer_av_tags[1].filename == "b2.mp3");
}

TEST_CASE("13.22 special fields", "[render][s13]") {
  Notetype nt = basic_with("{{Deck}}|{{Subdeck}}|{{Type}}|{{Card}}|{{CardFlag}}|{{Tags}}|{{CardID}}");
  Note note{{"f", "b"}, {"verb", "lesson1"}};
  Card card;
  card.id = 1712345678901;
  card.deck_name = "Lang::French";
  CHECK(render_card(nt, note, card).question_text ==
        "Lang::French|French|Basic|Card 1|flag0|verb lesson1|1712345678901");
  card.flags = 3;
  card.deck_name.reset();
  CHECK(render_card(basic_with("{{CardFlag}} {{Deck}} {{Subdeck}}"), note, card).question_text ==
        "flag3 (Deck) (Deck)");
}

TEST_CASE("13.23 Tags make the front non-blank", "[render][s13]") {
  RenderedCard c = render(basic_with("{{Tags}}"), {"", ""}, 0, {"a"});
  CHECK(c.question_text == "a");
  CHECK_FALSE(c.is_empty);
}

// --- Syntax corner cases ------------------------------------------------------------------------

TEST_CASE("13.24-27 syntax corner cases", "[render][s13]") {
  CHECK(q(basic_with("<!-- {{Front}} -->{{Front}}"), {"Hello", ""}) == "<!-- {{Front}} -->Hello");
  CHECK(q(basic_with("{{{Front}}}"), {"Hello", ""}) == "Hello}");
  CHECK(q(basic_with("{{ Front }}"), {"Hello", ""}) == "Hello");
  CHECK(q(basic_with("{{=<% %>=}}<%Front%> {{Back}}"), {"Hello", "x"}) == "Hello {{Back}}");
  CHECK(q(basic_with("{{Front}}{{myfilter:}}"), {"Hello", ""}) == "Hello");
}

// --- Cloze --------------------------------------------------------------------------------------

TEST_CASE("13.28-29 cloze cards 1 and 2", "[render][s13][cloze]") {
  std::vector<std::string> f = {"{{c1::Paris}} is the capital of {{c2::France}}", ""};
  RenderedCard c1 = render(cloze(), f, 0);
  CHECK(c1.question_text ==
        "<span class=\"cloze\" data-cloze=\"Paris\" data-ordinal=\"1\">[...]</span> is the capital "
        "of <span class=\"cloze-inactive\" data-ordinal=\"2\">France</span>");
  CHECK(c1.answer_text ==
        "<span class=\"cloze\" data-ordinal=\"1\">Paris</span> is the capital of <span "
        "class=\"cloze-inactive\" data-ordinal=\"2\">France</span><br>\n");
  CHECK(c1.question == "<style>" + kClozeCss + "</style>" + c1.question_text);
  CHECK(q(cloze(), f, 1) ==
        "<span class=\"cloze-inactive\" data-ordinal=\"1\">Paris</span> is the capital of <span "
        "class=\"cloze\" data-cloze=\"France\" data-ordinal=\"2\">[...]</span>");
}

TEST_CASE("13.30 cloze hint and Back Extra", "[render][s13][cloze]") {
  RenderedCard c = render(cloze(), {"{{c1::Paris::city}} is nice", "extra"});
  CHECK(c.question_text ==
        "<span class=\"cloze\" data-cloze=\"Paris\" data-ordinal=\"1\">[city]</span> is nice");
  CHECK(c.answer_text == "<span class=\"cloze\" data-ordinal=\"1\">Paris</span> is nice<br>\nextra");
}

TEST_CASE("13.31 multi-ordinal cloze", "[render][s13][cloze]") {
  CHECK(q(cloze(), {"{{c1,2::shared}} and {{c1::first}} vs {{c2::second}}", ""}, 1) ==
        "<span class=\"cloze\" data-cloze=\"shared\" data-ordinal=\"1,2\">[...]</span> and <span "
        "class=\"cloze-inactive\" data-ordinal=\"1\">first</span> vs <span class=\"cloze\" "
        "data-cloze=\"second\" data-ordinal=\"2\">[...]</span>");
}

TEST_CASE("13.32 nested cloze", "[render][s13][cloze]") {
  std::vector<std::string> f = {"foo {{c1::bar {{c2::baz}}::qux}}", ""};
  RenderedCard c1 = render(cloze(), f, 0);
  CHECK(c1.question_text ==
        "foo <span class=\"cloze\" data-cloze=\"bar&#x20;&lt;span&#x20;class&#x3D;&quot;cloze&#x2D;"
        "inactive&quot;&#x20;data&#x2D;ordinal&#x3D;&quot;2&quot;&gt;baz&lt;&#x2F;span&gt;\" "
        "data-ordinal=\"1\">[qux]</span>");
  CHECK(c1.answer_text ==
        "foo <span class=\"cloze\" data-ordinal=\"1\">bar <span class=\"cloze-inactive\" "
        "data-ordinal=\"2\">baz</span></span><br>\n");
  CHECK(q(cloze(), f, 1) ==
        "foo <span class=\"cloze-inactive\" data-ordinal=\"1\">bar <span class=\"cloze\" "
        "data-cloze=\"baz\" data-ordinal=\"2\">[...]</span></span>");
}

TEST_CASE("13.33-34 data-cloze attribute encoding", "[render][s13][cloze]") {
  CHECK(q(cloze(), {"{{c1::a, b.}}", ""}) ==
        "<span class=\"cloze\" data-cloze=\"a&#x2C;&#x20;b&#x2E;\" data-ordinal=\"1\">[...]</span>");
  RenderedCard c =
      render(cloze_with("{{cloze:Text}}", "{{cloze:Text}}"), {"{{c1::<b>Rome</b>::it &amp; city}}", ""});
  CHECK(c.question_text ==
        "<span class=\"cloze\" data-cloze=\"&lt;b&gt;Rome&lt;&#x2F;b&gt;\" data-ordinal=\"1\">[it "
        "&amp; city]</span>");
  CHECK(c.answer_text == "<span class=\"cloze\" data-ordinal=\"1\"><b>Rome</b></span>");
}

TEST_CASE("13.35 cloze-only", "[render][s13][cloze]") {
  RenderedCard c = render(cloze_with("{{cloze-only:Text}}", "{{cloze-only:Text}}"),
                          {"{{c1::one}} {{c1::two::h}} {{c2::three}}", ""});
  CHECK(c.question_text == "..., h");
  CHECK(c.answer_text == "one, two");
}

TEST_CASE("13.36 text:cloze", "[render][s13][cloze]") {
  RenderedCard c = render(cloze_with("{{text:cloze:Text}}", "{{text:cloze:Text}}"),
                          {"{{c1::Paris}} is in {{c2::France}}", ""});
  CHECK(c.question_text == "[...] is in France");
  CHECK(c.answer_text == "Paris is in France");
}

TEST_CASE("13.37 missing cloze message", "[render][s13][cloze]") {
  RenderedCard c = render(cloze(), {"{{c1::one}}", ""}, 2);
  const std::string msg =
      "<div>No cloze 3 found on card.\nPlease either add a cloze deletion, or use the Empty Cards "
      "tool.<br><a href='https://docs.ankiweb.net/templates/errors.html"
      "#no-cloze-filter-on-cloze-note-type'>More information</a></div>";
  CHECK(c.question_text == msg);
  CHECK(c.answer_text == msg);
  CHECK(c.is_empty);
}

TEST_CASE("13.38 cloze only in another field", "[render][s13][cloze]") {
  RenderedCard c = render(cloze(), {"plain", "{{c1::x}}"});
  CHECK(c.question_text == "");
  CHECK(c.answer_text == "<br>\n{{c1::x}}");
  CHECK_FALSE(c.is_empty);
}

TEST_CASE("13.39-41 MathJax, unterminated and stray markers", "[render][s13][cloze]") {
  CHECK(q(cloze(), {"\\(a<b>b</b>\\) {{c1::x}}", ""}) ==
        "\\(ab\\) <span class=\"cloze\" data-cloze=\"x\" data-ordinal=\"1\">[...]</span>");
  CHECK(q(cloze(), {"{{c1::a}} {{c2::b", ""}) ==
        "<span class=\"cloze\" data-cloze=\"a\" data-ordinal=\"1\">[...]</span> ");
  CHECK(q(cloze(), {"a }} b {{c1::c}}", ""}) ==
        "a }} b <span class=\"cloze\" data-cloze=\"c\" data-ordinal=\"1\">[...]</span>");
}

TEST_CASE("13.42 type:cloze", "[render][s13][cloze]") {
  CHECK(q(cloze_with("{{cloze:Text}}\n{{type:cloze:Text}}", "{{cloze:Text}}"), {"{{c1::Paris}}", ""}) ==
        "<span class=\"cloze\" data-cloze=\"Paris\" data-ordinal=\"1\">[...]</span>\n"
        "[[type:cloze:Text]]");
}

TEST_CASE("13.43 cN conditionals", "[render][s13][cloze]") {
  Notetype nt = cloze_with("{{#c1}}one{{/c1}}{{#c2}}two{{/c2}}{{^c3}}notthree{{/c3}}", "");
  CHECK(q(nt, {"{{c1::a}} {{c2::b}}", ""}, 1) == "twonotthree");
}

// --- Errors -------------------------------------------------------------------------------------

TEST_CASE("13.44 unknown field", "[render][s13][errors]") {
  RenderedCard c = render(basic_with("{{Front}} {{Nope}}"), {"a", "b"});
  std::string expected = front_error(
      "Found &#x27;{{Nope}}&#x27;, but there is no field called &#x27;Nope&#x27;");
  CHECK(c.question == expected);
  CHECK(c.answer == expected);
  CHECK(c.template_error);
}

TEST_CASE("13.45-49 template error details", "[render][s13][errors]") {
  CHECK(render(basic_with("{{text:hint:Nope}}"), {"a", "b"}).question ==
        front_error("Found &#x27;{{text:hint:Nope}}&#x27;, but there is no field called "
                    "&#x27;Nope&#x27;"));
  CHECK(render(basic_with("{{#Front}}x"), {"a", "b"}).question ==
        front_error("Missing &#x27;{{/Front}}&#x27;"));
  CHECK(render(basic_with("{{#Front}}x{{/Back}}"), {"a", "b"}).question ==
        front_error("Found &#x27;{{/Back}}&#x27;, but expected &#x27;{{/Front}}&#x27;"));
  CHECK(render(basic_with("x{{/Front}}"), {"a", "b"}).answer ==
        front_error("Found &#x27;{{/Front}}&#x27;, but missing &#x27;{{#Front}}&#x27; or "
                    "&#x27;{{^Front}}&#x27;"));
  CHECK(render(basic_with("{{#Nope}}x{{/Nope}}"), {"a", "b"}).question ==
        front_error("Found &#x27;{{#Nope}}&#x27;, but there is no field called &#x27;Nope&#x27;"));
}

TEST_CASE("13.50 answer template error", "[render][s13][errors]") {
  RenderedCard c = render(basic_with("{{Front}}", "{{FrontSide}}{{Nope}}"), {"a", "b"});
  std::string expected =
      error_html("Back template has a problem:",
                 "Found &#x27;{{Nope}}&#x27;, but there is no field called &#x27;Nope&#x27;");
  CHECK(c.question == expected);
  CHECK(c.answer == expected);
}

TEST_CASE("13.51 field names are not trimmed after a filter", "[render][s13][errors]") {
  CHECK(render(basic_with("{{text: Front}}"), {"a", "b"}).question ==
        front_error("Found &#x27;{{text: Front}}&#x27;, but there is no field called "
                    "&#x27; Front&#x27;"));
}

TEST_CASE("errors: question errors win; answer errors hidden by an empty front", "[render][errors]") {
  CHECK(render(basic_with("{{Nope}}", "{{Nope2}}"), {"a", "b"}).answer ==
        front_error("Found &#x27;{{Nope}}&#x27;, but there is no field called &#x27;Nope&#x27;"));
  RenderedCard c = render(basic_with("{{Front}}", "{{Nope}}"), {"", "b"});
  CHECK(c.answer_text == kBlank);
  CHECK_FALSE(c.template_error);
}

TEST_CASE("errors: unknown fields in skipped sections are still errors", "[render][errors]") {
  CHECK(render(basic_with("{{#Back}}{{Nope}}{{/Back}}{{Front}}"), {"a", ""}).question ==
        front_error("Found &#x27;{{Nope}}&#x27;, but there is no field called &#x27;Nope&#x27;"));
}

// --- LaTeX --------------------------------------------------------------------------------------

TEST_CASE("13.52 LaTeX with generation disabled", "[render][s13][latex]") {
  Notetype nt = basic_with("{{Front}}", "{{FrontSide}}<hr id=answer>{{Back}}");
  Note note{{"[latex]x^2[/latex]", "b"}, {}};
  Card card;
  card.deck_name = "Default";
  const std::string img =
      "<img class=latex alt=\"x&#x5E;2\" src=\"latex-7046d961a8144b7b2c2da6066849a9f889ff2ac9.png\">";
  const std::string disabled = "LaTeX image generation is disabled in the preferences.";
  RenderedCard missing = render_card(nt, note, card);
  CHECK(missing.question_text == img + disabled);
  CHECK(missing.answer_text == img + "<hr id=answer>b" + disabled);
  RenderedCard present = render_card(nt, note, card, [](const std::string& f) {
    return f == "latex-7046d961a8144b7b2c2da6066849a9f889ff2ac9.png";
  });
  CHECK(present.question_text == img);
  CHECK(present.answer_text == img + "<hr id=answer>b");
}

// --- Stock note types ---------------------------------------------------------------------------

TEST_CASE("stock: Basic (and reversed card) both cards", "[render][stock]") {
  Notetype nt = basic_and_reversed();
  RenderedCard c1 = render(nt, {"front", "back"}, 0);
  CHECK(c1.question == "<style>" + kStandardCss + "</style>front");
  CHECK(c1.answer == "<style>" + kStandardCss + "</style>front\n\n<hr id=answer>\n\nback");
  RenderedCard c2 = render(nt, {"front", "back"}, 1);
  CHECK(c2.question == "<style>" + kStandardCss + "</style>back");
  CHECK(c2.answer == "<style>" + kStandardCss + "</style>back\n\n<hr id=answer>\n\nfront");
}

TEST_CASE("stock: Basic (optional reversed card) card 1", "[render][stock]") {
  RenderedCard c = render(basic_optional_reversed(), {"front", "back", ""}, 0);
  CHECK(c.question == "<style>" + kStandardCss + "</style>front");
  CHECK(c.answer == "<style>" + kStandardCss + "</style>front\n\n<hr id=answer>\n\nback");
}

TEST_CASE("stock: Cloze full strings", "[render][stock]") {
  RenderedCard c = render(cloze(), {"{{c1::Canberra}} is in Australia", "capital"});
  CHECK(c.question ==
        "<style>" + kClozeCss +
            "</style><span class=\"cloze\" data-cloze=\"Canberra\" data-ordinal=\"1\">[...]</span>"
            " is in Australia");
  CHECK(c.answer ==
        "<style>" + kClozeCss +
            "</style><span class=\"cloze\" data-ordinal=\"1\">Canberra</span> is in Australia"
            "<br>\ncapital");
}

TEST_CASE("stock: Image Occlusion", "[render][stock]") {
  std::vector<std::string> fields = {
      "{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.4:oi=1}}"
      "{{c2::image-occlusion:ellipse:left=.5:top=.5:width=.1:height=.1:rx=0:ry=.05}}",
      "<img src=\"map.png\">", "Header", "", ""};
  RenderedCard c = render(image_occlusion(), fields, 0);
  const std::string shapes_q =
      "<div class=\"cloze\" data-ordinal=\"1\" data-shape=\"rect\" data-left=\".1\" "
      "data-top=\".2\" data-width=\".3\" data-height=\".4\" data-occludeInactive=\"1\" ></div>"
      "<div class=\"cloze-inactive\" data-ordinal=\"2\" data-shape=\"ellipse\" data-left=\".5\" "
      "data-top=\".5\" data-width=\".1\" data-height=\".1\" data-ry=\".05\" ></div>";
  const std::string shapes_a =
      "<div class=\"cloze-highlight\" data-ordinal=\"1\" data-shape=\"rect\" data-left=\".1\" "
      "data-top=\".2\" data-width=\".3\" data-height=\".4\" data-occludeInactive=\"1\" ></div>"
      "<div class=\"cloze-inactive\" data-ordinal=\"2\" data-shape=\"ellipse\" data-left=\".5\" "
      "data-top=\".5\" data-width=\".1\" data-height=\".1\" data-ry=\".05\" ></div>";
  auto body = [](const std::string& shapes) {
    return "<div>Header</div>\n<div style=\"display: none\">" + shapes +
           "</div>\n<div id=\"err\"></div>\n<div id=\"image-occlusion-container\">\n"
           "    <img src=\"map.png\">\n    <canvas id=\"image-occlusion-canvas\"></canvas>\n"
           "</div>\n<script>\ntry {\n    anki.imageOcclusion.setup();\n} catch (exc) {\n"
           "    document.getElementById(\"err\").innerHTML = `Error loading image occlusion. Is "
           "your Anki version up to date?<br><br>${exc}`;\n}\n</script>\n";
  };
  CHECK(c.question == "<style>" + kImageOcclusionCss + "</style>" + body(shapes_q));
  CHECK(c.answer == "<style>" + kImageOcclusionCss + "</style>" + body(shapes_a) +
                        "\n<div><button id=\"toggle\">Toggle Masks</button></div>\n\n");
}

TEST_CASE("FrontSide on the answer carries the question's play tags, not re-counted", "[render]") {
  RenderedCard c = render(basic(), {"[sound:a.mp3]", "x [sound:b.mp3]"});
  CHECK(c.answer_text == "[anki:play:q:0]\n\n<hr id=answer>\n\nx [anki:play:a:0]");
}

TEST_CASE("section keys: cN accepted whether or not such a cloze exists", "[render]") {
  CHECK(q(basic_with("{{Front}}{{#c+5}}x{{/c+5}}{{^c7}}y{{/c7}}{{#c1}}z{{/c1}}"), {"a", ""}) ==
        "ayz");
  CHECK(render(basic_with("{{#c99999999999}}x{{/c99999999999}}"), {"a", ""}).question ==
        front_error("Found &#x27;{{#c99999999999}}&#x27;, but there is no field called "
                    "&#x27;c99999999999&#x27;"));
  CHECK(render(basic_with("{{Front}}{{}}"), {"a", ""}).question ==
        front_error("Found &#x27;{{}}&#x27;, but there is no field called &#x27;&#x27;"));
}

TEST_CASE("note fields shadow special fields; extra fields are named \"\"", "[render]") {
  Notetype nt = basic_with("{{Tags}}|{{Deck}}|{{}}");
  nt.field_names = {"Tags", "Back"};
  Note note{{"mine", "b", "extra"}, {"realtag"}};
  Card card;
  card.deck_name = "D::E";
  CHECK(render_card(nt, note, card).question_text == "mine|D::E|extra");
}

TEST_CASE("cloze note type: Card is the first template's name, ord picks the cloze", "[render]") {
  Notetype nt = cloze_with("{{Card}} {{cloze:Text}}", "{{cloze:Text}}");
  CHECK(q(nt, {"{{c1::a}} {{c2::b}}", ""}, 1) ==
        "Cloze <span class=\"cloze-inactive\" data-ordinal=\"1\">a</span> <span class=\"cloze\" "
        "data-cloze=\"b\" data-ordinal=\"2\">[...]</span>");
}

TEST_CASE("LaTeX newlines: <br>, <br/> and <div> (the source's verbose regex ignores the space "
          "in '<br( /)?>', so '<br />' is simply stripped)", "[render][latex]") {
  Notetype nt = basic_with("{{Front}}", "{{Back}}");
  CHECK(render(nt, {"[$]a<br/>b<br />c[/$]", "x"}).question_text.substr(0, 37) ==
        "<img class=latex alt=\"&#x24;a&#x0A;bc");
}
