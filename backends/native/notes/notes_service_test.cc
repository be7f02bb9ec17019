// The note, card and tag actions on real collections (a new one and a copy of apy__test_base.anki2):
// spec examples and error texts as bytes, rows as Anki writes them, the collection checker, media
// fields, and 16 threads adding 1,000 notes.
#include <catch2/catch.hpp>
#include <set>
#include <thread>

#include "backends/native/notes/test_support.h"

using ankc::native::testing::NotesEnv;

namespace {

const char* kBasic = R"({"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front content", "Back": "back content"}, "tags": ["yomichan"]}})";

std::string basic(const std::string& front, const std::string& extra = "") {
  return R"({"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": ")" + front +
         R"(", "Back": "b"})" + extra + "}}";
}

}  // namespace

TEST_CASE("addNote: spec example on a new collection, rows as Anki writes them") {
  NotesEnv env;
  std::string req = R"({"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front content", "Back": "back content"}, "tags": ["yomichan"],
    "options": {"allowDuplicate": false, "duplicateScope": "deck", "duplicateScopeOptions": {"deckName": "Default", "checkChildren": false, "checkAllModels": false}},
    "picture": [{"data": "aGVsbG8=", "filename": "black_cat.jpg", "skipHash": "8d6e4646dfae812bf39651b59d7429ce", "fields": ["Back"]}]}})";
  CHECK(env.call("addNote", req) == "1767323045678");
  CHECK(env.sql("select id, mid > 0, mod, usn, tags, flds, sfld, csum, flags, data from notes") ==
        "1767323045678|1|1767323045|-1| yomichan |front content\x1f" "back content<img src=\"black_cat.jpg\">|front content|" +
            std::to_string(3787401650u) + "|0|");
  CHECK(env.sql("select id, nid, did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data from cards") ==
        "1767323045678|1767323045678|1|0|1767323045|-1|0|0|1|0|0|0|0|0|0|0|0|{}");
  CHECK(env.sql("select tag, usn, collapsed, config from tags") == "yomichan|-1|1|NULL");
  CHECK(env.sql("select val from config where key = 'nextPos'") == "2");
  CHECK(env.sql("select length(guid) between 1 and 10 from notes") == "1");
  CHECK(env.check() == "");
  // Same front again: duplicate in the deck scope and in Anki's default check.
  CHECK(env.call("addNote", req) == "ERR: cannot create note because it is a duplicate");
  CHECK(env.call("addNote", kBasic) == "ERR: cannot create note because it is a duplicate");
  CHECK(env.call("canAddNoteWithErrorDetail", kBasic) == R"({"canAdd": false, "error": "cannot create note because it is a duplicate"})");
  CHECK(env.call("canAddNote", kBasic) == "false");
}

TEST_CASE("addNote / addNotes / canAdd*: errors and spec examples") {
  NotesEnv env;
  CHECK(env.call("canAddNote", kBasic) == "true");
  CHECK(env.call("canAddNotes", std::string(R"({"notes": [)") + R"({"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front content", "Back": "back content"}, "tags": ["yomichan"]}]})") == "[true]");
  CHECK(env.call("addNotes", R"({"notes": [{"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front 1", "Back": "back 1"}, "tags": ["yomichan"]},
        {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front 2", "Back": "back 2"}, "tags": ["yomichan"]}]})") ==
        "[1767323045678, 1767323045679]");
  CHECK(env.sql("select group_concat(due) from cards") == "1,2");
  CHECK(env.call("addNote", kBasic) == "1767323045680");
  CHECK(env.call("canAddNotesWithErrorDetail", R"({"notes": [{"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front content", "Back": "back content"}, "tags": ["yomichan"]}, {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front content 2", "Back": "back content 2"}, "tags": ["yomichan"]}]})") ==
        R"([{"canAdd": false, "error": "cannot create note because it is a duplicate"}, {"canAdd": true}])");
  CHECK(env.call("canAddNotes", R"({"notes": 5})") == "ERR: 'int' object is not iterable");

  CHECK(env.call("addNote", R"({"note": {"deckName": "Default", "modelName": "x", "fields": {}}})") == "ERR: model was not found: x");
  CHECK(env.call("addNote", R"({"note": {"deckName": "Nope", "modelName": "basic", "fields": {}}})") == "ERR: deck was not found: Nope");
  CHECK(env.call("addNote", R"({"note": {"deckName": "Default", "fields": {}}})") == "ERR: 'modelName'");
  CHECK(env.call("addNote", R"({"note": {"modelName": "Basic", "fields": {}}})") == "ERR: 'deckName'");
  CHECK(env.call("addNote", R"({"note": {"deckName": "Default", "modelName": "Basic"}})") == "ERR: 'fields'");
  CHECK(env.call("addNote", R"({"note": {"deckName": "default", "modelName": "Basic", "fields": {"Front": " <br> "}}})") ==
        "ERR: cannot create note because it is empty");
  CHECK(env.call("addNote", basic("x", R"(, "options": {"allowDuplicate": 1})")) == "ERR: option parameter \"allowDuplicate\" must be boolean");
  CHECK(env.call("addNote", basic("x", R"(, "options": {"duplicateScopeOptions": {"checkChildren": "no"}})")) ==
        "ERR: option parameter \"duplicateScopeOptions.checkChildren\" must be boolean");
  CHECK(env.call("addNote", basic("x", R"(, "options": {"duplicateScopeOptions": {"checkAllModels": null}})")) ==
        "ERR: option parameter \"duplicateScopeOptions.checkAllModels\" must be boolean");
  CHECK(env.call("addNote", R"({"note": {"deckName": "Default", "modelName": "Cloze", "fields": {"Text": "no cloze"}}})") ==
        "ERR: cannot create note for unknown reason");
  CHECK(env.call("addNote", basic("{{c1::x}}")) == "ERR: cannot create note for unknown reason");
  // Plugin path: <br> is not empty there, and allowDuplicate lets the duplicate in.
  CHECK(env.call("addNote", basic("front content", R"(, "options": {"allowDuplicate": true})")) == "1767323045681");
  // addNotes is all or nothing; the error is str() of the list of texts.
  std::string before = env.sql("select count(), (select val from config where key='nextPos') from notes");
  CHECK(env.call("addNotes", R"({"notes": [{"deckName": "Default", "modelName": "Basic", "fields": {"Front": "new one"}},
        {"deckName": "Default", "modelName": "x", "fields": {}}, {"deckName": "Bob's", "modelName": "Basic", "fields": {}}]})") ==
        R"(ERR: ['model was not found: x', "deck was not found: Bob's"])");
  CHECK(env.sql("select count(), (select val from config where key='nextPos') from notes") == before);
  CHECK(env.check() == "");
}

TEST_CASE("fields match case-insensitively on add, exactly on update; cards follow content") {
  NotesEnv env;
  CHECK(env.call("addNote", R"x({"note": {"deckName": "Default", "modelName": "Basic (optional reversed card)", "fields": {"front": "F", "FRONT": "F2", "Nope": "x"}}})x") == "1767323045678");
  CHECK(env.sql("select flds from notes") == "F2\x1f\x1f");
  CHECK(env.sql("select count() from cards") == "1");
  CHECK(env.call("updateNoteFields", R"({"note": {"id": 1767323045678, "fields": {"add reverse": "y", "Add Reverse": "yes", "Back": "b"}}})") == "null");
  CHECK(env.sql("select flds from notes") == "F2\x1f" "b\x1fyes");
  CHECK(env.sql("select ord, due from cards order by ord") == "0|1\n1|1");
  CHECK(env.call("updateNoteFields", R"({"note": {"id": 1, "fields": {}}})") == "ERR: Note was not found: 1");
  CHECK(env.call("updateNoteFields", R"({"note": {"fields": {}}})") == "ERR: 'id'");
  CHECK(env.call("updateNoteFields", R"({"note": {"id": 1767323045678}})") == "ERR: 'fields'");
  CHECK(env.call("updateNote", R"({"note": {"id": 1767323045678}})") == "ERR: Must provide a \"fields\" or \"tags\" property.");
  CHECK(env.call("updateNote", R"({"note": {"id": 1767323045678, "fields": {"Front": "new front content"}, "tags": ["new", "tags"]}})") == "null");
  CHECK(env.call("getNoteTags", R"({"note": 1767323045678})") == R"(["new", "tags"])");
  CHECK(env.call("updateNote", R"({"note": {"id": 1767323045678, "tags": 5}})") == "ERR: Must provide tags as a list of strings");
  CHECK(env.call("updateNoteTags", R"({"note": 1767323045678, "tags": "european-languages"})") == "null");
  CHECK(env.call("getNoteTags", R"({"note": 1767323045678})") == R"(["european-languages"])");
  CHECK(env.call("getNoteTags", R"({"note": 42})") == "ERR: Note was not found: 42");
  CHECK(env.call("updateNoteTags", R"({"note": 42, "tags": []})") == "ERR: Note was not found: 42");
  CHECK(env.check() == "");
}

TEST_CASE("notesInfo, notesModTime, cardsInfo, cardsToNotes, deleteNotes") {
  NotesEnv env;
  CHECK(env.call("addNote", R"({"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front content", "Back": "back content"}, "tags": ["tag", "another_tag"]}})") == "1767323045678");
  CHECK(env.call("notesInfo", R"({"notes": [1767323045678, 5]})") ==
        R"([{"noteId": 1767323045678, "profile": "User 1", "tags": ["another_tag", "tag"], "fields": {"Front": {"value": "front content", "order": 0}, "Back": {"value": "back content", "order": 1}}, "modelName": "Basic", "mod": 1767323045, "cards": [1767323045678]}, {}])");
  CHECK(env.call("notesInfo", "{}") == "ERR: Must provide either \"notes\" or a \"query\"");
  CHECK(env.call("notesInfo", R"({"query": "front"})").find("\"noteId\": 1767323045678") != std::string::npos);
  CHECK(env.call("notesModTime", R"({"notes": [1767323045678, 3]})") == R"([{"noteId": 1767323045678, "mod": 1767323045}, {}])");
  std::string css = ".card {\\n    font-family: arial;\\n    font-size: 20px;\\n    line-height: 1.5;\\n    text-align: center;\\n    color: black;\\n    background-color: white;\\n}\\n";
  // nextReviews from the scheduler: Easy graduates at 4 days, fuzzed (seed = card id + reps) to 3.
  CHECK(env.call("cardsInfo", R"({"cards": [1767323045678, 9]})") ==
        R"([{"cardId": 1767323045678, "fields": {"Front": {"value": "front content", "order": 0}, "Back": {"value": "back content", "order": 1}}, "fieldOrder": 0, "question": "<style>)" + css +
            R"(</style>front content", "answer": "<style>)" + css +
            R"(</style>front content\n\n<hr id=answer>\n\nback content", "modelName": "Basic", "ord": 0, "deckName": "Default", "css": ")" + css +
            R"(", "factor": 0, "interval": 0, "note": 1767323045678, "type": 0, "queue": 0, "due": 1, "reps": 0, "lapses": 0, "left": 0, "mod": 1767323045, "nextReviews": ["<\u20681\u2069m", "<\u20686\u2069m", "<\u206810\u2069m", "\u20683\u2069d"], "flags": 0}, {}])");
  CHECK(env.call("cardsModTime", R"({"cards": [1767323045678, 1]})") == R"([{"cardId": 1767323045678, "mod": 1767323045}, {}])");
  CHECK(env.call("cardsToNotes", R"({"cards": [1767323045678, 1767323045678, 77]})") == "[1767323045678]");
  // A string is read as the one literal SQLite would read; more SQL than that is refused, not run.
  CHECK(env.call("cardsToNotes", R"({"cards": ["1767323045678"]})") == "[1767323045678]");
  CHECK(env.call("cardsToNotes", R"j({"cards": ["0) or (1"]})j") ==
        "ERR: cardsToNotes: every value must be a number, true, false, null or a quoted SQL string, not '0) or (1'");
  CHECK(env.call("deleteNotes", R"({"notes": [1767323045678, 12]})") == "null");
  CHECK(env.sql("select oid, type, usn from graves order by type") == "1767323045678|0|-1\n1767323045678|1|-1");
  CHECK(env.call("notesInfo", R"({"notes": [1767323045678]})") == "[{}]");
  CHECK(env.check() == "");
}

TEST_CASE("cards: ease factors, specific values, suspension") {
  NotesEnv env;
  env.call("addNote", basic("one"));
  env.clock.advance_ms(5);
  env.call("addNote", basic("two"));
  CHECK(env.call("getEaseFactors", R"({"cards": [1767323045678, 1767323045683, 1]})") == "[0, 0, null]");
  CHECK(env.call("setEaseFactors", R"({"cards": [1767323045678, 1767323045683], "easeFactors": [4100, 3900]})") == "[true, true]");
  CHECK(env.call("getEaseFactors", R"({"cards": [1767323045678, 1767323045683]})") == "[4100, 3900]");
  CHECK(env.call("setEaseFactors", R"({"cards": [1767323045678, 1767323045683], "easeFactors": [4100]})") == "ERR: list index out of range");
  CHECK(env.call("setSpecificValueOfCard", R"({"card": 1767323045678, "keys": ["flags", "factor"], "newValues": [1, 2500]})") == "[true]");
  CHECK(env.call("setSpecificValueOfCard", R"({"card": 1767323045678, "keys": ["ivl"], "newValues": [3]})") == "false");
  CHECK(env.call("setSpecificValueOfCard", R"({"card": 5, "keys": ["flags"], "newValues": [1]})") == R"([[false, "Card was not found: 5"]])");
  CHECK(env.call("setSpecificValueOfCard", R"({"card": [5], "keys": ["flags"], "newValues": [1]})") == "false");
  CHECK(env.sql("select flags, factor from cards where id = 1767323045678") == "1|2500");
  CHECK(env.call("suspended", R"({"card": 1767323045683})") == "false");
  CHECK(env.call("suspend", R"({"cards": [1767323045678, 1767323045683]})") == "true");
  CHECK(env.call("suspend", R"({"cards": [1767323045678, 1767323045683]})") == "true");  // the list-mutation quirk
  CHECK(env.call("suspended", R"({"card": 1767323045683})") == "true");
  CHECK(env.call("areSuspended", R"({"cards": [1767323045678, 1767323045683, 1234567891234]})") == "[true, true, null]");
  CHECK(env.call("suspend", R"({"cards": [1767323045678]})") == "false");
  CHECK(env.call("suspend", R"({"cards": [3]})") == "ERR: Card was not found: 3");
  CHECK(env.call("suspended", R"({"card": 3})") == "ERR: Card was not found: 3");
  CHECK(env.call("unsuspend", R"({"cards": [1767323045678, 1767323045683]})") == "null");
  CHECK(env.sql("select group_concat(queue) from cards") == "0,0");
  CHECK(env.check() == "");
}

TEST_CASE("tags: add, remove, replace, registry, clear unused") {
  NotesEnv env;
  env.call("addNote", basic("one", R"(, "tags": ["Idioms"])"));
  env.clock.advance_ms(5);
  env.call("addNote", basic("two", R"(, "tags": ["lang::FR"])"));
  CHECK(env.call("addTags", R"({"notes": [1767323045678, 1767323045683, 99], "tags": "european-languages idioms"})") == "null");
  CHECK(env.call("getNoteTags", R"({"note": 1767323045678})") == R"(["european-languages", "Idioms"])");
  CHECK(env.call("addTags", R"({"notes": [1767323045683], "tags": "LANG::de"})") == "null");
  CHECK(env.call("getNoteTags", R"({"note": 1767323045683})") == R"(["european-languages", "Idioms", "lang::de", "lang::FR"])");
  CHECK(env.call("getTags") == R"(["european-languages", "Idioms", "lang::de", "lang::FR"])");
  CHECK(env.call("removeTags", R"({"notes": [1767323045683], "tags": "LANG"})") == "null");
  CHECK(env.call("getNoteTags", R"({"note": 1767323045683})") == R"(["european-languages", "Idioms"])");
  CHECK(env.call("replaceTags", R"({"notes": [1767323045678, 1767323045683], "tag_to_replace": "EUROPEAN-languages", "replace_with_tag": "french-languages"})") == "null");
  CHECK(env.call("getNoteTags", R"({"note": 1767323045678})") == R"(["french-languages", "Idioms"])");
  CHECK(env.call("replaceTagsInAllNotes", R"({"tag_to_replace": "idioms", "replace_with_tag": "sayings"})") == "null");
  CHECK(env.call("getNoteTags", R"({"note": 1767323045683})") == R"(["french-languages", "sayings"])");
  CHECK(env.call("clearUnusedTags") == "null");
  CHECK(env.call("getTags") == R"(["french-languages", "sayings"])");
  CHECK(env.check() == "");
}

TEST_CASE("note media: audio/picture fields, errors appended escaped") {
  NotesEnv env;
  CHECK(env.call("addNote", R"({"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "m"},
      "audio": {"data": "aGVsbG8=", "filename": "a.mp3", "fields": ["Front", "front"]},
      "video": [null, {"filename": "v.mp4", "fields": ["Back"]}],
      "picture": [{"data": "aGVsbG8=", "fields": ["Back"]}]}})") == "1767323045678");
  CHECK(env.sql("select flds from notes") ==
        "m[sound:a.mp3]\x1fYou must provide a \"data\", \"path\", or \"url\" field.'filename'");
  CHECK(env.call("addNote", R"({"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "n"}, "audio": {"filename": "x.mp3"}}})") == "ERR: 'fields'");
}

TEST_CASE("removeEmptyNotes deletes note types without notes (Q11)") {
  NotesEnv env;
  env.call("addNote", basic("keep"));
  CHECK(env.call("removeEmptyNotes") == "null");
  CHECK(env.sql("select name from notetypes") == "Basic");
  CHECK(env.sql("select count() from notes") == "1");
  CHECK(env.check() == "");
}

TEST_CASE("apy__test_base: notes added into a real collection pass the checker") {
  NotesEnv env("apy__test_base.anki2");
  std::string models = "Basic";
  std::string deck = "NewDeck";
  std::string id = env.call("addNote", R"({"note": {"deckName": ")" + deck + R"(", "modelName": ")" + models +
                                           R"(", "fields": {"Front": "apy <b>new</b> note"}, "tags": ["apy-added"]}})");
  INFO(id);
  CHECK(id.find("ERR") == std::string::npos);
  CHECK(env.call("addNotes", R"({"notes": [{"deckName": ")" + deck + R"(", "modelName": ")" + models +
                                   R"(", "fields": {"Front": "second"}}]})").find("ERR") == std::string::npos);
  CHECK(env.check() == "");
}

TEST_CASE("16 threads add 1,000 notes: all present, ids unique") {
  NotesEnv env;
  std::vector<std::thread> threads;
  std::vector<std::vector<std::string>> results(16);
  for (int t = 0; t < 16; ++t)
    threads.emplace_back([&, t] {
      for (int i = t; i < 1000; i += 16) results[t].push_back(env.call("addNote", basic("n" + std::to_string(i))));
    });
  for (auto& th : threads) th.join();
  std::set<std::string> ids;
  for (auto& r : results)
    for (auto& id : r) {
      CHECK(id.find("ERR") == std::string::npos);
      ids.insert(id);
    }
  CHECK(ids.size() == 1000);
  CHECK(env.sql("select count(), count(distinct id) from notes") == "1000|1000");
  CHECK(env.sql("select count(distinct guid) from notes") == "1000");
  CHECK(env.check() == "");
}

TEST_CASE("lone surrogates are refused with Python's UnicodeEncodeError, never stored") {
  NotesEnv env;
  const std::string err = "ERR: 'utf-8' codec can't encode character '\\ud800' in position ";
  CHECK(env.call("addNote", basic("ok")) == "1767323045678");
  // Tags are encoded before fields (pylib's Note._to_backend_note); positions count code points.
  CHECK(env.call("addNote", basic("x\\ud800", R"(, "tags": ["\u00e9\ud800"])")) == err + "1: surrogates not allowed");
  CHECK(env.call("addNote", basic("\\ud83d\\ude00\\udc00")) ==
        "ERR: 'utf-8' codec can't encode character '\\udc00' in position 1: surrogates not allowed");
  CHECK(env.call("addNote", basic("ab\\udc00\\ud800")) == "ERR: 'utf-8' codec can't encode characters in position 2-3: surrogates not allowed");
  CHECK(env.call("addNotes", R"({"notes": [{"deckName": "Default", "modelName": "Basic", "fields": {"Front": "\ud800", "Back": "b"}}]})") ==
        R"(ERR: ["'utf-8' codec can't encode character '\\ud800' in position 0: surrogates not allowed"])");
  CHECK(env.call("updateNoteFields", R"({"note": {"id": 1767323045678, "fields": {"Back": "b\ud800"}}})") == err + "1: surrogates not allowed");
  CHECK(env.call("updateNoteTags", R"({"note": 1767323045678, "tags": ["t\ud800"]})") == err + "1: surrogates not allowed");
  CHECK(env.call("addTags", R"({"notes": [1767323045678], "tags": "a b\ud800"})") == err + "3: surrogates not allowed");
  CHECK(env.call("replaceTags", R"({"notes": [1767323045678], "tag_to_replace": "x", "replace_with_tag": "\ud800"})") ==
        err + "0: surrogates not allowed");
  CHECK(env.call("storeMediaFile", R"({"filename": "a\ud800.txt", "data": "aGVsbG8="})") == err + "1: surrogates not allowed");
  // A media item's error goes into its fields, as AnkiConnect writes it (escaped, so valid UTF-8).
  CHECK(env.call("addNote", basic("p", R"(, "picture": [{"data": "aGVsbG8=", "filename": "\ud800.jpg", "fields": ["Back"]}])")) ==
        "1767323045679");
  // A valid pair is one character and stored as UTF-8.
  CHECK(env.call("addNote", basic("\\ud83d\\ude00")) == "1767323045680");
  CHECK(env.sql("select count(*), sum(instr(flds, char(55296)) > 0) from notes") == "3|0");
  CHECK(env.sql("select flds from notes where id = 1767323045679") ==
        "p\x1f" "b'utf-8' codec can't encode character '\\ud800' in position 0: surrogates not allowed");
  CHECK(env.sql("select group_concat(tags, ',') from notes") == ",,");
  CHECK(env.check() == "");
}
