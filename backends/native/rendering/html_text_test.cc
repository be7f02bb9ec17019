// Text helpers (rendering.md §11, §2).
#include <catch2/catch.hpp>

#include "backends/native/rendering/html_entities.h"
#include "backends/native/rendering/html_text.h"

using namespace ankc::native::rendering;

TEST_CASE("strip_html: comments, style, script and tags", "[text]") {
  CHECK(strip_html_preserving_entities("a<!-- <b> -->b") == "ab");
  CHECK(strip_html_preserving_entities("x<STYLE type=t>.a{}</style>y") == "xy");
  CHECK(strip_html_preserving_entities("x<script>if (a<b) {}</SCRIPT>y") == "xy");
  CHECK(strip_html_preserving_entities("a<b\nc>d") == "ad");
  CHECK(strip_html_preserving_entities("1 < 2") == "1 < 2");
  CHECK(strip_html_preserving_entities("<style>unterminated") == "unterminated");
  CHECK(strip_html_preserving_entities("&lt;<i>x</i>") == "&lt;x");
  CHECK(strip_html("<b>x</b>&amp;y") == "x&y");
}

TEST_CASE("decode_entities: all or nothing", "[text]") {
  CHECK(decode_entities("a &amp; b &lt;&gt; &quot;") == "a & b <> \"");
  CHECK(decode_entities("&#65;&#x42;&#x6a;") == "ABj");
  CHECK(decode_entities("&eacute;&euro;") == "é€");
  CHECK(decode_entities("a&nbsp;b\xC2\xA0" "c") == "a b c");
  CHECK(decode_entities("a\xC2\xA0" "b") == "a\xC2\xA0" "b");  // no '&': untouched
  CHECK(decode_entities("&amp; & x") == "&amp; & x");
  CHECK(decode_entities("&apos;") == "&apos;");
  CHECK(decode_entities("&#X41;") == "&#X41;");
  CHECK(decode_entities("&amp") == "&amp");
  CHECK(decode_entities("&Amp;") == "&Amp;");
  CHECK(decode_entities("&#xD800;") == "&#xD800;");
  CHECK(decode_entities("&#x110000;") == "&#x110000;");
  CHECK(decode_entities("&#;") == "&#;");
}

TEST_CASE("html4 entity table", "[text]") {
  CHECK(html4_entity("AElig") == 0xC6);
  CHECK(html4_entity("zwnj") == 0x200C);
  CHECK(html4_entity("thetasym") == 0x3D1);
  CHECK(html4_entity("apos") == 0);
  CHECK(html4_entity("") == 0);
}

TEST_CASE("encode_attribute and encode_minimal", "[text]") {
  CHECK(encode_attribute("\"No\", he said.") == "&quot;No&quot;&#x2C;&#x20;he&#x20;said&#x2E;");
  CHECK(encode_attribute("one\nand") == "one&#x0A;and");
  CHECK(encode_attribute("é日<'&>") == "&#xE9;日&lt;&#x27;&amp;&gt;");
  CHECK(encode_minimal("<a href='x'>\"&\". </a>") ==
        "&lt;a href=&#x27;x&#x27;&gt;&quot;&amp;&quot;. &lt;/a&gt;");
}

TEST_CASE("field_is_empty", "[text]") {
  CHECK(field_is_empty(""));
  CHECK(field_is_empty(" \t\r\n\v\f"));
  CHECK(field_is_empty("<BR>"));
  CHECK(field_is_empty("<div />"));
  CHECK(field_is_empty("</br><br/><Div>"));
  CHECK(field_is_empty(" <div> <br> </div>\n"));
  CHECK_FALSE(field_is_empty(" <div>x</div>\n"));
  CHECK_FALSE(field_is_empty("&nbsp;"));
  CHECK_FALSE(field_is_empty("\xC2\xA0"));
  CHECK_FALSE(field_is_empty("<p></p>"));
  CHECK_FALSE(field_is_empty("<br  >"));
}

TEST_CASE("trim_unicode", "[text]") {
  CHECK(trim_unicode(" \xE3\x80\x80x y\xC2\xA0\n") == "x y");
  CHECK(trim_start_unicode("  a ") == "a ");
  CHECK(trim_unicode(" \n ").empty());
}
