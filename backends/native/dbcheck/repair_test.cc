// Tests of Check Database: one collection per repair, built with raw SQL, then the problem lines,
// the repaired rows, and a clean §12 check afterwards.
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include "backends/native/dbcheck/check_database.h"
#include "backends/native/dbcheck/field_text.h"
#include "backends/native/dbcheck/repair.h"
#include "backends/native/dbcheck/test_collection.h"
#include "backends/native/session.h"

using namespace ankc::native;
using namespace ankc::native::dbcheck;
using namespace ankc::native::dbcheck::testing;
using Lines = std::vector<std::string>;

namespace {

const std::string kNote = std::to_string(kNoteId);

// Runs the repairs at kNowMs + 10 s and returns the problem lines.
Lines repair(const TestCollection& col) {
  auto db = storage::Db::open(col.file, false);
  SeededRandom random(11);
  REQUIRE(collection_is_sound(*db));
  optimize_collection(*db);
  Lines out = repair_collection(*db, TimestampMillis{kNowMs + 10000}, random).problems();
  db->close();
  return out;
}

}  // namespace

TEST_CASE("check database: a clean collection has no problems and stays clean") {
  TestCollection empty(false);
  CHECK(repair(empty) == Lines{});
  CHECK(empty.scalar("SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'nextPos'") == "0");  // as Anki: no new cards
  CHECK(empty.check() == Lines{});
  TestCollection col;
  CHECK(repair(col) == Lines{});
  CHECK(col.check() == Lines{});
  CHECK(col.scalar("SELECT count(*) FROM sqlite_stat1") != "0");  // ANALYZE ran
}

TEST_CASE("check database: card properties") {
  TestCollection col;
  col.exec("UPDATE cards SET ivl = 1.5, due = 2000000, odue = 1.5");
  CHECK(repair(col) == Lines{"Found 1 new card with a due number >= 1,000,000 - consider repositioning it in the Browse screen.",
                             "Fixed 2 invalid card properties."});
  CHECK(col.scalar("SELECT due || ' ' || typeof(ivl) || ivl || ' ' || odue FROM cards") == "1000000 integer2 2");
  CHECK(repair(col) == Lines{});  // idempotent
  SECTION("review due beyond 100000 becomes today") {
    col.exec("UPDATE cards SET type = 2, queue = 2, ivl = 1, due = 200000, odue = 0");
    CHECK(repair(col) == Lines{"Fixed 1 invalid card property."});
    CHECK(col.scalar("SELECT due FROM cards") == "0");  // the collection was created today
  }
  SECTION("ord above 30000") {
    col.exec("UPDATE cards SET ord = 40000, odue = 0");
    // the card is then beyond Basic's templates and goes too
    CHECK(repair(col) == Lines{"Fixed 1 invalid card property.", "Deleted 1 card with missing template."});
  }
}

TEST_CASE("check database: orphaned cards") {
  TestCollection col;
  col.exec("DELETE FROM notes");
  CHECK(repair(col) == Lines{"Deleted 1 card with missing note."});
  CHECK(col.scalar("SELECT count(*) FROM cards") == "0");
  CHECK(col.scalar("SELECT scm FROM col") == std::to_string(kNowMs + 10000));  // full sync next time
}

TEST_CASE("check database: missing decks") {
  TestCollection col;
  SECTION("a card's deck is recreated as recovered<id>") {
    col.exec("UPDATE cards SET did = 123");
    CHECK(repair(col) == Lines{"Fixed 1 missing deck."});
    CHECK(col.scalar("SELECT name FROM decks WHERE id = 123") == "recovered123");
    CHECK(col.check() == Lines{});
  }
  SECTION("missing parents are added, counting the immediate parent once") {
    col.exec("INSERT INTO decks SELECT 1774903411600, 'foo' || char(31) || 'bar' || char(31) || 'baz', mtime_secs,"
             " usn, common, kind FROM decks WHERE id = 1");
    CHECK(repair(col) == Lines{"Fixed 1 missing deck."});
    CHECK(col.scalar("SELECT group_concat(name, '|') FROM (SELECT replace(name, char(31), '::') AS name FROM decks"
                     " ORDER BY name COLLATE unicase)") == "Default|foo|foo::bar|foo::bar::baz");
    CHECK(col.check() == Lines{});
  }
}

TEST_CASE("check database: original deck of a card outside a filtered deck") {
  TestCollection col;
  col.exec("UPDATE cards SET odid = 1, odue = 5");
  CHECK(repair(col) == Lines{"Fixed 1 invalid card property."});
  CHECK(col.scalar("SELECT odid || ' ' || odue FROM cards") == "0 0");
}

TEST_CASE("check database: card ordinals") {
  TestCollection col;
  SECTION("duplicate") {
    col.exec("INSERT INTO cards SELECT id + 1, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses,"
             " left, odue, odid, flags, data FROM cards");
    CHECK(repair(col) == Lines{"Deleted 1 card with duplicate template."});
    CHECK(col.scalar("SELECT group_concat(id) FROM cards") == std::to_string(kCardId));
  }
  SECTION("beyond the templates") {
    col.exec("INSERT INTO cards SELECT id + 1, nid, did, 10, mod, usn, type, queue, due, ivl, factor, reps, lapses,"
             " left, odue, odid, flags, data FROM cards");
    CHECK(repair(col) == Lines{"Deleted 1 card with missing template."});
    CHECK(col.scalar("SELECT count(*) FROM cards") == "1");
  }
  CHECK(col.check() == Lines{});
}

TEST_CASE("check database: field counts") {
  TestCollection col;
  SECTION("extra fields are folded into the last one") {
    col.exec("UPDATE notes SET flds = 'a' || char(31) || 'b' || char(31) || 'c' || char(31) || 'd'");
    CHECK(repair(col) == Lines{"Fixed 1 note with wrong field count."});
    CHECK(col.scalar("SELECT replace(flds, char(31), '|') || tags FROM notes") == "a|b; c; d db-check Tag1 ");
  }
  SECTION("missing fields are added empty") {
    col.exec("UPDATE notes SET flds = 'a'");
    CHECK(repair(col) == Lines{"Fixed 1 note with wrong field count."});
    CHECK(col.scalar("SELECT replace(flds, char(31), '|') || tags FROM notes") == "a| db-check Tag1 ");
  }
  CHECK(col.scalar("SELECT sfld || ' ' || csum FROM notes") == "a " + std::to_string(stripped_text_checksum("a")));
  CHECK(col.check() == Lines{});
}

TEST_CASE("check database: a missing notetype is recovered") {
  TestCollection col;
  std::string ntid = std::to_string(col.notetype_id("Basic"));
  col.exec("UPDATE notes SET flds = flds || char(31) || 'third'; INSERT INTO cards SELECT id + 1, nid, did, 1, mod,"
           " usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data FROM cards;"
           "DELETE FROM notetypes WHERE id = " + ntid + "; DELETE FROM fields WHERE ntid = " + ntid +
           "; DELETE FROM templates WHERE ntid = " + ntid);
  CHECK(repair(col)[0].rfind("One or more notetypes were missing.", 0) == 0);
  std::string name = "db-check-" + std::to_string(kNowMs + 10000) + "-3";
  CHECK(col.scalar("SELECT n.name FROM notes JOIN notetypes n ON n.id = notes.mid") == name);
  CHECK(col.scalar("SELECT group_concat(name, '|') FROM (SELECT f.name FROM fields f JOIN notetypes n ON n.id = f.ntid"
                   " WHERE n.name = '" + name + "' ORDER BY ord)") == "Front|Back|3");
  CHECK(col.scalar("SELECT count(*) FROM templates t JOIN notetypes n ON n.id = t.ntid WHERE n.name = '" + name + "'") ==
        "2");
  CHECK(col.scalar("SELECT count(*) FROM cards") == "2");
  // What Anki leaves too: its recovery notetype repeats Card 1's front, and curModel still names the
  // notetype that vanished (Anki falls back to the first notetype).
  CHECK(col.check() == Lines{"10 warning: template 1 of " + col.scalar("SELECT id FROM notetypes WHERE name = '" + name +
                                                                      "'") + " \"" + name +
                                 "\" has the same front as template 0",
                             "23 warning: curModel names no notetype: " + std::to_string(kNowMs)});
}

TEST_CASE("check database: tags are rebuilt, collapse state kept") {
  TestCollection col;
  col.exec("UPDATE notes SET tags = '  b  tag1 a' || char(12288) || 'B '; UPDATE tags SET collapsed = 0;"
           "INSERT INTO tags VALUES ('unused', -1, 1, NULL)");
  CHECK(repair(col) == Lines{});
  // The table is rebuilt from the notes: a tag is spelled as its first use spells it.
  CHECK(col.scalar("SELECT tags FROM notes") == " a b tag1 ");
  CHECK(col.scalar("SELECT group_concat(tag || collapsed, ' ') FROM (SELECT * FROM tags ORDER BY tag COLLATE unicase)") ==
        "a1 b1 tag10");
  CHECK(col.check() == Lines{});
}

TEST_CASE("check database: note text, sfld and csum are recomputed; invalid UTF-8 repaired") {
  TestCollection col;
  SECTION("stale sfld/csum and control characters") {
    col.exec("UPDATE notes SET flds = '<b>Hi</b>' || char(1) || char(31) || 'World', sfld = 'x', csum = 5");
    CHECK(repair(col) == Lines{});
    CHECK(col.scalar("SELECT flds || '|' || sfld || '|' || csum FROM notes") ==
          "<b>Hi</b>\x1fWorld|Hi|" + std::to_string(stripped_text_checksum("Hi")));
  }
  SECTION("invalid UTF-8") {
    col.exec("UPDATE notes SET flds = CAST(x'48656c6c6f1f576fff' AS TEXT)");
    CHECK(repair(col) == Lines{"Fixed 1 note with invalid utf8 characters."});
    CHECK(col.scalar("SELECT flds FROM notes") == "Hello\x1fWo\xef\xbf\xbd");
  }
  CHECK(col.check() == Lines{});
}

TEST_CASE("check database: revlog properties") {
  TestCollection col;
  col.exec("INSERT INTO revlog VALUES (1774903411000, " + std::to_string(kCardId) + ", 0, 0, 1.5, 1.5, 0, 0, 0)");
  CHECK(repair(col) == Lines{"Fixed 1 review entry with invalid properties."});
  CHECK(col.scalar("SELECT ivl || ' ' || lastIvl || ' ' || type FROM revlog") == "2 2 5");
}

TEST_CASE("check database: nextPos and ids in the future") {
  TestCollection col;
  col.exec("UPDATE config SET val = CAST('1' AS BLOB) WHERE KEY = 'nextPos'");
  std::string future = std::to_string(kNowMs + 2 * 86400000LL);
  col.exec("UPDATE notes SET id = " + future + "; UPDATE cards SET nid = " + future + ", id = " + future + ";"
           "INSERT INTO revlog VALUES (" + future + ", " + future + ", -1, 3, 1, 0, 2500, 1000, 0)");
  CHECK(repair(col) == Lines{"Fixed 3 objects with timestamps in the future."});
  std::string now = std::to_string(kNowMs + 10000);
  CHECK(col.scalar("SELECT n.id || ' ' || c.id || ' ' || r.id || ' ' || r.cid FROM notes n JOIN cards c ON c.nid = n.id,"
                   " revlog r") == now + " " + now + " " + now + " " + now);
  CHECK(col.scalar("SELECT CAST(val AS TEXT) FROM config WHERE KEY = 'nextPos'") == "2");
}

TEST_CASE("checkDatabase action: result shape, corrupt file") {
  TestCollection col;
  col.exec("UPDATE cards SET odid = 1, odue = 5");
  FixedClock clock(TimestampMillis{kNowMs + 10000}, 0);
  SeededRandom random(2);
  {
    Session session(col.file, col.dir / "collection.media", clock, random);
    boost::json::value v = dbcheck_actions()[0].handler(session, {});
    CHECK(boost::json::serialize(v) == R"({"problems":"Fixed 1 invalid card property.","ok":false})");
    v = dbcheck_actions()[0].handler(session, {});
    CHECK(boost::json::serialize(v) == R"({"problems":"","ok":true})");
  }
}
