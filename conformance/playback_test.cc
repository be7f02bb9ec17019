// Playback matching without sockets: request_difference's messages and the volatile rules, and the
// order, substitutions and totals of Playback::answer.
#include <catch2/catch.hpp>

#include "conformance/playback.h"

using namespace ankc::conformance;

namespace {

ankc::HttpRequest post(const std::string& body) {
  ankc::HttpRequest r;
  r.method = "POST";
  r.target = "/";
  r.body = body;
  return r;
}

CassetteRequest recorded(const std::string& body) {
  CassetteRequest r;
  r.body = body;
  return r;
}

Exchange exchange(const std::string& name, const std::string& request, const std::string& response) {
  Exchange x;
  x.name = name;
  x.request.body = request;
  x.response.headers = {{"Content-Type", "application/json"}, {"Content-Length", std::to_string(response.size())}};
  x.response.body = response;
  return x;
}

}  // namespace

TEST_CASE("request_difference: JSON compared as values, the first difference named by its path") {
  Substitutions subs;
  const std::string body = R"({"action": "addNote", "version": 6, "params": {"note": {"deckName": "A", "tags": ["x", "y"]}}})";
  CHECK(request_difference(recorded(body), post(body), subs) == "");
  CHECK(request_difference(recorded(body),
                           post(R"({"version":6,"params":{"note":{"tags":["x","y"],"deckName":"A"}},"action":"addNote"})"),
                           subs) == "");
  CHECK(request_difference(recorded(body), post(R"({"action": "addNote", "version": 6, "params": {"note": {"deckName": "B", "tags": ["x", "y"]}}})"), subs) ==
        R"(params.note.deckName: expected "A", got "B")");
  CHECK(request_difference(recorded(body), post(R"({"action": "addNote", "version": 6, "params": {"note": {"deckName": "A", "tags": ["x"]}}})"), subs) ==
        "params.note.tags: expected 2 elements, got 1");
  CHECK(request_difference(recorded(body), post(R"({"action": "addNote", "version": 6, "params": {"note": {"deckName": "A", "tags": ["x", "z"]}}})"), subs) ==
        R"(params.note.tags[1]: expected "y", got "z")");
  CHECK(request_difference(recorded(body), post(R"({"action": "addNote", "version": 6})"), subs) ==
        R"x(params: missing (the recording has {"note":{"deckName":"A","tags":["x","y"]}}))x");
  CHECK(request_difference(recorded(body), post(R"({"action": "addNote", "version": 6, "key": "k", "params": {"note": {"deckName": "A", "tags": ["x", "y"]}}})"), subs) ==
        R"x(key: not in the recording (got "k"))x");
  CHECK(request_difference(recorded(body), post("[1]"), subs) ==
        R"(the body: expected {"action":"addNote","params":{"note":{"deckName":"A","tags":["x","y"]}},"vers..., got [1])");
  // Bodies that are not JSON compare as bytes; method and path too.
  CHECK(request_difference(recorded("abc"), post("abc"), subs) == "");
  CHECK(request_difference(recorded("abc"), post("abd"), subs).starts_with("body at byte 2"));
  ankc::HttpRequest get = post("abc");
  get.method = "GET";
  CHECK(request_difference(recorded("abc"), get, subs) == "method: expected POST, got GET");
}

TEST_CASE("request_difference: volatile values of the recording accept the client's, ids are learned") {
  Substitutions subs;
  CHECK(request_difference(recorded(R"({"action": "notesInfo", "params": {"notes": [1700000000001]}})"),
                           post(R"({"action": "notesInfo", "params": {"notes": [1712345678901]}})"), subs) == "");
  CHECK(subs.mapping().at("1700000000001") == "1712345678901");
  // A short number is not volatile.
  CHECK(request_difference(recorded(R"({"action": "getIntervals", "params": {"cards": [5]}})"),
                           post(R"({"action": "getIntervals", "params": {"cards": [6]}})"), subs) ==
        "params.cards[0]: expected 5, got 6");
}

TEST_CASE("Playback: recorded responses in order, learned ids in them, mismatches and extras counted") {
  Cassette c;
  c.exchanges.push_back(exchange("0001-findNotes", R"({"action": "findNotes", "params": {"query": "x"}})",
                                 R"({"result": [1700000000001], "error": null})"));
  c.exchanges.push_back(exchange("0002-notesInfo", R"({"action": "notesInfo", "params": {"notes": [1700000000001]}})",
                                 R"({"result": [{"noteId": 1700000000001}], "error": null})"));
  c.exchanges.push_back(exchange("0003-deckNames", R"({"action": "deckNames"})", R"({"result": ["Default"], "error": null})"));
  Playback p(c, nullptr);
  CHECK(p.answer(post(R"({"action": "findNotes", "params": {"query": "x"}})")) ==
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 42\r\n\r\n"
        R"({"result": [1700000000001], "error": null})");
  // The client asks about another id: accepted, and the recorded reply speaks of it.
  CHECK(p.answer(post(R"({"action": "notesInfo", "params": {"notes": [1799999999999]}})")) ==
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 54\r\n\r\n"
        R"({"result": [{"noteId": 1799999999999}], "error": null})");
  std::string wrong = p.answer(post(R"({"action": "modelNames"})"));
  CHECK(wrong.ends_with(R"({"result": null, "error": "ankiconnectd playback: request 3 does not match the recording (exchange 0003-deckNames): action: expected \"deckNames\", got \"modelNames\""})"));
  std::string extra = p.answer(post(R"({"action": "deckNames"})"));
  CHECK(extra.ends_with(R"x({"result": null, "error": "ankiconnectd playback: request 4 is beyond the recording (it has 3 exchanges)"})x"));
  PlaybackTotals t = p.totals();
  CHECK(t.played == 3);
  CHECK(t.differed == 1);
  CHECK(t.beyond == 1);
  CHECK(t.never_sent() == 0);
  CHECK_FALSE(t.passed());
  CHECK(p.done());
}
