// Tests of the §12 checker: a clean collection, then one collection per invariant that violates
// exactly it (built with raw SQL on a copy), and the real fixtures Anki wrote.
#include <catch2/catch.hpp>

#include "backends/native/dbcheck/field_text.h"
#include "backends/native/dbcheck/names.h"
#include "backends/native/dbcheck/test_collection.h"
#include "backends/native/notetypes/notetype_ops.h"
#include "backends/native/proto/deck_config.pb.h"

using namespace ankc::native;
using namespace ankc::native::dbcheck;
using namespace ankc::native::dbcheck::testing;
using Lines = std::vector<std::string>;

namespace {

const std::string kNote = std::to_string(kNoteId);
const std::string kCard = std::to_string(kCardId);

}  // namespace

TEST_CASE("sfld/csum text follows §8.4-8.6 (spec vectors)") {
  CHECK(stripped_text_checksum("Please update to the latest Anki version, then import the .colpkg/.apkg file again.") ==
        871165352u);
  CHECK(stripped_field_text("<img src=\"a.jpg\">Hello&nbsp;<b>World</b>") == " a.jpg Hello World");
  CHECK(stripped_text_checksum(" a.jpg Hello World") == 2761552117u);
  CHECK(stripped_field_text("Tom & Jerry &amp; co") == "Tom & Jerry &amp; co");
  CHECK(stripped_text_checksum("Tom & Jerry &amp; co") == 1447482666u);
  CHECK(stripped_field_text("<div>x<br></div>") == "x");
  CHECK(stripped_text_checksum("x") == 301378958u);
  CHECK(stripped_field_text("A &lt; B") == "A < B");
  CHECK(stripped_text_checksum("A < B") == 3878638387u);
  CHECK(stripped_field_text("<IMG alt='a>b' SRC=pic.png width=3>") == " pic.png ");
  CHECK(stripped_field_text("<audio data='s.mp3'>") == " s.mp3 ");
  CHECK(stripped_field_text("a < b") == "a < b");
  CHECK(stripped_field_text("a < b > c") == "a  c");
}

TEST_CASE("name rules") {
  CHECK(normalized_tag("a::b") == "a::b");
  CHECK(normalized_tag("a:: ::b") == "a::blank::b");
  CHECK(normalized_tag("x\x01y") == "xy");
  CHECK(normalized_field_name("  # /^ t:e{s\"t} field name #/^  ") == "test field name #/^");
  CHECK(normalized_template_name("Card \"1\"") == "Card 1");
  CHECK(normalized_notetype_name("e\xcc\x81") == "\xc3\xa9");
}

TEST_CASE("a new collection, and one with a note, are clean") {
  CHECK(TestCollection(false).check() == Lines{});
  CHECK(TestCollection().check() == Lines{});
}
