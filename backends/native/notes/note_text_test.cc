// Pure note logic: guid base91, field normalisation, sfld/csum stripping and checksums (spec vectors),
// tag splitting/normalisation.
#include <catch2/catch.hpp>

#include "backends/native/notes/guid.h"
#include "backends/native/notes/note_text.h"
#include "backends/native/tags/tag_names.h"

using namespace ankc::native;

TEST_CASE("guid: base91 as Anki") {
  CHECK(base91(1) == "b");
  CHECK(base91(1234567890) == "saAKk");
  CHECK(base91(UINT64_MAX) == "Rj&Z5m[>Zp");
  CHECK(base91(0) == "");
}

TEST_CASE("csum and the stripping behind it (collection-format §8.6 vectors)") {
  CHECK(field_checksum("Please update to the latest Anki version, then import the .colpkg/.apkg file again.") == 871165352u);
  CHECK(strip_html_preserving_media_filenames("<img src=\"a.jpg\">Hello&nbsp;<b>World</b>") == " a.jpg Hello World");
  CHECK(field_checksum("<img src=\"a.jpg\">Hello&nbsp;<b>World</b>") == 2761552117u);
  CHECK(strip_html_preserving_media_filenames("Tom & Jerry &amp; co") == "Tom & Jerry &amp; co");
  CHECK(field_checksum("Tom & Jerry &amp; co") == 1447482666u);
  CHECK(field_checksum("<div>x<br></div>") == 301378958u);
  CHECK(field_checksum("A &lt; B") == 3878638387u);
  CHECK(strip_html_preserving_media_filenames("<IMG alt='x y' SRC='b c.png' >t") == " b c.png t");
  CHECK(strip_html_preserving_media_filenames("<audio src=u.mp3>") == " u.mp3 ");
  CHECK(strip_html_preserving_media_filenames("a < b") == "a < b");
  CHECK(strip_html_preserving_media_filenames("a < b > c") == "a  c");
  CHECK(strip_html_preserving_media_filenames("<IMG alt='a>b' SRC=pic.png width=3>") == " pic.png ");
  CHECK(strip_html_preserving_media_filenames("<audio data='s.mp3'>") == " s.mp3 ");
  CHECK(strip_html_preserving_media_filenames("<video src=\"v.mp4\" controls>") == " v.mp4 ");
  CHECK(strip_html_preserving_media_filenames("<source src=\"s.ogg\">") == " s.ogg ");
}

// The one implementation behind sfld/csum everywhere: search's dupe: and dbcheck's validator call it.
TEST_CASE("§8.4 markup removal and all-or-nothing entity decoding") {
  CHECK(strip_html_preserving_media_filenames("<!-- c > d -->e") == "e");
  CHECK(strip_html_preserving_media_filenames("<style>p>b{}</style>t") == "t");
  CHECK(strip_html_preserving_media_filenames("<SCRIPT>if(a>b)</script>t") == "t");
  CHECK(strip_html_preserving_media_filenames("a\u00a0b") == "a\u00a0b");        // no '&': NBSP survives
  CHECK(strip_html_preserving_media_filenames("x&nbsp;\u00a0y") == "x  y");      // decoded: every NBSP → space
  CHECK(strip_html_preserving_media_filenames("&apos;&amp;") == "&apos;&amp;");  // &apos; unknown: kept as is
  CHECK(strip_html_preserving_media_filenames("a &nbsp b &amp;") == "a &nbsp b &amp;");
  CHECK(strip_html_preserving_media_filenames("&#65;&#x42;") == "AB");
  CHECK(strip_html_preserving_media_filenames("{{c1::x}}") == "{{c1::x}}");
  CHECK(field_checksum_of_text(" a.jpg Hello World") == 2761552117u);
  CHECK(field_checksum_of_text("x") == 301378958u);
  CHECK(field_checksum_of_text("A < B") == 3878638387u);
}

TEST_CASE("field normalisation on save") {
  CHECK(normalize_field(std::string("a\x1f" "b\r\n\tc\x7f\0d", 11)) == "ab\n\tcd");
  CHECK(normalize_field("e\xcc\x81") == "\xc3\xa9");
  CHECK(normalize_field("e\xcc\x81", false) == "e\xcc\x81");
  CHECK(join_fields({"a", "b", ""}) == "a\x1f" "b\x1f");
  CHECK(split_fields("a\x1f\x1f" "c") == std::vector<std::string>{"a", "", "c"});
}

TEST_CASE("tag names") {
  CHECK(tags::split_tags("  a b\xe3\x80\x80" "c ") == std::vector<std::string>{"a", "b", "c"});
  CHECK(tags::normalize_tag_name("a::::b") == "a::blank::b");
  CHECK(tags::normalize_tag_name("x\x01y") == "xy");
  CHECK(tags::join_tags({"a", "b"}) == " a b ");
  CHECK(tags::join_tags({}) == "");
  std::vector<std::string> t{"b", "A", "a::c", "\xc3\x89t\xc3\xa9", "_x"};
  tags::sort_tags(t);
  CHECK(t == std::vector<std::string>{"_x", "A", "a::c", "b", "\xc3\x89t\xc3\xa9"});
}
