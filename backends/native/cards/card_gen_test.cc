// Card generation (cards/card_gen.h) on real collections: rslib's random positions, nextPos default,
// the deck rule for cards added by a note type edit, and one generator for notes and note types.
#include <catch2/catch.hpp>

#include "backends/native/cards/card_gen.h"
#include "backends/native/decks/deck_ops.h"
#include "backends/native/notes/test_support.h"
#include "backends/native/notetypes/notetype_row.h"
#include "backends/native/storage/transaction.h"

using namespace ankc::native;
using ankc::native::testing::NotesEnv;

TEST_CASE("random_position reproduces rslib's seeded positions") {
  CHECK(random_position(5) == 180);
  CHECK(random_position(500) == 13);
  CHECK(random_position(5001) == 3731);
}

TEST_CASE("nextPos: 0 when absent (rslib), then advanced by one per note") {
  NotesEnv env;
  env.call("getTags");
  env.sql("delete from config where key = 'nextPos'");
  std::string added = env.call("addNote", R"J({"note": {"deckName": "Default", "modelName": "Basic (and reversed card)",
      "fields": {"Front": "f", "Back": "b"}}})J");
  REQUIRE(added.rfind("ERR", 0) != 0);
  CHECK(env.sql("select group_concat(due) from cards") == "0,0");
  CHECK(env.sql("select val from config where key = 'nextPos'") == "1");
}

TEST_CASE("a template added to a note type: cards go to the deck the note's cards share") {
  NotesEnv env;
  {
    auto tx = env.session->write();
    ensure_deck(env.session->db(), "Elsewhere", env.clock.now());
    tx.commit();
  }
  std::string added = env.call("addNote", R"J({"note": {"deckName": "Elsewhere", "modelName": "Basic",
      "fields": {"Front": "f", "Back": "b"}}})J");
  REQUIRE(added.rfind("ERR", 0) != 0);
  std::string did = env.sql("select did from cards");
  REQUIRE(did != "1");
  {
    auto tx = env.session->write();
    auto nt = load_notetype_by_name(env.session->db(), "Basic");
    REQUIRE(nt);
    CardTemplate t = nt->templates[0];
    t.ord.reset();
    t.id.reset();
    t.name = "Card 2";
    t.q_format = "{{Back}}";
    nt->templates.push_back(t);
    CHECK(CardGenerator(env.session->db(), *nt, env.clock.now()).add_for_notetype() == 1);
    tx.commit();
  }
  CHECK(env.sql("select ord, did, due from cards order by ord") == "0|" + did + "|1\n1|" + did + "|1");
}

TEST_CASE("ids of a batch follow Anki's rule: now, else max(id) + 1") {
  NotesEnv env;
  auto note = [](const char* front) {
    return std::string(R"({"deckName": "Default", "modelName": "Basic", "fields": {"Front": ")") + front + "\"}}";
  };
  REQUIRE(env.call("addNote", "{\"note\": " + note("a") + "}") == "1767323045678");
  // A note and card from the future hold the largest ids; `now` itself is free again.
  env.sql("update notes set id = 1767323045683; update cards set id = 1767323045683, nid = 1767323045683");
  CHECK(env.call("addNotes", "{\"notes\": [" + note("b") + ", " + note("c") + "]}") ==
        "[1767323045678, 1767323045684]");
  CHECK(env.sql("select group_concat(id) from (select id from cards order by id)") ==
        "1767323045678,1767323045683,1767323045684");
}
