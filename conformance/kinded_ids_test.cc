#include "conformance/kinded_ids.h"

#include <catch2/catch.hpp>

namespace cf = ankc::conformance;
using cf::IdSide;

namespace {

std::string kind(const std::string& action, IdSide side, std::vector<std::string> path, bool is_key = false) {
  return cf::id_kind(action, side, path, is_key);
}

}  // namespace

TEST_CASE("id_kind: request positions of the corpus") {
  CHECK(kind("notesInfo", IdSide::request, {"notes", "[0]"}) == "note");
  CHECK(kind("getNoteTags", IdSide::request, {"note"}) == "note");
  CHECK(kind("updateNoteFields", IdSide::request, {"note", "id"}) == "note");
  CHECK(kind("cardsInfo", IdSide::request, {"cards", "[3]"}) == "card");
  CHECK(kind("setSpecificValueOfCard", IdSide::request, {"card"}) == "card");
  CHECK(kind("answerCards", IdSide::request, {"answers", "[0]", "cardId"}) == "card");
  CHECK(kind("deckNameFromId", IdSide::request, {"deckId"}) == "deck");
  CHECK(kind("findModelsById", IdSide::request, {"modelIds", "[1]"}) == "model");
  CHECK(kind("modelNameFromId", IdSide::request, {"modelId"}) == "model");
  CHECK(kind("saveDeckConfig", IdSide::request, {"config", "id"}) == "deck config");
  CHECK(kind("cloneDeckConfigId", IdSide::request, {"cloneFrom"}) == "deck config");
  CHECK(kind("cardReviews", IdSide::request, {"startID"}) == "review");
  CHECK(kind("insertReviews", IdSide::request, {"reviews", "[2]", "[0]"}) == "review");
  CHECK(kind("insertReviews", IdSide::request, {"reviews", "[2]", "[1]"}) == "card");
  CHECK(kind("insertReviews", IdSide::request, {"reviews", "[2]", "[6]"}) == "");
  CHECK(kind("addNote", IdSide::request, {"note", "fields", "Front"}) == "");
}

TEST_CASE("id_kind: response positions of the corpus") {
  CHECK(kind("addNote", IdSide::response, {}) == "note");
  CHECK(kind("addNotes", IdSide::response, {"[4]"}) == "note");
  CHECK(kind("findNotes", IdSide::response, {"[0]"}) == "note");
  CHECK(kind("findCards", IdSide::response, {"[0]"}) == "card");
  CHECK(kind("cardsToNotes", IdSide::response, {"[0]"}) == "note");
  CHECK(kind("createDeck", IdSide::response, {}) == "deck");
  CHECK(kind("deckNamesAndIds", IdSide::response, {"Languages::French"}) == "deck");
  CHECK(kind("modelNamesAndIds", IdSide::response, {"Basic"}) == "model");
  CHECK(kind("getDecks", IdSide::response, {"Default", "[0]"}) == "card");
  CHECK(kind("notesInfo", IdSide::response, {"[0]", "noteId"}) == "note");
  CHECK(kind("notesInfo", IdSide::response, {"[0]", "cards", "[1]"}) == "card");
  CHECK(kind("cardsInfo", IdSide::response, {"[0]", "cardId"}) == "card");
  CHECK(kind("cardsInfo", IdSide::response, {"[0]", "note"}) == "note");
  CHECK(kind("getDeckStats", IdSide::response, {"{id}"}, true) == "deck");
  CHECK(kind("getDeckStats", IdSide::response, {"{id}", "deck_id"}) == "deck");
  CHECK(kind("getReviewsOfCards", IdSide::response, {"{id}"}, true) == "card");
  CHECK(kind("getReviewsOfCards", IdSide::response, {"{id}", "[0]", "id"}) == "review");
  CHECK(kind("cardReviews", IdSide::response, {"[1]", "[0]"}) == "review");
  CHECK(kind("cardReviews", IdSide::response, {"[1]", "[1]"}) == "card");
  CHECK(kind("createModel", IdSide::response, {"id"}) == "model");
  CHECK(kind("createModel", IdSide::response, {"flds", "[0]", "id"}) == "field");
  CHECK(kind("findModelsByName", IdSide::response, {"[0]", "tmpls", "[1]", "id"}) == "template");
  CHECK(kind("getDeckConfig", IdSide::response, {"id"}) == "deck config");
  CHECK(kind("cloneDeckConfigId", IdSide::response, {}) == "deck config");
  CHECK(kind("getLatestReviewID", IdSide::response, {}) == "review");
  CHECK(kind("someUnknownAction", IdSide::response, {"[0]"}) == "");
  CHECK(cf::query_prefix_kind("NID") == "note");
  CHECK(cf::query_prefix_kind("tag") == "");
}

// The case the token mapping could not tell apart: the primary gives a deck and a note the same number
// (one millisecond), the shadow gives them two.
TEST_CASE("KindedIds: one primary number standing for a deck and a note") {
  cf::KindedIds ids;
  const std::string createDeck = R"({"action": "createDeck", "version": 6, "params": {"deck": "D"}})";
  CHECK(ids.rewrite_request(createDeck) == createDeck);
  CHECK(ids.reconcile(createDeck, R"({"result": 1700000000500, "error": null})",
                      R"({"result": 1800000000001, "error": null})") == R"({"result": 1800000000001, "error": null})");
  const std::string addNote = R"({"action": "addNote", "version": 6, "params": {"note": {"deckName": "D"}}})";
  ids.rewrite_request(addNote);
  CHECK(ids.reconcile(addNote, R"({"result": 1700000000500, "error": null})",
                      R"({"result": 1800000000002, "error": null})") == R"({"result": 1800000000002, "error": null})");
  CHECK(ids.lookup("deck", "1700000000500") == "1800000000001");
  CHECK(ids.lookup("note", "1700000000500") == "1800000000002");
  CHECK(ids.lookup("", "1700000000500").empty());  // ambiguous at a position of no known kind
  CHECK(ids.lookup("card", "1700000000500").empty());

  CHECK(ids.rewrite_request(R"({"action": "notesInfo", "version": 6, "params": {"notes": [1700000000500, 1234567890123]}})") ==
        R"({"action": "notesInfo", "version": 6, "params": {"notes": [1800000000002, 1234567890123]}})");
  CHECK(ids.rewrite_request(R"({"action": "deckNameFromId", "version": 6, "params": {"deckId": 1700000000500}})") ==
        R"({"action": "deckNameFromId", "version": 6, "params": {"deckId": 1800000000001}})");
  CHECK(ids.rewrite_request(R"({"action": "findCards", "version": 6, "params": {"query": "did:1700000000500 or nid:1,1700000000500"}})") ==
        R"({"action": "findCards", "version": 6, "params": {"query": "did:1800000000001 or nid:1,1800000000002"}})");
  // An unknown kind with two candidates is left alone rather than guessed.
  CHECK(ids.rewrite_request(R"({"action": "fancyNew", "version": 6, "params": {"thing": 1700000000500}})") ==
        R"({"action": "fancyNew", "version": 6, "params": {"thing": 1700000000500}})");

  // An error naming the id the request named follows that request's pairing.
  const std::string tags = R"({"action": "getNoteTags", "version": 6, "params": {"note": 1700000000500}})";
  CHECK(ids.rewrite_request(tags) == R"({"action": "getNoteTags", "version": 6, "params": {"note": 1800000000002}})");
  CHECK(ids.reconcile(tags, R"({"result": null, "error": "Note was not found: 1700000000500"})",
                      R"({"result": null, "error": "Note was not found: 1800000000002"})") ==
        R"({"result": null, "error": "Note was not found: 1800000000002"})");
}

TEST_CASE("KindedIds: multi requests and responses are read per inner action") {
  cf::KindedIds ids;
  ids.add("note", "1700000000001", "1800000000001");
  ids.add("card", "1700000000001", "1800000000009");
  const std::string request =
      R"({"action": "multi", "version": 6, "params": {"actions": [{"action": "notesInfo", "params": {"notes": [1700000000001]}}, )"
      R"({"action": "multi", "params": {"actions": [{"action": "cardsInfo", "params": {"cards": [1700000000001]}}]}}]}})";
  CHECK(ids.rewrite_request(request) ==
        R"({"action": "multi", "version": 6, "params": {"actions": [{"action": "notesInfo", "params": {"notes": [1800000000001]}}, )"
        R"({"action": "multi", "params": {"actions": [{"action": "cardsInfo", "params": {"cards": [1800000000009]}}]}}]}})");
  const std::string primary =
      R"({"result": [{"result": [{"noteId": 1700000000001, "cards": [1700000000001]}], "error": null}, )"
      R"({"result": [{"result": [{"cardId": 1700000000001, "note": 1700000000001}], "error": null}], "error": null}], "error": null})";
  const std::string shadow =
      R"({"result": [{"result": [{"noteId": 1800000000001, "cards": [1800000000009]}], "error": null}, )"
      R"({"result": [{"result": [{"cardId": 1800000000009, "note": 1800000000001}], "error": null}], "error": null}], "error": null})";
  CHECK(ids.reconcile(request, primary, shadow) == shadow);
}

TEST_CASE("KindedIds: tolerated and learned values, and differences that stay") {
  cf::KindedIds ids;
  const std::string request = R"({"action": "notesInfo", "version": 6, "params": {"notes": [1700000000001]}})";
  ids.rewrite_request(request);
  // Identical bodies before any id differed: nothing to learn (the walk is skipped).
  const std::string same = R"({"result": [{"noteId": 1700000000001, "mod": 17}], "error": null})";
  CHECK(ids.reconcile(request, same, same) == same);
  CHECK(ids.mapping().empty());
  // mod and usn tolerated in place, guid learned, the note id learned.
  CHECK(ids.reconcile(request, R"({"result": [{"noteId": 1700000000001, "guid": "abc", "mod": 17, "usn": -1}], "error": null})",
                      R"({"result": [{"noteId": 1800000000001, "guid": "xyz", "mod": 18, "usn": 3}], "error": null})") ==
        R"({"result": [{"noteId": 1800000000001, "guid": "xyz", "mod": 18, "usn": 3}], "error": null})");
  CHECK(ids.lookup("guid", "\"abc\"") == "\"xyz\"");
  // Anything else is left for the byte comparison: a field value, a small number elsewhere.
  CHECK(ids.reconcile(request, R"({"result": [{"noteId": 1700000000001, "tags": ["a"], "ord": 1}], "error": null})",
                      R"({"result": [{"noteId": 1800000000001, "tags": ["b"], "ord": 2}], "error": null})") ==
        R"({"result": [{"noteId": 1800000000001, "tags": ["a"], "ord": 1}], "error": null})");
  // One response pairing one primary note with two shadow notes: the second stays a difference.
  CHECK(ids.reconcile(R"({"action": "findNotes", "version": 6, "params": {"query": ""}})",
                      R"({"result": [1700000000002, 1700000000002], "error": null})",
                      R"({"result": [1800000000002, 1800000000003], "error": null})") ==
        R"({"result": [1800000000002, 1700000000002], "error": null})");
  // The latest pairing of a kind wins (a primary may hand out a deleted note's id again).
  ids.reconcile(R"({"action": "addNote", "version": 6, "params": {}})", R"({"result": 1700000000001, "error": null})",
                R"({"result": 1800000000077, "error": null})");
  CHECK(ids.lookup("note", "1700000000001") == "1800000000077");
  // Random field ids may be negative.
  CHECK(ids.reconcile(R"({"action": "createModel", "version": 6, "params": {}})",
                      R"({"result": {"id": 1700000000020, "flds": [{"id": -6225333416537669141}]}, "error": null})",
                      R"({"result": {"id": 1800000000020, "flds": [{"id": 1240453677939290631}]}, "error": null})") ==
        R"({"result": {"id": 1800000000020, "flds": [{"id": 1240453677939290631}]}, "error": null})");
  CHECK(ids.lookup("field", "-6225333416537669141") == "1240453677939290631");
  // Keys that are ids (getDeckStats), and a body that is not JSON.
  CHECK(ids.reconcile(R"({"action": "getDeckStats", "version": 6, "params": {"decks": ["D"]}})",
                      R"({"result": {"1700000000009": {"deck_id": 1700000000009}}, "error": null})",
                      R"({"result": {"1800000000009": {"deck_id": 1800000000009}}, "error": null})") ==
        R"({"result": {"1800000000009": {"deck_id": 1800000000009}}, "error": null})");
  CHECK(ids.rewrite_text("/x?deck=1700000000009") == "/x?deck=1800000000009");
  CHECK(ids.rewrite_request("not json 1700000000009") == "not json 1800000000009");
}
