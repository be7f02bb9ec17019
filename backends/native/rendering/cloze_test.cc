// Cloze parsing and the cloze / cloze-only filters (rendering.md §5).
#include <catch2/catch.hpp>

#include "backends/native/rendering/cloze.h"
#include "backends/native/rendering/html_text.h"

using namespace ankc::native::rendering;

using Numbers = std::set<std::uint16_t>;

namespace {
std::string plain(std::string_view text, std::uint16_t ord, bool question) {
  return strip_html(cloze_filter(text, ord, question));
}
}  // namespace

TEST_CASE("cloze numbers", "[cloze]") {
  CHECK(cloze_numbers("test") == Numbers{});
  CHECK(cloze_numbers("{{c2::te}}{{c1::s}}t{{") == Numbers{1, 2});
  CHECK(cloze_numbers("{{c0::te}}s{{c2::t}}s") == Numbers{2});
  CHECK(cloze_numbers("{{c2::te{{c1::s}}}}t{{") == Numbers{1, 2});
  CHECK(cloze_numbers("{{c1,2,3::multi}}") == Numbers{1, 2, 3});
  CHECK(cloze_numbers("{{c1,1,2::test}}") == Numbers{1, 2});
  CHECK(cloze_numbers("{{c0,1,2::test}}") == Numbers{1, 2});
  CHECK(cloze_numbers("{{c1,,3::test}}") == Numbers{1, 3});
  CHECK(cloze_numbers("{{c70000,5::big}}") == Numbers{5});
  CHECK(cloze_numbers("{{c::x}} {{c,::y}}") == Numbers{});
  CHECK(cloze_numbers("öaöaöööaö") == Numbers{});
  CHECK(cloze_numbers("{{c1::a}} {{c2::b") == Numbers{1});
}

TEST_CASE("cloze filter: plain text of each side", "[cloze]") {
  const char* text = "{{c1::one}} {{c2::two::hint}}";
  CHECK(plain(text, 1, true) == "[...] two");
  CHECK(plain(text, 2, true) == "one [hint]");
  CHECK(plain(text, 2, false) == "one two");
  CHECK(cloze_filter(text, 3, true) == "");
  CHECK(cloze_filter(text, 1, true) ==
        "<span class=\"cloze\" data-cloze=\"one\" data-ordinal=\"1\">[...]</span> <span "
        "class=\"cloze-inactive\" data-ordinal=\"2\">two</span>");
}

TEST_CASE("cloze filter: nesting", "[cloze]") {
  CHECK(plain("foo {{c1::bar {{c2::baz}}}}", 1, true) == "foo [...]");
  CHECK(plain("foo {{c1::bar {{c2::baz}}}}", 1, false) == "foo bar baz");
  CHECK(plain("foo {{c1::bar {{c2::baz}}::qux}}", 2, true) == "foo bar [...]");
  CHECK(plain("foo {{c1::bar {{c2::baz}}::qux}}", 1, true) == "foo [qux]");
  CHECK(cloze_filter("foo {{c1::bar {{c2::baz}}::qux}}", 2, false) ==
        "foo <span class=\"cloze-inactive\" data-ordinal=\"1\">bar <span class=\"cloze\" "
        "data-ordinal=\"2\">baz</span></span>");
  CHECK(plain("{{c1,2::outer {{c3::inner}}}}", 3, true) == "outer [...]");
  CHECK(plain("{{c1::outer {{c1::inner}}}}", 1, true) == "[...]");
  CHECK(cloze_filter("{{c1::outer {{c1::inner}}}}", 1, true) ==
        "<span class=\"cloze\" data-cloze=\"outer&#x20;&lt;span&#x20;class&#x3D;&quot;cloze&quot;"
        "&#x20;data&#x2D;cloze&#x3D;&quot;inner&quot;&#x20;data&#x2D;ordinal&#x3D;&quot;1&quot;"
        "&gt;&#x5B;&#x2E;&#x2E;&#x2E;&#x5D;&lt;&#x2F;span&gt;\" data-ordinal=\"1\">[...]</span>");
}

TEST_CASE("cloze filter: multi-ordinal clozes", "[cloze]") {
  const char* text = "{{c1,2::shared}} word and {{c1::first}} vs {{c2::second}}";
  CHECK(plain(text, 1, true) == "[...] word and [...] vs second");
  CHECK(plain(text, 2, true) == "[...] word and first vs [...]");
  CHECK(plain(text, 1, false) == "shared word and first vs second");
  CHECK(plain("{{c1,2::answer::hint}}", 2, true) == "[hint]");
  CHECK(cloze_filter("{{c3,1,2::multi}}", 3, false) ==
        "<span class=\"cloze\" data-ordinal=\"1,2,3\">multi</span>");
}

TEST_CASE("cloze filter: hints", "[cloze]") {
  CHECK(cloze_filter("{{c1::a::b::c}}", 1, true) ==
        "<span class=\"cloze\" data-cloze=\"a\" data-ordinal=\"1\">[b::c]</span>");
  CHECK(cloze_filter("{{c1::x::first {{c2::y}} z::second}}", 1, true) ==
        "<span class=\"cloze\" data-cloze=\"x&lt;span&#x20;class&#x3D;&quot;cloze&#x2D;inactive"
        "&quot;&#x20;data&#x2D;ordinal&#x3D;&quot;2&quot;&gt;y&lt;&#x2F;span&gt;&#x20;z\" "
        "data-ordinal=\"1\">[second]</span>");
}

TEST_CASE("cloze filter: at most ten open clozes", "[cloze]") {
  std::string text;
  for (int i = 1; i <= 11; ++i) text += "{{c" + std::to_string(i) + "::";
  text += "x";
  for (int i = 1; i <= 11; ++i) text += "}}";
  // The eleventh opening is not a cloze, so its "}}" closes the tenth and one "}}" is left over.
  CHECK(cloze_numbers(text) == Numbers{1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
  CHECK(plain(text, 10, false).substr(0, 1) == "x");
  CHECK(plain(text, 10, false) == "x}}");
}

TEST_CASE("cloze filter: MathJax keeps entities, drops tags", "[cloze]") {
  CHECK(cloze_filter("\\(<foo>&lt;&gt;</foo>\\) {{c1::x}}", 1, false) ==
        "\\(&lt;&gt;\\) <span class=\"cloze\" data-ordinal=\"1\">x</span>");
  CHECK(cloze_filter("{{c1::\\[<b>y</b>\\)}}", 1, false) ==
        "<span class=\"cloze\" data-ordinal=\"1\">\\[y\\)</span>");
}

TEST_CASE("cloze-only filter", "[cloze]") {
  CHECK(cloze_only_filter("foo", 1, true) == "");
  CHECK(cloze_only_filter("foo {{c1::bar}}", 1, true) == "...");
  CHECK(cloze_only_filter("foo {{c1::bar::baz}}", 1, true) == "baz");
  CHECK(cloze_only_filter("foo {{c1::bar}}", 1, false) == "bar");
  CHECK(cloze_only_filter("foo {{c1::bar}}", 2, false) == "");
  CHECK(cloze_only_filter("{{c1::foo}} {{c1::bar}}", 1, false) == "foo, bar");
  CHECK(cloze_only_filter("{{c1,2::shared}} and {{c1::first}} vs {{c2::second}}", 2, false) ==
        "shared, second");
  CHECK(cloze_only_filter("{{c1::outer {{c1::in<b>ner</b>}}}}", 1, false) ==
        "outer in<b>ner</b>, in<b>ner</b>");
}

TEST_CASE("image occlusion shapes", "[cloze]") {
  CHECK(cloze_filter("{{c1::image-occlusion:rect:left=10.0:top=20:width=30:height=10}}", 1, true) ==
        "<div class=\"cloze\" data-ordinal=\"1\" data-shape=\"rect\" data-left=\"10.0\" "
        "data-top=\"20\" data-width=\"30\" data-height=\"10\" ></div>");
  CHECK(cloze_filter("{{c1::image-occlusion:polygon:points=0,0 10,10 20,0}}", 2, true) == "");
  CHECK(cloze_filter("{{c1::image-occlusion:polygon:points=0,0 10,10 20,0}}{{c2::x}}", 2, true) ==
        "<div class=\"cloze-inactive\" data-ordinal=\"1\" data-shape=\"polygon\" "
        "data-points=\"0,0 10,10 20,0\" ></div><span class=\"cloze\" data-cloze=\"x\" "
        "data-ordinal=\"2\">[...]</span>");
  CHECK(cloze_filter("{{c1::image-occlusion:text:text=\\\\foo\\:bar\\::left=10}}", 1, false) ==
        "<div class=\"cloze-highlight\" data-ordinal=\"1\" data-shape=\"text\" "
        "data-text=\"&#x5C;foo&#x3A;bar&#x3A;\" data-left=\"10\" ></div>");
  CHECK(cloze_filter("{{c1::image-occlusion:ellipse:left=15:top=20:width=10:height=20:rx=10:ry=5}}",
                     1, true) ==
        "<div class=\"cloze\" data-ordinal=\"1\" data-shape=\"ellipse\" data-left=\"15\" "
        "data-top=\"20\" data-width=\"10\" data-height=\"20\" data-rx=\"10\" data-ry=\"5\" ></div>");
  // Hints are not split off image-occlusion text.
  CHECK(cloze_filter("{{c1::image-occlusion:rect:left=1::x}}", 1, true) ==
        "<div class=\"cloze\" data-ordinal=\"1\" data-shape=\"rect\" data-left=\"1\" ></div>");
}
