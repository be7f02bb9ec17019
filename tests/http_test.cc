// End-to-end HTTP tests against the real binary over real sockets (spec ankiconnect-api.md §1, §2).
// Every expected byte string is written from the spec, not captured from the binary.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "tests/harness.h"

using namespace ankc::test;
using Headers = std::vector<std::pair<std::string, std::string>>;

namespace {

// json.dumps of an ASCII string (what the error texts below need).
std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out + "\"";
}

// {"result": null, "error": "<text>"}
std::string error_reply(std::string_view text) { return "{\"result\": null, \"error\": " + json_string(text) + "}"; }

// `response` with its "200 OK" status replaced.
std::string with_status(const std::string& status, std::string response) {
  return response.replace(9, 6, status);
}

const std::string kForbidden =
    "HTTP/1.1 403 Forbidden\r\nAccess-Control-Allow-Origin: http://localhost\r\nAccess-Control-Allow-Headers: *\r\n"
    "Connection: close\r\n\r\n";

// One daemon per emulation profile, shared by the test cases that only read.
Daemon& daemon_for(const std::string& emulation) {
  static std::map<std::string, std::unique_ptr<Daemon>> daemons;
  auto& d = daemons[emulation];
  // The anki23 daemon also exercises the second connection engine, so both engines serve real tests.
  std::string engine = emulation == "anki23" ? "httpEngine: pistache\n" : "";
  if (!d) d = std::make_unique<Daemon>(Daemon::Options{.config = "emulation: " + emulation + "\n" + engine});
  return *d;
}
Daemon& anki25() { return daemon_for("anki25"); }
Daemon& anki23() { return daemon_for("anki23"); }

const std::string kSchema424 =
    "{'type': 'object',\n"
    "     'properties': {'action': {'type': 'string', 'minLength': 1},\n"
    "                    'version': {'type': 'integer'},\n"
    "                    'params': {'type': 'object'}},\n"
    "     'required': ['action']}";
const std::string kSchema412 =
    "{'properties': {'action': {'minLength': 1, 'type': 'string'},\n"
    "                    'params': {'type': 'object'},\n"
    "                    'version': {'type': 'integer'}},\n"
    "     'required': ['action'],\n"
    "     'type': 'object'}";

std::string member_error(const std::string& message, const std::string& member, const std::string& schema,
                         const std::string& instance) {
  return message + "\n\nFailed validating 'type' in schema['properties']['" + member + "']:\n    " + schema +
         "\n\nOn instance['" + member + "']:\n    " + instance;
}

}  // namespace

TEST_CASE("http: version, every API version") {
  Daemon& d = anki25();
  CHECK(d.post(R"({"action": "version", "version": 6})").raw == ok_response(R"({"result": 6, "error": null})"));
  CHECK(d.post(R"({"action": "version", "version": 5})").raw == ok_response(R"({"result": 6, "error": null})"));
  CHECK(d.post(R"({"action": "version", "version": 4})").raw == ok_response("6"));
  CHECK(d.post(R"({"action": "version", "version": 2})").raw == ok_response("6"));
  CHECK(d.post(R"({"action": "version"})").raw == ok_response("6"));
  CHECK(d.post(R"({"action": "version", "version": 6.0})").raw == ok_response(R"({"result": 6, "error": null})"));
}

TEST_CASE("http: one request per connection, closed after the answer, pipelined extras dropped") {
  Daemon& d = anki25();
  std::string one = request_bytes(R"({"action": "version"})");
  auto r = d.send(one + one);
  CHECK(r.closed);
  CHECK(r.raw == ok_response("6"));
}

TEST_CASE("http: any method and any path are an API call; the method is upper-cased") {
  Daemon& d = anki25();
  std::string body = R"({"action": "version"})";
  CHECK(d.send(request_bytes(body, {}, "GET")).raw == ok_response("6"));
  CHECK(d.send(request_bytes(body, {}, "PUT")).raw == ok_response("6"));
  CHECK(d.send(request_bytes(body, {}, "post")).raw == ok_response("6"));
  std::string odd = "POST /anything?x=1 HTTP/1.0\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  CHECK(d.send(odd).raw == ok_response("6"));
}

TEST_CASE("http: body framing quirks of web.py") {
  Daemon& d = anki25();
  // "Content-Length:12" without the space is not Content-Length: the body is empty (the banner).
  std::string nospace = "POST / HTTP/1.1\r\nContent-Length:21\r\n\r\n{\"action\": \"version\"}";
  CHECK(d.send(nospace).raw == ok_response(R"({"apiVersion": "AnkiConnect v.6"})"));
  // Header values are split on ": ": "Origin: http://a: b" is the origin "http://a" (not allowed).
  CHECK(d.post(R"({"action": "version"})", {{"Origin", "http://127.0.0.1: b"}}).raw ==
        ok_response("6", "http://127.0.0.1"));
  // The last duplicate header wins.
  CHECK(d.post(R"({"action": "version"})", {{"Origin", "http://evil"}, {"origin", "http://localhost"}}).raw ==
        ok_response("6", "http://localhost"));
  // Header names are case-insensitive.
  CHECK(d.post(R"({"action": "version"})", {{"ORIGIN", "http://evil"}}).raw == kForbidden);
}

TEST_CASE("http: CORS decision, default origin list") {
  Daemon& d = anki25();
  std::string body = R"({"action": "version"})";
  CHECK(d.post(body).raw == ok_response("6", "http://localhost"));
  for (const char* allowed : {"http://localhost", "http://127.0.0.1", "https://127.0.0.1", "http://127.0.0.1:5173",
                              "chrome-extension://abcdef", "moz-extension://x-y", "safari-web-extension://z"}) {
    INFO(allowed);
    CHECK(d.post(body, {{"Origin", allowed}}).raw == ok_response("6", allowed));
  }
  for (const char* refused : {"https://127.0.0.1:5173", "http://localhost:3000", "https://localhost", "null",
                              "http://example.com", ""}) {
    INFO(refused);
    CHECK(d.post(body, {{"Origin", refused}}).raw == kForbidden);
  }
}

TEST_CASE("http: CORS with a configured list, '*' and the deprecated webCorsOrigin") {
  std::string body = R"({"action": "version"})";
  {
    Daemon d({.config = "webCorsOriginList: [\"*\"]\n"});
    CHECK(d.post(body).raw == ok_response("6", "*"));
    CHECK(d.post(body, {{"Origin", "http://evil"}}).raw == ok_response("6", "*"));
    CHECK(d.send(request_bytes("", {{"Origin", "http://evil"}}, "OPTIONS")).raw == ok_response("", "*"));
  }
  {
    Daemon d({.config = "webCorsOriginList: [\"http://a.example\"]\nwebCorsOrigin: http://b.example\n"});
    CHECK(d.post(body, {{"Origin", "http://a.example"}}).raw == ok_response("6", "http://a.example"));
    CHECK(d.post(body, {{"Origin", "http://b.example"}}).raw == ok_response("6", "http://b.example"));
    // Without "http://localhost" in the list, extensions and 127.0.0.1 are not special.
    CHECK(d.post(body, {{"Origin", "chrome-extension://abc"}}).raw == kForbidden);
    CHECK(d.post(body, {{"Origin", "http://127.0.0.1"}}).raw == kForbidden);
    CHECK(d.post(body, {{"Origin", "http://localhost"}}).raw == kForbidden);
    CHECK(d.post(body).raw == ok_response("6"));
  }
  {
    Daemon d({.env = {{"ANKICONNECT_CORS_ORIGIN", "http://c.example"}}});
    CHECK(d.post(body, {{"Origin", "http://c.example"}}).raw == ok_response("6", "http://c.example"));
  }
}

TEST_CASE("http: OPTIONS preflight") {
  Daemon& d = anki25();
  CHECK(d.send(request_bytes("", {}, "OPTIONS")).raw == ok_response(""));
  CHECK(d.send(request_bytes("", {{"Origin", "chrome-extension://x"}}, "OPTIONS")).raw ==
        ok_response("", "chrome-extension://x"));
  // Disallowed origins still get 200, with http://localhost.
  CHECK(d.send(request_bytes("", {{"Origin", "http://evil"}}, "OPTIONS")).raw == ok_response(""));
  // The body of an OPTIONS request is ignored.
  CHECK(d.send(request_bytes("garbage", {}, "OPTIONS")).raw == ok_response(""));
  CHECK(d.send(request_bytes("", {{"Access-Control-Request-Private-Network", "true"}}, "OPTIONS")).raw ==
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nAccess-Control-Allow-Origin: http://localhost\r\n"
        "Access-Control-Allow-Headers: *\r\nContent-Length: 0\r\nAccess-Control-Allow-Private-Network: true\r\n"
        "Connection: close\r\n\r\n");
  for (const char* not_true : {"True", "true ", "1", ""}) {
    INFO(not_true);
    CHECK(d.send(request_bytes("", {{"Access-Control-Request-Private-Network", not_true}}, "OPTIONS")).raw ==
          ok_response(""));
  }
}

TEST_CASE("http: 403 for disallowed origins, even for bad or empty bodies") {
  Daemon& d = anki25();
  Headers evil{{"Origin", "http://evil"}};
  CHECK(d.post(R"({"action": "version", "version": 6})", evil).raw == kForbidden);
  CHECK(d.post("", evil).raw == kForbidden);
  CHECK(d.post("not json", evil).raw == kForbidden);
  CHECK(d.post("{}", evil).raw == kForbidden);
}

TEST_CASE("http: requestPermission is answered for any origin") {
  Daemon& d = anki25();
  CHECK(d.post(R"({"action": "requestPermission", "version": 6})").raw ==
        ok_response(R"({"result": {"permission": "granted", "requireApikey": false, "version": 6}, "error": null})"));
  CHECK(d.post(R"({"action": "requestPermission"})", {{"Origin", "http://localhost"}}).raw ==
        ok_response(R"({"permission": "granted", "requireApikey": false, "version": 6})", "http://localhost"));
  // Not allowed: the answer echoes the origin so the page can read it; headless means denied.
  CHECK(d.post(R"({"action": "requestPermission", "version": 6})", {{"Origin", "http://evil"}}).raw ==
        ok_response(R"({"result": {"permission": "denied"}, "error": null})", "http://evil"));
}

TEST_CASE("http: empty body is the banner") {
  CHECK(anki25().post("").raw == ok_response(R"({"apiVersion": "AnkiConnect v.6"})"));
  Daemon d({.config = "apiVersion: 7\n"});
  CHECK(d.post("").raw == ok_response(R"({"apiVersion": "AnkiConnect v.7"})"));
  CHECK(d.post(R"({"action": "version"})").raw == ok_response("7"));
}

TEST_CASE("http: invalid UTF-8") {
  Daemon& d = anki25();
  CHECK(d.post("\xff").raw ==
        ok_response(error_reply("'utf-8' codec can't decode byte 0xff in position 0: invalid start byte")));
  CHECK(d.post("{\"a\": \"\xc3\x28\"}").raw ==
        ok_response(error_reply("'utf-8' codec can't decode byte 0xc3 in position 7: invalid continuation byte")));
  CHECK(d.post("\"\xe2\x82").raw ==
        ok_response(error_reply("'utf-8' codec can't decode bytes in position 1-2: unexpected end of data")));
}

TEST_CASE("http: invalid JSON, both emulation profiles") {
  for (Daemon* d : {&anki25(), &anki23()}) {
    CHECK(d->post("not json").raw == ok_response(error_reply("Expecting value: line 1 column 1 (char 0)")));
    CHECK(d->post("  ").raw == ok_response(error_reply("Expecting value: line 1 column 3 (char 2)")));
    CHECK(d->post("{").raw ==
          ok_response(error_reply("Expecting property name enclosed in double quotes: line 1 column 2 (char 1)")));
    CHECK(d->post("{\"a\" 1}").raw == ok_response(error_reply("Expecting ':' delimiter: line 1 column 6 (char 5)")));
    CHECK(d->post("\"abc").raw ==
          ok_response(error_reply("Unterminated string starting at: line 1 column 1 (char 0)")));
    CHECK(d->post("{\"action\":\"a\"} x").raw == ok_response(error_reply("Extra data: line 1 column 16 (char 15)")));
    CHECK(d->post("\xef\xbb\xbf{}").raw ==
          ok_response(error_reply("Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)")));
  }
  CHECK(anki25().post("{\"a\":1,}").raw ==
        ok_response(error_reply("Illegal trailing comma before end of object: line 1 column 7 (char 6)")));
  CHECK(anki23().post("{\"a\":1,}").raw ==
        ok_response(error_reply("Expecting property name enclosed in double quotes: line 1 column 8 (char 7)")));
  CHECK(anki25().post("[1,]").raw ==
        ok_response(error_reply("Illegal trailing comma before end of array: line 1 column 3 (char 2)")));
  CHECK(anki23().post("[1,]").raw == ok_response(error_reply("Expecting value: line 1 column 4 (char 3)")));
}

TEST_CASE("http: request-schema failures, both emulation profiles") {
  SECTION("missing action") {
    CHECK(anki25().post("{}").raw ==
          ok_response(error_reply("'action' is a required property\n\nFailed validating 'required' in schema:\n    " +
                                  kSchema424 + "\n\nOn instance:\n    {}")));
    CHECK(anki23().post("{}").raw ==
          ok_response(error_reply("'action' is a required property\n\nFailed validating 'required' in schema:\n    " +
                                  kSchema412 + "\n\nOn instance:\n    {}")));
  }
  SECTION("root not an object") {
    CHECK(anki25().post("[]").raw ==
          ok_response(error_reply("[] is not of type 'object'\n\nFailed validating 'type' in schema:\n    " +
                                  kSchema424 + "\n\nOn instance:\n    []")));
    CHECK(anki23().post("[]").raw ==
          ok_response(error_reply("[] is not of type 'object'\n\nFailed validating 'type' in schema:\n    " +
                                  kSchema412 + "\n\nOn instance:\n    []")));
  }
  SECTION("action not a string") {
    CHECK(anki25().post(R"({"action": 1})").raw ==
          ok_response(error_reply(member_error("1 is not of type 'string'", "action",
                                               "{'type': 'string', 'minLength': 1}", "1"))));
    CHECK(anki23().post(R"({"action": 1})").raw ==
          ok_response(error_reply(member_error("1 is not of type 'string'", "action",
                                               "{'minLength': 1, 'type': 'string'}", "1"))));
    CHECK(anki25().post(R"({"action": null})").raw ==
          ok_response(error_reply(member_error("None is not of type 'string'", "action",
                                               "{'type': 'string', 'minLength': 1}", "None"))));
  }
  SECTION("empty action") {
    std::string e424 = "'' should be non-empty\n\nFailed validating 'minLength' in schema['properties']['action']:\n"
                       "    {'type': 'string', 'minLength': 1}\n\nOn instance['action']:\n    ''";
    std::string e412 = "'' is too short\n\nFailed validating 'minLength' in schema['properties']['action']:\n"
                       "    {'minLength': 1, 'type': 'string'}\n\nOn instance['action']:\n    ''";
    CHECK(anki25().post(R"({"action": ""})").raw == ok_response(error_reply(e424)));
    CHECK(anki23().post(R"({"action": ""})").raw == ok_response(error_reply(e412)));
  }
  SECTION("version and params types") {
    std::string version_error = member_error("'6' is not of type 'integer'", "version", "{'type': 'integer'}", "'6'");
    std::string params_error = member_error("[] is not of type 'object'", "params", "{'type': 'object'}", "[]");
    for (Daemon* d : {&anki25(), &anki23()}) {
      CHECK(d->post(R"({"action": "x", "version": "6"})").raw == ok_response(error_reply(version_error)));
      CHECK(d->post(R"({"action": "x", "params": []})").raw == ok_response(error_reply(params_error)));
    }
    CHECK(anki25().post(R"({"action": "version", "version": 6.5})").raw ==
          ok_response(error_reply(member_error("6.5 is not of type 'integer'", "version", "{'type': 'integer'}", "6.5"))));
  }
  SECTION("which error wins: js412 action first, js424 version first") {
    std::string body = R"({"action": 1, "version": "6"})";
    CHECK(anki23().post(body).raw == ok_response(error_reply(member_error(
                                          "1 is not of type 'string'", "action", "{'minLength': 1, 'type': 'string'}", "1"))));
    CHECK(anki25().post(body).raw == ok_response(error_reply(member_error("'6' is not of type 'integer'", "version",
                                                                          "{'type': 'integer'}", "'6'"))));
  }
}

TEST_CASE("http: api key") {
  Daemon d({.config = "apiKey: abc\n"});
  CHECK(d.post(R"({"action": "version", "version": 6, "key": "abc"})").raw ==
        ok_response(R"({"result": 6, "error": null})"));
  std::string refused = ok_response(error_reply("valid api key must be provided"));
  CHECK(d.post(R"({"action": "version", "version": 6, "key": "abd"})").raw == refused);
  CHECK(d.post(R"({"action": "version", "version": 6})").raw == refused);
  CHECK(d.post(R"({"action": "version", "version": 6, "key": null})").raw == refused);
  // The key check precedes action lookup; requestPermission needs no key.
  CHECK(d.post(R"({"action": "nope", "version": 6})").raw == refused);
  CHECK(d.post(R"({"action": "requestPermission", "version": 6})").raw ==
        ok_response(R"({"result": {"permission": "granted", "requireApikey": true, "version": 6}, "error": null})"));
  // Errors use the envelope for every version.
  CHECK(d.post(R"({"action": "version"})").raw == refused);
  // With no key configured, sending any key (even "") is refused.
  CHECK(anki25().post(R"({"action": "version", "version": 6, "key": ""})").raw == refused);
}

TEST_CASE("http: unknown action") {
  CHECK(anki25().post(R"({"action": "nope", "version": 6})").raw == ok_response(error_reply("unsupported action")));
  CHECK(anki25().post(R"({"action": "Version"})").raw == ok_response(error_reply("unsupported action")));
}

TEST_CASE("http: multi, nested, mixed versions") {
  Daemon& d = anki25();
  CHECK(d.post(R"({"action": "multi", "version": 6, "params": {"actions": [{"action": "version"}, )"
               R"({"action": "version", "version": 6}, {"action": "nope"}]}})")
            .raw == ok_response(R"({"result": [6, {"result": 6, "error": null}, {"result": null, "error": "unsupported action"}], "error": null})"));
  CHECK(d.post(R"({"action": "multi", "version": 6, "params": {"actions": [{"action": "multi", "params": {"actions": [{"action": "version"}, {"action": "version", "version": 5}]}}]}})")
            .raw == ok_response(R"({"result": [[6, {"result": 6, "error": null}]], "error": null})"));
  CHECK(d.post(R"({"action": "multi", "params": {"actions": []}})").raw == ok_response("[]"));
  CHECK(d.post(R"({"action": "multi", "version": 6, "params": {"actions": ["version"]}})").raw ==
        ok_response(error_reply("'str' object has no attribute 'get'")));
  CHECK(d.post(R"({"action": "multi", "version": 6, "params": {"actions": 5}})").raw ==
        ok_response(error_reply("'int' object is not iterable")));
  CHECK(d.post(R"({"action": "multi", "version": 6, "params": {"actions": [{"action": "version", "version": "6"}]}})").raw ==
        ok_response(R"({"result": [{"result": null, "error": "'<=' not supported between instances of 'str' and 'int'"}], "error": null})"));
  CHECK(d.post(R"({"action": "multi", "version": 6, "params": {"actions": [{"action": "version", "params": []}]}})").raw ==
        ok_response(R"({"result": [{"result": null, "error": "2055492159.AnkiConnect.version() argument after ** must be a mapping, not list"}], "error": null})"));
  CHECK(d.post(R"({"action": "multi", "version": 6, "params": {"actions": [{"action": "requestPermission"}]}})").raw ==
        ok_response(R"({"result": [{"result": null, "error": "AnkiConnect.requestPermission() missing 2 required positional arguments: 'origin' and 'allowed'"}], "error": null})"));
}

TEST_CASE("http: multi needs the key in each element") {
  Daemon d({.config = "apiKey: k\n"});
  CHECK(d.post(R"({"action": "multi", "version": 6, "key": "k", "params": {"actions": [{"action": "version"}, {"action": "version", "key": "k"}]}})").raw ==
        ok_response(R"({"result": [{"result": null, "error": "valid api key must be provided"}, 6], "error": null})"));
}

TEST_CASE("http: TypeError forms, both emulation profiles") {
  auto both = [](const std::string& body, const std::string& py313, const std::string& py39) {
    INFO(body);
    CHECK(anki25().post(body).raw == ok_response(error_reply(py313)));
    CHECK(anki23().post(body).raw == ok_response(error_reply(py39)));
  };
  both(R"({"action": "version", "version": 6, "params": {"foo": 1}})",
       "AnkiConnect.version() got an unexpected keyword argument 'foo'",
       "version() got an unexpected keyword argument 'foo'");
  both(R"({"action": "addNote", "version": 6, "params": {}})",
       "AnkiConnect.addNote() missing 1 required positional argument: 'note'",
       "addNote() missing 1 required positional argument: 'note'");
  both(R"({"action": "addNote", "version": 6, "params": {"nte": {}}})",
       "AnkiConnect.addNote() got an unexpected keyword argument 'nte'. Did you mean 'note'?",
       "addNote() got an unexpected keyword argument 'nte'");
  both(R"({"action": "version", "version": 6, "params": {"self": 1}})",
       "AnkiConnect.version() got multiple values for argument 'self'",
       "version() got multiple values for argument 'self'");
  both(R"({"action": "createModel", "version": 6, "params": {}})",
       "AnkiConnect.createModel() missing 3 required positional arguments: 'modelName', 'inOrderFields', and 'cardTemplates'",
       "createModel() missing 3 required positional arguments: 'modelName', 'inOrderFields', and 'cardTemplates'");
  // Errors are enveloped even for version 4.
  both(R"({"action": "version", "params": {"foo": 1}})",
       "AnkiConnect.version() got an unexpected keyword argument 'foo'",
       "version() got an unexpected keyword argument 'foo'");
}

TEST_CASE("http: oversized body gets a clear 413 and the server keeps serving") {
  Daemon d({.config = "maxRequestBytes: 100\n"});
  std::string body = "{\"action\": \"version\", \"pad\": \"" + std::string(200, 'x') + "\"}";
  auto r = d.post(body);
  CHECK(r.raw == with_status("413 Request Entity Too Large",
                             ok_response(error_reply("request body of " + std::to_string(body.size()) +
                                                     " bytes exceeds maxRequestBytes (100)"))));
  CHECK(r.closed);
  // Exactly at the limit is fine.
  std::string fits = "{\"action\": \"version\", \"p\": \"" + std::string(100 - 30, 'x') + "\"}";
  REQUIRE(fits.size() == 100);
  CHECK(d.post(fits).raw == ok_response("6"));
  // A big declared body that never arrives is refused at once.
  auto declared = d.send("POST / HTTP/1.1\r\nContent-Length: 999999999999\r\n\r\n");
  CHECK(declared.status() == 413);
  CHECK(d.post(R"({"action": "version"})").raw == ok_response("6"));
}

TEST_CASE("http: non-numeric Content-Length is answered 400 (AnkiConnect never answers)") {
  Daemon& d = anki25();
  auto r = d.send("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n{}");
  CHECK(r.raw == with_status("400 Bad Request", ok_response(error_reply("Content-Length is not an integer: 'abc'"))));
  // Python's int() accepts these.
  CHECK(d.send("POST / HTTP/1.1\r\nContent-Length:  2_1 \r\n\r\n{\"action\": \"version\"}").raw == ok_response("6"));
}

TEST_CASE("http: a body that arrives in pieces") {
  Daemon& d = anki25();
  std::string bytes = request_bytes(R"({"action": "version", "version": 6})");
  // exchange() sends everything at once; send the halves through two writes of one connection instead.
  // The framing must wait for the declared length: a request whose body is cut short gets no answer.
  auto partial = d.send(bytes.substr(0, bytes.size() - 3), 500);
  CHECK(partial.raw.empty());
  CHECK(d.send(bytes).raw == ok_response(R"({"result": 6, "error": null})"));
}

TEST_CASE("http: a request that stops arriving is dropped unanswered after readTimeoutMs") {
  Daemon d({.config = "readTimeoutMs: 300\n"});
  std::string bytes = request_bytes(R"({"action": "version"})");
  auto started = std::chrono::steady_clock::now();
  auto r = d.send(bytes.substr(0, bytes.size() - 2), 5000);
  auto waited = std::chrono::steady_clock::now() - started;
  CHECK(r.closed);
  CHECK(r.raw.empty());
  CHECK(waited >= std::chrono::milliseconds(250));
  CHECK(waited < std::chrono::milliseconds(3000));
  CHECK(d.post(R"({"action": "version"})").raw == ok_response("6"));
}

TEST_CASE("http: apiLogPath receives requests and replies") {
  TempDir dir;
  auto log_path = dir.path() / "api.log";
  {
    Daemon d({.config = "apiLogPath: " + log_path.string() + "\n"});
    CHECK(d.post(R"({"action": "version"})").raw == ok_response("6"));
  }
  std::ifstream in(log_path);
  std::stringstream text;
  text << in.rdbuf();
  CHECK(text.str() == "[request]\n{\"action\": \"version\"}\n\n[reply]\n6\n\n");
}

TEST_CASE("http: profiles reach the native backend") {
  CHECK(anki25().post(R"({"action": "getProfiles", "version": 6})").raw ==
        ok_response(R"({"result": ["User 1"], "error": null})"));
  Daemon d({.config = "profiles:\n  Alice: alice\n  Bob: bob\n"});
  CHECK(d.post(R"({"action": "getProfiles", "version": 6})").raw ==
        ok_response(R"({"result": ["Alice", "Bob"], "error": null})"));
  CHECK(std::filesystem::is_directory(d.data_dir() / "alice"));
}

TEST_CASE("http: SIGTERM and SIGINT stop the server cleanly") {
  {
    Daemon d;
    CHECK(d.post(R"({"action": "version"})").raw == ok_response("6"));
    CHECK(d.stop(SIGTERM) == 0);
    CHECK_THAT(d.log(), Catch::Contains("stopping on SIGTERM"));
  }
  {
    Daemon d;
    CHECK(d.stop(SIGINT) == 0);
  }
}

TEST_CASE("http: one log line per request") {
  Daemon d;
  d.post(R"({"action": "version"})", {{"Origin", "http://localhost"}});
  d.stop();
  CHECK_THAT(d.log(), Catch::Contains("origin=http://localhost action=version status=200"));
}

// ---- Connection handling (issue 15): half-close, long actions, keep-alive, the connection cap ------

namespace {

using Clock = std::chrono::steady_clock;

// A raw client connection for the tests that drive the socket themselves; closed on destruction.
class Client {
 public:
  explicit Client(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(uint16_t(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
  ~Client() { ::close(fd_); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  void send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) throw std::runtime_error("send failed");
      bytes.remove_prefix(size_t(n));
    }
  }
  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

  // Waits up to `timeout_ms` for bytes; false when the server closed (EOF or reset) or nothing came.
  bool read_some(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return false;
    char buffer[65536];
    ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
      closed_ = true;
      return false;
    }
    received_.append(buffer, size_t(n));
    return true;
  }

  // One response framed by its Content-Length, removed from what was received; empty raw on timeout.
  RawResponse read_response(int timeout_ms = 10000) {
    auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      size_t end = received_.find("\r\n\r\n");
      if (end != std::string::npos) {
        RawResponse head = parse_response(received_.substr(0, end + 4));
        size_t length = std::stoul(head.header("Content-Length").value_or("0"));
        if (received_.size() >= end + 4 + length) {
          RawResponse r = parse_response(received_.substr(0, end + 4 + length));
          received_.erase(0, end + 4 + length);
          return r;
        }
      }
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0 || !read_some(int(left))) return {};
    }
  }

  // Everything until the server closes (or `timeout_ms` passes).
  RawResponse read_until_closed(int timeout_ms = 10000) {
    auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!closed_) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0 || (!read_some(int(left)) && !closed_)) break;
    }
    RawResponse r = parse_response(std::move(received_));
    received_.clear();
    r.closed = closed_;
    return r;
  }

  // Whether the server closed the connection within `timeout_ms` (bytes received meanwhile are kept).
  bool closed_within(int timeout_ms) {
    auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!closed_) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) break;
      read_some(int(left));
    }
    return closed_;
  }

 private:
  int fd_ = -1;
  std::string received_;
  bool closed_ = false;
};

// `response` (an ok_response) with `Connection: close` replaced by the kept-alive headers.
std::string kept_alive(std::string response, int timeout_s = 5) {
  return response.replace(response.find("Connection: close"), 17,
                          "Connection: keep-alive\r\nKeep-Alive: timeout=" + std::to_string(timeout_s));
}

}  // namespace

TEST_CASE("http: every reply says Connection: close, as the last header") {
  for (Daemon* d : {&anki25(), &anki23()}) {  // both engines
    auto ok = d->post(R"({"action": "version"})");
    CHECK(ok.header_names().back() == "Connection");
    CHECK(ok.header("Connection") == "close");
    CHECK(d->post(R"({"action": "version"})", {{"Origin", "http://evil"}}).header("Connection") == "close");
    CHECK(d->send("POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n").header("Connection") == "close");
    // Asking for keep-alive changes nothing while httpKeepAlive is off.
    auto asked = d->post(R"({"action": "version"})", {{"Connection", "keep-alive"}});
    CHECK(asked.raw == ok_response("6"));
    CHECK(asked.closed);
  }
}

TEST_CASE("http: a client that half-closes after its request still gets the reply, both engines") {
  for (const char* engine : {"epoll", "pistache"}) {
    for (const char* keep_alive : {"false", "true"}) {
      INFO(engine << " httpKeepAlive " << keep_alive);
      Daemon d({.config = std::string("httpEngine: ") + engine + "\nhttpKeepAlive: " + keep_alive + "\nlogLevel: warn\n"});
      std::string request = request_bytes(R"({"action": "version"})");
      int answered = 0;
      for (int i = 0; i < 100; ++i) {
        Client c(d.port());
        c.send(request);
        c.shutdown_write();
        auto r = c.read_until_closed();
        answered += r.raw == (std::string(keep_alive) == "true" ? kept_alive(ok_response("6")) : ok_response("6")) &&
                    r.closed;
      }
      CHECK(answered == 100);
      // Two pipelined requests and the end of stream in one go: with keep-alive both are answered.
      if (std::string(keep_alive) == "true") {
        Client c(d.port());
        c.send(request + request);
        c.shutdown_write();
        auto r = c.read_until_closed();
        CHECK(r.raw == kept_alive(ok_response("6")) + kept_alive(ok_response("6")));
        CHECK(r.closed);
      }
    }
  }
}

TEST_CASE("http: an action that runs longer than readTimeoutMs is answered, both engines") {
  // 1,000 createDeck, each its own fsynced transaction: longer than the 20 ms read timeout on any
  // machine, from a body that arrives in one piece.
  std::string actions;
  for (int i = 0; i < 1000; ++i)
    actions += std::string(i ? ", " : "") + R"({"action": "createDeck", "params": {"deck": "D)" + std::to_string(i) + "\"}}";
  std::string body = R"({"action": "multi", "version": 6, "params": {"actions": [)" + actions + "]}}";
  for (const char* engine : {"pistache", "epoll"}) {
    INFO(engine);
    Daemon d({.config = std::string("httpEngine: ") + engine + "\nreadTimeoutMs: 20\n"});
    auto started = Clock::now();
    auto r = d.post(body);
    auto took = Clock::now() - started;
    REQUIRE(r.status() == 200);
    CHECK(r.closed);
    CHECK(r.body.rfind(R"({"result": [)", 0) == 0);
    CHECK(r.body.size() > 1000 * 10);
    INFO("took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
    CHECK(took > std::chrono::milliseconds(20));  // the test means something only if the action outlasts the timeout
    // The read timeout still applies to a request that stops arriving.
    std::string bytes = request_bytes(R"({"action": "version"})");
    auto partial = d.send(bytes.substr(0, bytes.size() - 2), 5000);
    CHECK(partial.closed);
    CHECK(partial.raw.empty());
  }
}

TEST_CASE("http: httpKeepAlive serves several requests on one connection, both engines") {
  for (const char* engine : {"epoll", "pistache"}) {
    INFO(engine);
    Daemon d({.config = std::string("httpEngine: ") + engine + "\nhttpKeepAlive: true\nreadTimeoutMs: 2000\n"});
    std::string version = request_bytes(R"({"action": "version"})");
    Client c(d.port());
    // One after the other.
    for (int i = 0; i < 3; ++i) {
      c.send(version);
      CHECK(c.read_response().raw == kept_alive(ok_response("6"), 2));
    }
    // Pipelined, in one write: answered in order.
    c.send(request_bytes(R"({"action": "version", "version": 6})") + version);
    CHECK(c.read_response().raw == kept_alive(ok_response(R"({"result": 6, "error": null})"), 2));
    CHECK(c.read_response().raw == kept_alive(ok_response("6"), 2));
    // The 403 reply has no Content-Length (as AnkiConnect's): it ends the connection.
    c.send(request_bytes(R"({"action": "version"})", {{"Origin", "http://evil"}}));
    auto forbidden = c.read_until_closed();
    CHECK(forbidden.raw == kForbidden);
    CHECK(forbidden.closed);
    // A client that says `Connection: close` (or speaks HTTP/1.0) is answered and closed.
    {
      Client once(d.port());
      once.send(request_bytes(R"({"action": "version"})", {{"Connection", "close"}}));
      auto r = once.read_until_closed();
      CHECK(r.raw == ok_response("6"));
      CHECK(r.closed);
    }
    {
      std::string body = R"({"action": "version"})";
      auto r = d.send("POST / HTTP/1.0\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
      CHECK(r.raw == ok_response("6"));
      CHECK(r.closed);
    }
    // A kept-alive connection silent for readTimeoutMs is closed.
    {
      Client idle(d.port());
      idle.send(version);
      CHECK(idle.read_response().raw == kept_alive(ok_response("6"), 2));
      auto started = Clock::now();
      CHECK(idle.closed_within(6000));
      CHECK(Clock::now() - started >= std::chrono::milliseconds(1500));
    }
  }
}

TEST_CASE("http: beyond maxConnections the longest-idle connections are closed and new clients answered") {
  for (const char* engine : {"epoll", "pistache"}) {
    INFO(engine);
    // A long read timeout, so that only the cap closes the idle connections.
    Daemon d({.config = std::string("httpEngine: ") + engine + "\nmaxConnections: 4\nreadTimeoutMs: 60000\n"});
    std::vector<std::unique_ptr<Client>> idle;
    for (int i = 0; i < 12; ++i) {
      idle.push_back(std::make_unique<Client>(d.port()));
      if (i % 2) idle.back()->send("POST / HTTP/1.1\r\nContent-Le");  // a request that stops arriving
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    // A normal client is answered at once.
    auto r = d.send(request_bytes(R"({"action": "version"})"), 5000);
    CHECK(r.raw == ok_response("6"));
    // At most 4 stay open, plus the one just answered while it was being closed.
    int closed = 0;
    for (auto& c : idle) closed += c->closed_within(300);
    CHECK(closed >= 12 - 4);
    if (std::string(engine) == "pistache") {
      // One list of connections: exactly the ones silent the longest were closed. (Each epoll worker
      // chooses among its own connections.)
      CHECK(idle.front()->closed_within(0));
      CHECK_FALSE(idle.back()->closed_within(0));
    }
    idle.clear();
    CHECK(d.post(R"({"action": "version"})").raw == ok_response("6"));
  }
}

TEST_CASE("http: the descriptor limit is raised to its hard limit at start") {
  Daemon d;
  std::ifstream limits("/proc/" + std::to_string(d.pid()) + "/limits");
  std::string line;
  std::string found;
  while (std::getline(limits, line))
    if (line.rfind("Max open files", 0) == 0) found = line;
  REQUIRE_FALSE(found.empty());
  std::istringstream fields(found.substr(std::string("Max open files").size()));
  std::string soft, hard;
  fields >> soft >> hard;
  CHECK(soft == hard);
}

TEST_CASE("http: a big answer to a client that reads slowly arrives whole, both engines") {
  // retrieveMediaFile of a 6 MiB file answers ~8 MiB of base64: more than a loopback socket takes at
  // once. With the epoll engine the lane thread writes what the socket takes and hands the rest back
  // to the connection thread, which writes it as the client reads.
  for (const char* engine : {"epoll", "pistache"}) {
    for (const char* keep_alive : {"false", "true"}) {
      INFO(engine << " httpKeepAlive " << keep_alive);
      Daemon d({.config = std::string("httpEngine: ") + engine + "\nhttpKeepAlive: " + keep_alive + "\nlogLevel: warn\n"});
      std::filesystem::path source = d.dir() / "big.bin";
      {
        std::ofstream out(source, std::ios::binary);
        for (int i = 0; i < (6 << 20); ++i) out.put(char((i * 131 + i / 4096) & 0xff));
      }
      const Headers close{{"Connection", "close"}};  // the one-shot requests end at once under keep-alive too
      auto stored = d.post(R"({"action": "storeMediaFile", "version": 6, "params": {"filename": "big.bin", "path": )" +
                               json_string(source.string()) + "}}",
                           close);
      REQUIRE(stored.body == R"({"result": "big.bin", "error": null})");
      std::string request = request_bytes(R"({"action": "retrieveMediaFile", "version": 6, "params": {"filename": "big.bin"}})");
      auto quick = d.post(R"({"action": "retrieveMediaFile", "version": 6, "params": {"filename": "big.bin"}})", close);
      REQUIRE(quick.status() == 200);
      REQUIRE(quick.body.size() > (8 << 20));
      Client slow(d.port());
      slow.send(request);
      // Nothing is read for a while: the socket fills and the rest of the answer waits in the server.
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      RawResponse r = slow.read_response(20000);
      CHECK(r.status() == 200);
      CHECK(r.body.size() == quick.body.size());
      CHECK(r.body == quick.body);
    }
  }
}
