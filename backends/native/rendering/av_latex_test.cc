// A/V tag extraction (rendering.md §8) and LaTeX (§9).
#include <catch2/catch.hpp>

#include "backends/native/rendering/av_tags.h"
#include "backends/native/rendering/latex.h"

using namespace ankc::native::rendering;

TEST_CASE("av: sound and tts tags become play placeholders", "[av]") {
  AvExtraction out = extract_av_tags(
      "foo [sound:bar.mp3] baz [anki:tts lang=en_US][...][/anki:tts]", true);
  CHECK(out.text == "foo [anki:play:q:0] baz [anki:play:q:1]");
  REQUIRE(out.tags.size() == 2);
  CHECK(out.tags[0].filename == "bar.mp3");
  CHECK(out.tags[1].kind == AvTag::Kind::kTts);
  CHECK(out.tags[1].text == "[...]");
  CHECK(extract_av_tags("[sound:a&amp;b.mp3]", false).tags[0].filename == "a&b.mp3");
  CHECK(extract_av_tags("[sound:x][sound:y]", false).text == "[anki:play:a:0][anki:play:a:1]");
}

TEST_CASE("av: malformed tags are text", "[av]") {
  CHECK(extract_av_tags("[sound:]", true).text == "[sound:]");
  CHECK(extract_av_tags("[anki:][/anki:]", true).text == "[anki:][/anki:]");
  CHECK(extract_av_tags("abc[anki:foo]def[/anki:bar]ghi][[anki:bar][", true).text ==
        "abc[anki:foo]def[/anki:bar]ghi][[anki:bar][");
  CHECK(extract_av_tags("[anki:play:q:0] x", false).text == "[anki:play:q:0] x");
}

TEST_CASE("av: tts options and errors", "[av]") {
  CHECK(extract_av_tags("[anki:tts]foo[/anki:tts]", true).text ==
        "[Error in directive 'anki:tts': 'lang' not set]");
  CHECK(extract_av_tags("[anki:tts lang=]foo[/anki:tts] [sound:a]", true).text ==
        "[Error in directive 'anki:tts': 'lang' not set] [anki:play:q:0]");
  AvExtraction out =
      extract_av_tags("[anki:tts  lang=ja_JP voices=\"A B\"\tspeed=0.8 ]x[/anki:tts]", true);
  CHECK(out.text == "[anki:play:q:0]");
  CHECK(out.tags[0].lang == "ja_JP");
}

TEST_CASE("av: other directives are normalized", "[av]") {
  CHECK(extract_av_tags("[anki:foo  bar=baz]spam[/anki:foo]", true).text ==
        "[anki:foo bar=baz]spam[/anki:foo]");
  CHECK(extract_av_tags("[anki:foo a=\"x y\" b=\"z\"]c[/anki:foo]", true).text ==
        "[anki:foo a=\"x y\" b=z]c[/anki:foo]");
}

TEST_CASE("latex: extraction", "[latex]") {
  LatexExtraction out = extract_latex("a[latex]one<br>and<div>two[/latex]b", false);
  CHECK(out.text ==
        "a<img class=latex alt=\"one&#x0A;and&#x0A;two\" "
        "src=\"latex-ef30b3f4141c33a5bf7044b0d1961d3399c05d50.png\">b");
  REQUIRE(out.filenames.size() == 1);
  LatexExtraction svg = extract_latex("[$]<b>hello</b>&nbsp; world[/$]", true);
  CHECK(svg.filenames == std::vector<std::string>{"latex-060219fbf3ddb74306abddaf4504276ad793b029.svg"});
  CHECK(extract_latex("[LATEX]x[/Latex] [$$]y[/$$]", false).filenames.size() == 2);
  CHECK(extract_latex("[latex][/latex]", false).text == "[latex][/latex]");
  CHECK(render_latex("no latex", false, {}) == "no latex");
}
