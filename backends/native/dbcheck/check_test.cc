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

// The §8.4–§8.6 vectors are tested where the one implementation lives: notes/note_text_test.cc.

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

TEST_CASE("7: deck names") {
  SECTION("missing parent") {
    TestCollection col;
    col.exec("INSERT INTO decks SELECT 1774903411600, 'A' || char(31) || 'B', mtime_secs, usn, common, kind"
             " FROM decks WHERE id = 1");
    CHECK(col.check() == Lines{"7 error: parent deck missing: 1774903411600 \"A::B\""});
  }
  SECTION("component not normalised") {
    TestCollection col;
    col.exec("UPDATE decks SET name = 'Default ' WHERE id = 1");
    CHECK(col.check() == Lines{"7 warning: deck name not normalised: 1 \"Default \""});
  }
  SECTION("deck below a filtered deck") {
    TestCollection col;
    // F is filtered (kind field 2, empty message); F::G is a normal child.
    col.exec("INSERT INTO decks SELECT 1774903411600, 'F', mtime_secs, usn, common, x'1200' FROM decks WHERE id = 1;"
             "INSERT INTO decks SELECT 1774903411601, 'F' || char(31) || 'G', mtime_secs, usn, common, kind"
             " FROM decks WHERE id = 1");
    CHECK(col.check() == Lines{"7 error: deck below a filtered deck: 1774903411601 \"F::G\""});
  }
}

TEST_CASE("8: deck -> preset") {
  SECTION("missing preset") {
    TestCollection col;
    col.exec("UPDATE decks SET kind = x'0a0308e707' WHERE id = 1");  // normal, config_id 999
    CHECK(col.check() == Lines{"8 warning: deck 1 \"Default\" uses missing preset 999"});
  }
  SECTION("value outside the clamp range") {
    TestCollection col;
    ankc::pb::DeckConfigConfig p;
    auto db = storage::Db::open(col.file, false);
    {
      auto q = db->query_uncached("SELECT config FROM deck_config WHERE id = 1");
      REQUIRE(q.next());
      REQUIRE(p.ParseFromString(q.col_blob(0)));
    }
    p.set_new_per_day(10000);
    db->query_uncached("UPDATE deck_config SET config = ? WHERE id = 1").blob(1, p.SerializeAsString()).run();
    db->close();
    CHECK(col.check() == Lines{"8 warning: preset 1 new_per_day 10000 is outside Anki's range"});
  }
}

TEST_CASE("9: notetype names, sort field") {
  TestCollection col;
  std::string ntid = std::to_string(col.notetype_id("Basic"));
  SECTION("template name with a quote") {
    col.exec("UPDATE templates SET name = 'Card \"1\"' WHERE ntid = " + ntid);
    CHECK(col.check() == Lines{"9 error: template name not valid in " + ntid + " \"Basic\": \"Card \"1\"\""});
  }
  SECTION("notetype name not NFC") {
    col.exec("UPDATE notetypes SET name = 'Basic e' || char(769) WHERE id = " + ntid);
    CHECK(col.check() == Lines{"9 error: notetype name not valid: " + ntid + " \"Basic e\xcc\x81\""});
  }
  SECTION("field name with a quote") {
    // (Duplicate names cannot be built: the unicase unique indexes refuse them.)
    col.edit_notetype("Basic", [](Notetype& nt) {
      nt.fields[1].name = "Ba\"ck";
      nt.templates[0].a_format = "{{Ba\"ck}}";
    });
    CHECK(col.check() == Lines{"9 error: field name not valid in " + ntid + " \"Basic\": \"Ba\"ck\""});
  }
  SECTION("sort field beyond the fields") {
    col.edit_notetype("Basic", [](Notetype& nt) { nt.sort_field_idx = 2; });
    // sfld of the note is then '' (§8.5): the stored 'Hello' differs too.
    CHECK(col.check() == Lines{"9 error: sort field index beyond the fields: " + ntid + " \"Basic\"",
                               "14 warning: note " + kNote + " sfld differs from its sort field's text"});
  }
}

TEST_CASE("10: templates") {
  TestCollection col;
  std::string ntid = std::to_string(col.notetype_id("Basic"));
  std::string where = "template 0 of " + ntid + " \"Basic\"";
  SECTION("front without a field (reqs kept consistent)") {
    col.edit_notetype("Basic", [](Notetype& nt) {
      nt.templates[0].q_format = "hello";
      nt.reqs = compute_requirements(nt);
    });
    CHECK(col.check() == Lines{"10 warning: " + where + ": the front uses no field"});
  }
  SECTION("unknown field") {
    col.edit_notetype("Basic", [](Notetype& nt) { nt.templates[0].a_format = "{{Back}}{{Nope}}{{Tags}}{{}}"; });
    CHECK(col.check() == Lines{"10 warning: " + where + " uses unknown field \"Nope\""});
  }
  SECTION("does not parse") {
    col.edit_notetype("Basic", [](Notetype& nt) { nt.templates[0].a_format = "{{#Back}}"; });
    CHECK(col.check() == Lines{"10 warning: " + where + " does not parse: Missing '{{/Back}}'"});
  }
  SECTION("duplicate fronts, unless {{Card}}") {
    col.edit_notetype("Basic (and reversed card)", [](Notetype& nt) {
      nt.templates[1].q_format = nt.templates[0].q_format;
      nt.reqs = compute_requirements(nt);
    });
    std::string rid = std::to_string(col.notetype_id("Basic (and reversed card)"));
    CHECK(col.check() == Lines{"10 warning: template 1 of " + rid +
                               " \"Basic (and reversed card)\" has the same front as template 0"});
    col.edit_notetype("Basic (and reversed card)", [](Notetype& nt) {
      nt.templates[0].q_format = nt.templates[1].q_format = "{{ Card }}{{Front}}";
      nt.reqs = compute_requirements(nt);
    });
    CHECK(col.check() == Lines{});
  }
  SECTION("cloze notetype without cloze on the back") {
    col.edit_notetype("Cloze", [](Notetype& nt) { nt.templates[0].a_format = "{{Text}}"; });
    std::string cid = std::to_string(col.notetype_id("Cloze"));
    CHECK(col.check() == Lines{"10 warning: cloze notetype " + cid +
                               " \"Cloze\" lacks a cloze: filter on both sides of template 0"});
  }
}

TEST_CASE("11: reqs") {
  TestCollection col;
  std::string ntid = std::to_string(col.notetype_id("Basic"));
  SECTION("wrong kind") {
    col.edit_notetype("Basic", [](Notetype& nt) { nt.reqs[0] = {0, CardRequirement::Kind::None, {}}; });
    CHECK(col.check() == Lines{"11 warning: reqs of " + ntid + " \"Basic\" are [0 none []], expected [0 any [0]]"});
  }
  SECTION("one entry per template") {
    col.edit_notetype("Basic", [](Notetype& nt) { nt.reqs.clear(); });
    CHECK(col.check() == Lines{"11 warning: reqs of " + ntid + " \"Basic\" are [], expected [0 any [0]]"});
  }
  SECTION("\"all\" of one field is the same as \"any\" of it (older Anki wrote \"all\")") {
    col.edit_notetype("Basic", [](Notetype& nt) { nt.reqs[0].kind = CardRequirement::Kind::All; });
    CHECK(col.check() == Lines{});
  }
}

TEST_CASE("13: field content") {
  TestCollection col;
  SECTION("control character") {
    col.exec("UPDATE notes SET flds = 'Hello' || char(31) || 'Wor' || char(13) || 'ld'");
    CHECK(col.check() == Lines{"13 warning: note " + kNote + " has control characters in a field"});
  }
  SECTION("tab and newline are fine") {
    col.exec("UPDATE notes SET flds = 'Hello' || char(31) || 'Wor' || char(9) || 'l' || char(10) || 'd'");
    CHECK(col.check() == Lines{});
  }
  SECTION("not NFC") {
    col.exec("UPDATE notes SET flds = 'Hello' || char(31) || 'e' || char(769)");
    CHECK(col.check() == Lines{"13 warning: note " + kNote + " has a field not in NFC"});
    col.exec("INSERT OR REPLACE INTO config VALUES ('normalize_note_text', -1, 0, CAST('false' AS BLOB))");
    CHECK(col.check() == Lines{});
  }
  SECTION("invalid UTF-8") {
    col.exec("UPDATE notes SET flds = 'Hello' || char(31) || CAST(x'ff41' AS TEXT)");
    CHECK(col.check() == Lines{"13 warning: note " + kNote + " has a field that is not valid UTF-8"});
  }
}

TEST_CASE("14: sfld and csum") {
  TestCollection col;
  SECTION("wrong csum") {
    col.exec("UPDATE notes SET csum = 1");
    CHECK(col.check() ==
          Lines{"14 error: note " + kNote + " csum 1 != " + std::to_string(stripped_text_checksum("Hello"))});
  }
  SECTION("wrong sfld") {
    col.exec("UPDATE notes SET sfld = 'Hell'");
    CHECK(col.check() == Lines{"14 warning: note " + kNote + " sfld differs from its sort field's text"});
  }
  SECTION("numeric sort field stored through the column's affinity") {
    std::string csum = std::to_string(stripped_text_checksum("0123"));
    col.exec("UPDATE notes SET flds = '<b>0123</b>' || char(31) || 'x', sfld = '0123', csum = " + csum);
    CHECK(col.scalar("SELECT typeof(sfld) || ' ' || sfld FROM notes") == "integer 123");
    CHECK(col.check() == Lines{});
    col.exec("UPDATE notes SET sfld = 124");
    CHECK(col.check() == Lines{"14 warning: note " + kNote + " sfld differs from its sort field's text"});
  }
}

TEST_CASE("16: tags") {
  TestCollection col;
  col.exec("INSERT INTO tags VALUES ('a', -1, 1, NULL), ('b', -1, 1, NULL)");
  std::string n = "16 warning: note " + kNote;
  SECTION("clean with several tags") {
    col.exec("UPDATE notes SET tags = ' a b Tag1 '");
    CHECK(col.check() == Lines{});
  }
  SECTION("not sorted") {
    col.exec("UPDATE notes SET tags = ' b a '");
    CHECK(col.check() == Lines{n + " tags not sorted: \" b a \""});
  }
  SECTION("bad form") {
    col.exec("UPDATE notes SET tags = 'a b'");
    CHECK(col.check() == Lines{n + " tags not in \" t1 t2 \" form: \"a b\""});
  }
  SECTION("duplicate") {
    col.exec("UPDATE notes SET tags = ' a A '");
    CHECK(col.check() == Lines{n + " duplicate tag \"A\"", n + " tag \"A\" is registered as \"a\""});
  }
  SECTION("unregistered") {
    col.exec("UPDATE notes SET tags = ' zzz '");
    CHECK(col.check() == Lines{n + " tag \"zzz\" has no row in tags"});
  }
  SECTION("not normalised") {
    col.exec("INSERT INTO tags VALUES ('x::', -1, 1, NULL); UPDATE notes SET tags = ' x:: '");
    CHECK(col.check() == Lines{n + " tag not normalised: \"x::\""});
  }
}

TEST_CASE("19: card ordinals and completeness") {
  TestCollection col;
  SECTION("a card Anki would still generate is missing") {
    std::string rid = std::to_string(col.notetype_id("Basic (and reversed card)"));
    col.exec("UPDATE notes SET mid = " + rid);
    CHECK(col.check() == Lines{"19 warning: note " + kNote + " lacks the cards Anki would generate for ords 1"});
  }
  SECTION("card beyond the templates") {
    col.exec("INSERT INTO cards SELECT id + 1, nid, did, 5, mod, usn, type, queue, due, ivl, factor, reps, lapses,"
             " left, odue, odid, flags, data FROM cards");
    CHECK(col.check() == Lines{"19 error: note " + kNote + " has a card with ord 5 but no such template"});
  }
  SECTION("cloze: every cloze number has a card") {
    std::string cid = std::to_string(col.notetype_id("Cloze"));
    std::string csum = std::to_string(stripped_text_checksum("{{c1::a}} {{c3::b}}"));
    col.exec("UPDATE notes SET mid = " + cid + ", flds = '{{c1::a}} {{c3::b}}' || char(31) || '', sfld = "
             "'{{c1::a}} {{c3::b}}', csum = " + csum);
    CHECK(col.check() == Lines{"19 warning: note " + kNote + " lacks the cards Anki would generate for ords 2"});
  }
}

TEST_CASE("21: card values and data") {
  TestCollection col;
  std::string c = "21 error: card " + kCard;
  SECTION("unknown data key") {
    col.exec("UPDATE cards SET data = '{\"zz\":1}'");
    CHECK(col.check() == Lines{c + " data has unknown key \"zz\""});
  }
  SECTION("known keys are fine") {
    col.exec("UPDATE cards SET data = '{\"pos\":1,\"s\":1.5,\"d\":5.0,\"dr\":0.9,\"lrt\":1,\"cd\":\"{\\\"k\\\":1}\"}'");
    CHECK(col.check() == Lines{});
  }
  SECTION("custom data too long or with long keys") {
    col.exec("UPDATE cards SET data = '{\"cd\":\"{\\\"longerkey\\\":1}\"}'");
    CHECK(col.check() == Lines{c + " data has a cd key longer than 8 bytes"});
    col.exec("UPDATE cards SET data = '{\"cd\":\"{\\\"k\\\":\\\"" + std::string(100, 'x') + "\\\"}\"}'");
    CHECK(col.check() == Lines{c + " data has a cd longer than 100 bytes"});
  }
  SECTION("not an object") {
    col.exec("UPDATE cards SET data = '[1]'");
    CHECK(col.check() == Lines{c + " data is not a JSON object"});
  }
  SECTION("illegal type/queue pair") {
    col.exec("UPDATE cards SET type = 2, ivl = 1");
    CHECK(col.check() == Lines{"21 error: card type/queue not a legal pair: " + kCard});
  }
  SECTION("review due beyond 100000") {
    col.exec("UPDATE cards SET type = 2, queue = 2, ivl = 1, due = 100001");
    CHECK(col.check() == Lines{"21 error: review card due above 100000: " + kCard});
  }
}
