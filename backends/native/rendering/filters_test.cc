// Built-in filters (rendering.md §4).
#include <catch2/catch.hpp>

#include "backends/native/rendering/filters.h"

using namespace ankc::native::rendering;

namespace {
std::string apply(const std::string& text, std::vector<std::string> filters,
                  const std::string& field = "F", std::uint16_t ord = 0, bool question = true) {
  return apply_filters(text, filters, field, FilterContext{ord, question});
}
}  // namespace

TEST_CASE("furigana family", "[filters]") {
  const char* text = "test first[second] third[fourth]";
  CHECK(kana_filter(text) == "testsecondfourth");
  CHECK(kanji_filter(text) == "testfirstthird");
  CHECK(furigana_filter("first[second]") == "<ruby><rb>first</rb><rt>second</rt></ruby>");
  CHECK(furigana_filter("<b>x</b>[y]") == "<b>x</b>[y]");  // the base may not contain '>'
  CHECK(kana_filter("a[b\nc] d[e]") == "a[b\nc]e");     // the reading may not span lines
  CHECK(kana_filter("a[]] b[]") == "] b[]");
  CHECK(kanji_filter("x[sound:a.mp3] y[z]") == "x[sound:a.mp3]y");
  CHECK(kana_filter("plain&nbsp;text") == "plain text");
}

TEST_CASE("type filters", "[filters]") {
  CHECK(apply("ignored", {"type"}, "Front") == "[[type:Front]]");
  CHECK(apply("ignored", {"cloze", "type"}, "Text") == "[[type:cloze:Text]]");
  CHECK(apply("ignored", {"nc", "type"}, "Text") == "[[type:nc:Text]]");
  CHECK(apply("ignored", {"some", "unknown", "type"}, "Text") == "[[type:Text]]");
  // {{text:type:Text}}: `type` runs first, then `text` leaves the marker alone.
  CHECK(apply("keep", {"type", "text"}, "Text") == "[[type:Text]]");
}

TEST_CASE("hint filter", "[filters]") {
  CHECK(hint_filter("foo", "field") ==
        "\n<a class=hint href=\"#\"\nonclick=\"this.style.display='none';\n"
        "document.getElementById('hint83fe48607f0f3a66').style.display='block';\n"
        "return false;\" draggable=false>\nfield</a>\n"
        "<div id=\"hint83fe48607f0f3a66\" class=hint style=\"display: none\">foo</div>\n");
  CHECK(hint_filter(" \n", "field") == " \n");
}

TEST_CASE("tts, empty and unknown filters", "[filters]") {
  CHECK(apply("foo", {"tts en_US voices=Bob,Jane"}) ==
        "[anki:tts lang=en_US voices=Bob,Jane]foo[/anki:tts]");
  CHECK(apply("<b>x</b>", {""}) == "<b>x</b>");
  CHECK(apply("<b>x</b>", {"text", ""}) == "x");
  CHECK(apply("<b>x</b>", {"nc"}) == "<b>x</b>");
  CHECK(apply("<b>x</b>", {"tts-voices"}) == "<b>x</b>");
  CHECK(apply("<b>x</b>", {"unknown", "text"}) == "<b>x</b>");
}

TEST_CASE("cloze filters through apply_filters use card ord + 1 and the side", "[filters]") {
  CHECK(apply("{{c2::a}}", {"cloze"}, "Text", 1, false) ==
        "<span class=\"cloze\" data-ordinal=\"2\">a</span>");
  CHECK(apply("{{c2::a}}", {"cloze-only"}, "Text", 1, true) == "...");
  CHECK(apply("{{c1::<i>a</i>}} b", {"cloze", "text"}, "Text", 0, false) == "a b");
}
