#!/usr/bin/env python3
"""Writes conformance/cassettes/*.jsonl: AnkiConnect exchanges whose expected bytes are derived from the
spec (shared/spec/ankiconnect-api.md, ankiconnect-actions.json, ecosystem.md), never from running
ankiconnectd. Reply bodies are produced with Python's own json.dumps, so they are Python's bytes.

Run from anywhere:  python3 conformance/gen/generate_corpus.py
"""
import base64
import binascii
import hashlib
import json
import os
import pprint

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "cassettes")
SPEC = os.path.join(HERE, "..", "..", "..", "shared", "spec", "ankiconnect-actions.json")

STD_CSS = (".card {\n    font-family: arial;\n    font-size: 20px;\n    line-height: 1.5;\n"
           "    text-align: center;\n    color: black;\n    background-color: white;\n}\n")
STOCK_MODELS = ["Basic", "Basic (and reversed card)", "Basic (optional reversed card)",
                "Basic (type in the answer)", "Cloze", "Image Occlusion"]
REQUEST_SCHEMA = {"type": "object",
                  "properties": {"action": {"type": "string", "minLength": 1},
                                 "version": {"type": "integer"},
                                 "params": {"type": "object"}},
                  "required": ["action"]}
# Placeholder ids: 13-digit values are volatile (conformance/README.md), so the replayer maps them onto
# whatever the server hands out. Each stands for one object created earlier in the same cassette.
NOTE_A, NOTE_B, DECK_A = 1700000000001, 1700000000002, 1700000000003
UNKNOWN_ID = 1234567890123  # never handed out by any server within a test run

with open(SPEC, encoding="utf-8") as f:
    ACTIONS = json.load(f)


def dumps(obj):
    """AnkiConnect's reply bytes: json.dumps with every default."""
    return json.dumps(obj)


def compact(obj):
    """What JavaScript's JSON.stringify / rapidjson send: no spaces."""
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def envelope(result, version):
    if version is None or (not isinstance(version, str) and version <= 4):
        return result
    return {"result": result, "error": None}


def error(text):
    return {"result": None, "error": text}


def reply_headers(body, origin="http://localhost", private_network=False):
    headers = [["Content-Type", "application/json"], ["Access-Control-Allow-Origin", origin],
               ["Access-Control-Allow-Headers", "*"], ["Content-Length", str(len(body))]]
    if private_network:
        headers.append(["Access-Control-Allow-Private-Network", "true"])
    return headers


class Cassette:
    def __init__(self, stem, source, emulation="anki25", state="fresh", config=None, description=""):
        self.stem = stem
        self.header = {"cassette": 1, "source": source, "emulation": emulation, "state": state}
        if config:
            self.header["config"] = config
        if description:
            self.header["description"] = description
        self.lines = []
        self.names = set()

    def raw(self, name, note, request_body, response_body=None, method="POST", headers=None, status=200,
            reason="OK", response_headers=None, origin="http://localhost", content_length=True, private=False):
        """One exchange. Bodies are bytes or str; str is UTF-8 encoded."""
        assert name not in self.names, name
        self.names.add(name)
        if isinstance(request_body, str):
            request_body = request_body.encode("utf-8")
        req_headers = list(headers) if headers is not None else [["Content-Type", "application/json"]]
        if content_length:
            req_headers.append(["Content-Length", str(len(request_body))])
        if response_body is None:
            response_body = b""
        if isinstance(response_body, str):
            response_body = response_body.encode("utf-8")
        if response_headers is None:
            response_headers = reply_headers(response_body, origin, private)
        self.lines.append({"name": name, "note": note,
                           "request": {"method": method, "path": "/", "headers": req_headers,
                                       "body": wire(request_body)},
                           "response": {"status": status, "reason": reason, "headers": response_headers,
                                        "body": wire(response_body)}})

    def call(self, name, note, request, reply, **kw):
        body = request if isinstance(request, (str, bytes)) else dumps(request)
        self.raw(name, note, body, dumps(reply), **kw)

    def act(self, name, note, action, params=None, reply=None, version=6, err=None, **kw):
        request = {"action": action, "version": version}
        if version is None:
            del request["version"]
        if params is not None:
            request["params"] = params
        self.call(name, note, request, error(err) if err is not None else envelope(reply, version), **kw)

    def write(self):
        path = os.path.join(OUT, self.stem + ".jsonl")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps(self.header, ensure_ascii=False) + "\n")
            for line in self.lines:
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        return len(self.lines)


def wire(data):
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(data).decode("ascii")}


# --- Python texts the spec pins down --------------------------------------------------------------

def pformat_block(obj, sort):
    text = pprint.pformat(obj, width=72, sort_dicts=sort)
    return "\n".join("    " + line for line in text.split("\n"))


def schema_error(message, keyword, schema_path, subschema, instance_path, instance, js412):
    return (f"{message}\n\nFailed validating {keyword!r} in {schema_path}:\n{pformat_block(subschema, js412)}"
            f"\n\nOn {instance_path}:\n{pformat_block(instance, js412)}")


def validate_request(instance, js412):
    """The request schema's error text (spec §1.5), or None when the request is valid."""
    if not isinstance(instance, dict):
        return schema_error(f"{instance!r} is not of type 'object'", "type", "schema", REQUEST_SCHEMA,
                            "instance", instance, js412)
    if "action" not in instance:
        return schema_error("'action' is a required property", "required", "schema", REQUEST_SCHEMA,
                            "instance", instance, js412)
    errors = {}
    a = instance["action"]
    if not isinstance(a, str):
        errors["action"] = (f"{a!r} is not of type 'string'", "type")
    elif len(a) < 1:
        errors["action"] = ("'' is too short" if js412 else "'' should be non-empty", "minLength")
    if "version" in instance:
        v = instance["version"]
        ok = (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())
        if not ok:
            errors["version"] = (f"{v!r} is not of type 'integer'", "type")
    if "params" in instance and not isinstance(instance["params"], dict):
        errors["params"] = (f"{instance['params']!r} is not of type 'object'", "type")
    order = ["action", "version", "params"] if js412 else ["version", "params", "action"]
    for member in order:
        if member in errors:
            message, keyword = errors[member]
            return schema_error(message, keyword, f"schema['properties'][{member!r}]",
                                REQUEST_SCHEMA["properties"][member], f"instance[{member!r}]",
                                instance[member], js412)
    return None


def qualname(action, py39):
    return f"{action}()" if py39 else f"AnkiConnect.{action}()"


def missing_text(action, names, py39):
    quoted = [repr(n) for n in names]
    if len(quoted) == 1:
        listed = quoted[0]
    elif len(quoted) == 2:
        listed = f"{quoted[0]} and {quoted[1]}"
    else:
        listed = ", ".join(quoted[:-1]) + ", and " + quoted[-1]
    plural = "argument" if len(names) == 1 else "arguments"
    return f"{qualname(action, py39)} missing {len(names)} required positional {plural}: {listed}"


def unexpected_text(action, name, py39, suggestion=None):
    text = f"{qualname(action, py39)} got an unexpected keyword argument {name!r}"
    if suggestion and not py39:
        text += f". Did you mean {suggestion!r}?"
    return text


# --- cassettes -----------------------------------------------------------------------------------

SPEC_SRC = "derived from the spec: shared/spec/ankiconnect-api.md"


def http_layer(emulation):
    py39 = emulation == "anki23"
    c = Cassette("http-layer" + ("-anki23" if py39 else ""),
                 f"{SPEC_SRC} §1 (HTTP layer), §1.5 texts for the {emulation} profile", emulation,
                 description="CORS, OPTIONS, 403, empty body, methods, invalid UTF-8/JSON, schema errors")
    v6 = dumps({"action": "version", "version": 6})
    ok6 = dumps({"result": 6, "error": None})
    c.raw("post-version", "§1.6", v6, ok6)
    c.raw("lowercase-method", "§1.1 method upper-cased", v6, ok6, method="post")
    for m in ["GET", "PUT", "DELETE", "PATCH"]:
        c.raw(f"method-{m}", "§1.1 every non-OPTIONS method is an API call", v6, ok6, method=m)
    c.raw("path-ignored", "§1.1 the path is ignored", v6, ok6)
    c.lines[-1]["request"]["path"] = "/anything/else?x=1"
    c.raw("form-content-type", "ecosystem §0.2: any Content-Type", v6, ok6,
          headers=[["Content-Type", "application/x-www-form-urlencoded"]])
    c.raw("text-plain", "ecosystem §1.3: Obsidian sends text/plain", v6, ok6,
          headers=[["Content-Type", "text/plain;charset=UTF-8"]])
    c.raw("no-content-type", "§1.1", v6, ok6, headers=[])
    banner = dumps({"apiVersion": "AnkiConnect v.6"})
    c.raw("empty-body", "§1.4 step 2, Q4", "", banner)
    c.raw("empty-body-get", "§1.4 a browser GET", "", banner, method="GET", headers=[])
    c.raw("no-content-length", "§1.1, Q4: body length 0 without Content-Length", "", banner, content_length=False)
    c.raw("content-length-without-space", "§1.1: 'Content-Length:12' is not a header", "", banner,
          headers=[["Content-Type", "application/json"], ["Content-Length:0"]], content_length=False)
    # CORS (§1.2)
    for label, origin in [("localhost", "http://localhost"), ("127", "http://127.0.0.1"),
                          ("127-https", "https://127.0.0.1"), ("127-port", "http://127.0.0.1:5500"),
                          ("chrome", "chrome-extension://likgccmbimhjbgkjambclfkhldnlhbnn"),
                          ("moz", "moz-extension://1c1b2a2e-0000-4000-8000-000000000000"),
                          ("safari", "safari-web-extension://ABCD")]:
        c.raw(f"origin-allowed-{label}", "§1.2 allowed origin echoed", v6, ok6,
              headers=[["Origin", origin], ["Content-Type", "application/json"]], origin=origin)
    forbidden = [["Access-Control-Allow-Origin", "http://localhost"], ["Access-Control-Allow-Headers", "*"]]
    for label, origin in [("localhost-port", "http://localhost:3000"), ("https-localhost", "https://localhost"),
                          ("https-127-port", "https://127.0.0.1:8080"), ("null", "null"),
                          ("obsidian", "app://obsidian.md"), ("evil", "https://evil.example")]:
        c.raw(f"origin-forbidden-{label}", "§1.4 step 4: 403, no body, no Content-Type", v6, None,
              headers=[["Origin", origin], ["Content-Type", "application/json"]], status=403,
              reason="Forbidden", response_headers=forbidden)
    c.raw("origin-forbidden-empty-body", "§1.4 step 2: 403 even for an empty body", "", None,
          headers=[["Origin", "https://evil.example"]], status=403, reason="Forbidden", response_headers=forbidden)
    c.raw("origin-forbidden-invalid-json", "§1.4 step 2", "{", None,
          headers=[["Origin", "https://evil.example"]], status=403, reason="Forbidden", response_headers=forbidden)
    c.raw("origin-value-split", "§1.1: a header value ends at the second ': '", v6, ok6,
          headers=[["Origin", "http://localhost: extra"]], origin="http://localhost")
    c.raw("origin-duplicate-last-wins", "§1.1: the last duplicate header wins", v6, None,
          headers=[["Origin", "http://localhost"], ["Origin", "https://evil.example"]], status=403,
          reason="Forbidden", response_headers=forbidden)
    rp = {"action": "requestPermission", "version": 6}
    c.call("requestPermission-forbidden-origin", "§1.4 step 3, §2.4: denied, origin echoed", rp,
           {"result": {"permission": "denied"}, "error": None},
           headers=[["Origin", "https://evil.example"]], origin="https://evil.example")
    c.call("requestPermission-allowed-origin", "§2.4", rp,
           {"result": {"permission": "granted", "requireApikey": False, "version": 6}, "error": None},
           headers=[["Origin", "chrome-extension://abc"]], origin="chrome-extension://abc")
    # OPTIONS (§1.3)
    c.raw("options-plain", "§1.3", "", "", method="OPTIONS", headers=[], content_length=False)
    c.raw("options-allowed-origin", "§1.3", "", "", method="OPTIONS",
          headers=[["Origin", "moz-extension://x"], ["Access-Control-Request-Method", "POST"]],
          content_length=False, origin="moz-extension://x")
    c.raw("options-forbidden-origin", "§1.3: disallowed origins see http://localhost", "", "", method="OPTIONS",
          headers=[["Origin", "https://evil.example"]], content_length=False)
    c.raw("options-private-network", "§1.3", "", "", method="OPTIONS",
          headers=[["Origin", "http://localhost"], ["Access-Control-Request-Private-Network", "true"]],
          content_length=False, private=True)
    c.raw("options-private-network-not-true", "§1.3: compared byte-exact with 'true'", "", "", method="OPTIONS",
          headers=[["Access-Control-Request-Private-Network", "TRUE"]], content_length=False)
    # Invalid UTF-8 (§1.5)
    for label, body, text in [
            ("ff", b"\xff", "'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"),
            ("continuation", b'{"action": "\xc3\x28"}', "'utf-8' codec can't decode byte 0xc3 in position 12: invalid continuation byte"),
            ("truncated", b'{"action": "x"}\xe2\x82', "'utf-8' codec can't decode bytes in position 15-16: unexpected end of data")]:
        c.raw(f"invalid-utf8-{label}", "§1.5", body, dumps(error(text)))
    # Invalid JSON (§1.5); Python 3.9-3.12 texts come from this interpreter, 3.13 differs on trailing commas.
    py313_trailing = {'{"a":1,}': "Illegal trailing comma before end of object: line 1 column 7 (char 6)",
                      "[1,]": "Illegal trailing comma before end of array: line 1 column 3 (char 2)"}
    cases = ["not json", "  ", "{", '{"a":1,}', "[1,]", '{"a" 1}', '{"a":1', "[1 2]", '"abc', '"a\x01"', '"\\q"',
             '{"action":"version"} x', "\ufeff{}", '{"action": "version",\n "version": 6,,}', "nul", "[", "{'action': 'version'}"]
    for i, text in enumerate(cases):
        try:
            json.loads(text)
            raise AssertionError(text)
        except json.JSONDecodeError as e:
            message = str(e)
        if not py39 and text in py313_trailing:
            message = py313_trailing[text]
        if not py39 and text == '{"action": "version",\n "version": 6,,}':
            pass  # ',,' is "Expecting property name" on both
        c.raw(f"invalid-json-{i:02d}", "§1.5 json.loads texts", text, dumps(error(message)))
    # Schema (§1.5)
    schema_cases = [("empty-object", {}), ("list", []), ("string", "version"), ("number", 6), ("null", None),
                    ("action-int", {"action": 1}), ("action-null", {"action": None}), ("action-empty", {"action": ""}),
                    ("version-string", {"action": "x", "version": "6"}), ("version-float", {"action": "x", "version": 6.5}),
                    ("version-bool", {"action": "version", "version": True}),
                    ("params-list", {"action": "x", "params": []}),
                    ("params-string", {"action": "version", "version": 6, "params": "a"}),
                    ("action-and-version", {"action": 1, "version": "6"}),
                    ("action-and-params", {"action": "", "params": []}),
                    ("version-and-params", {"action": "x", "version": None, "params": 1}),
                    ("all-three", {"action": [], "version": "x", "params": "y"}),
                    ("missing-action-with-bad-version", {"version": "6"}),
                    ("wrapping", {"version": 6, "params": {"note": {"deckName": "Default", "modelName": "Basic",
                                  "fields": {"Front": "caf\u00e9", "Back": "a very long back field value that will certainly overflow the width"}}}})]
    for label, instance in schema_cases:
        text = validate_request(instance, py39)
        c.call(f"schema-{label}", "§1.5 jsonschema texts (priority per flavour)", dumps(instance), error(text))
    c.call("schema-version-nan", "§1.5: NaN is not an integer", '{"action": "version", "version": NaN}',
           error(schema_error("nan is not of type 'integer'", "type", "schema['properties']['version']",
                              {"type": "integer"}, "instance['version']", float("nan"), py39)))
    c.call("schema-version-6.0", "§1.5: an integral float passes", '{"action": "version", "version": 6.0}',
           {"result": 6, "error": None})
    c.call("duplicate-keys", "§1.5: last value wins", '{"action": "nope", "action": "version", "version": 6}',
           {"result": 6, "error": None})
    c.call("key-order-irrelevant", "KOReader's fork order", '{"version":6,"action":"version"}', {"result": 6, "error": None})
    return c


def binding_errors(emulation):
    py39 = emulation == "anki23"
    c = Cassette("binding-errors" + ("-anki23" if py39 else ""),
                 f"{SPEC_SRC} §2.2 (Python TypeError texts) and ankiconnect-actions.json parameter lists",
                 emulation, description="for every action: an unexpected keyword argument, and its missing "
                                        "required arguments")
    for action in sorted(ACTIONS):
        if action == "requestPermission":
            continue  # the HTTP layer injects its parameters (see multi cassette)
        params = ACTIONS[action]["params"]
        c.act(f"{action}-unexpected", "§2.2", action, {"xyzzyplugh": 1},
              err=unexpected_text(action, "xyzzyplugh", py39))
        required = [p["name"] for p in params if p["required"]]
        if required:
            c.act(f"{action}-missing", "§2.2 (only the missing ones, signature order)", action, {},
                  err=missing_text(action, required, py39))
        if len(required) >= 2:
            c.act(f"{action}-missing-some", "§2.2", action, {required[0]: None},
                  err=missing_text(action, required[1:], py39))
    c.act("self-keyword", "§2.2", "deckNames", {"self": 1}, err=f"{qualname('deckNames', py39)} got multiple values for argument 'self'")
    c.act("unexpected-before-missing", "§2.2: unexpected is checked first", "addNote", {"nte": {}},
          err=unexpected_text("addNote", "nte", py39, "note"))
    c.act("did-you-mean-query", "§2.2 examples", "findNotes", {"querry": "x"},
          err=unexpected_text("findNotes", "querry", py39, "query"))
    c.act("did-you-mean-notes", "§2.2 examples", "addNote", {"notes": {}}, err=unexpected_text("addNote", "notes", py39, "note"))
    c.act("did-you-mean-case", "§2.2 examples", "addNote", {"Note": {}}, err=unexpected_text("addNote", "Note", py39, "note"))
    c.act("did-you-mean-none", "§2.2 examples: NOTE has no suggestion", "addNote", {"NOTE": {}}, err=unexpected_text("addNote", "NOTE", py39))
    c.act("did-you-mean-self", "§2.2 examples", "addNote", {"slf": {}}, err=unexpected_text("addNote", "slf", py39, "self"))
    c.act("first-unexpected-reported", "§2.2: first offending key in JSON order", "deckNames", {"b": 1, "a": 2},
          err=unexpected_text("deckNames", "b", py39))
    return c


def versions():
    c = Cassette("versions", f"{SPEC_SRC} §2.1, §7 (API versions 1-6), Q1",
                 description="success bare for version <= 4 (default 4), enveloped above; errors always enveloped")
    for v in [None, 0, 1, 2, 3, 4, 5, 6, 7, -1, 4.0, 6.0, 100]:
        label = "absent" if v is None else str(v)
        c.act(f"version-v{label}", "§2.1", "version", None, 6, version=v)
        c.act(f"deckNames-v{label}", "§2.1", "deckNames", {}, ["Default"], version=v)
        c.act(f"unsupported-v{label}", "§2.1 step 3: errors enveloped for every version", "nope", None, version=v,
              err="unsupported action")
        c.act(f"modelFieldNames-v{label}", "§2.1", "modelFieldNames", {"modelName": "Basic"}, ["Front", "Back"], version=v)
        c.act(f"modelNotFound-v{label}", "§2.1", "modelFieldNames", {"modelName": "Nope"}, version=v,
              err="model was not found: Nope")
    for name in ["features", "upgrade", "getNextCard", "answerCard", "isSuspended", "guiReview", "updateCompleteDeck",
                 "VERSION", "Version", "deck_names", " version"]:
        c.act(f"removed-or-misspelt-{name.strip()}-{len(name)}", "§7: removed actions; lookup is exact", name, None, err="unsupported action")
    c.call("version-4.5", "§1.5: a top-level non-integral version fails the schema", '{"action": "version", "version": 4.5}',
           error(validate_request({"action": "version", "version": 4.5}, False)))
    c.call("multi-element-version-floats", "§2.1: inside multi 4.5 gives the envelope, 4.0 the bare result",
           '{"action": "multi", "version": 6, "params": {"actions": [{"action": "version", "version": 4.5}, {"action": "version", "version": 4.0}]}}',
           {"result": [{"result": 6, "error": None}, 6], "error": None})
    return c


def multi():
    c = Cassette("multi", f"{SPEC_SRC} §2.3 (multi), Q1, Q27", description="nested, mixed versions, element errors")
    m = lambda actions, version=6: {"action": "multi", "version": version, "params": {"actions": actions}}
    c.call("mixed-versions", "§2.3: each element uses its own version (default 4)",
           m([{"action": "version"}, {"action": "version", "version": 6}, {"action": "deckNames", "version": 2}]),
           {"result": [6, {"result": 6, "error": None}, ["Default"]], "error": None})
    c.call("element-errors", "§2.3: failing elements always enveloped",
           m([{"action": "nope"}, {"action": "nope", "version": 6}, {"action": "modelFieldNames", "params": {"modelName": "X"}}]),
           {"result": [error("unsupported action"), error("unsupported action"), error("model was not found: X")], "error": None})
    c.call("outer-v4-bare", "§2.3: the outer result enveloped per outer version",
           m([{"action": "version", "version": 6}], 4), [{"result": 6, "error": None}])
    c.call("outer-absent-version", "§2.3", {"action": "multi", "params": {"actions": [{"action": "version"}]}}, [6])
    c.call("nested", "§2.3: nesting works; inner multi defaults to 4",
           m([{"action": "multi", "params": {"actions": [{"action": "version"}, {"action": "version", "version": 6}]}},
              {"action": "multi", "version": 6, "params": {"actions": [{"action": "deckNames", "version": 6}]}}]),
           {"result": [[6, {"result": 6, "error": None}], {"result": [{"result": ["Default"], "error": None}], "error": None}], "error": None})
    c.call("deeply-nested", "§2.3", m([m([m([{"action": "version", "version": 6}])])]),
           {"result": [{"result": [{"result": [{"result": 6, "error": None}], "error": None}], "error": None}], "error": None})
    c.call("empty", "§2.3", m([]), {"result": [], "error": None})
    c.call("non-object-element", "§2.3: aborts the whole multi", m([{"action": "version"}, "x"]),
           error("'str' object has no attribute 'get'"))
    c.call("int-element", "§2.3", m([1]), error("'int' object has no attribute 'get'"))
    c.call("null-element", "§2.3", m([None]), error("'NoneType' object has no attribute 'get'"))
    c.call("list-element", "§2.3", m([[]]), error("'list' object has no attribute 'get'"))
    c.call("actions-int", "§2.3: actions not iterable", m(5), error("'int' object is not iterable"))
    c.call("actions-string", "§2.3: a string is iterated per character", m("ab"), error("'str' object has no attribute 'get'"))
    c.call("actions-object", "§2.3: iterating a dict yields its keys", m({"a": 1}), error("'str' object has no attribute 'get'"))
    c.call("actions-missing", "§2.2", {"action": "multi", "version": 6, "params": {}},
           error(missing_text("multi", ["actions"], False)))
    c.call("missing-action-element", "§2.3: missing/non-string action -> unsupported action",
           m([{}, {"action": 5, "version": 6}, {"action": None}]),
           {"result": [error("unsupported action"), error("unsupported action"), error("unsupported action")], "error": None})
    c.call("requestPermission-inside", "§2.3: no injection inside multi",
           m([{"action": "requestPermission", "version": 6}]),
           {"result": [error(missing_text("requestPermission", ["origin", "allowed"], False))], "error": None})
    for label, version, type_name in [("string", "6", "str"), ("null", None, "NoneType"), ("list", [], "list"), ("dict", {}, "dict")]:
        c.call(f"element-version-{label}", "§2.1, Q27: the action runs, then the comparison fails",
               m([{"action": "version", "version": version}]),
               {"result": [error(f"'<=' not supported between instances of '{type_name}' and 'int'")], "error": None})
    c.call("element-version-bool", "§2.1: true compares as 1", m([{"action": "version", "version": True}]),
           {"result": [6], "error": None})
    for label, params, type_name in [("list", [], "list"), ("null", None, "NoneType"), ("int", 3, "int"), ("string", "x", "str")]:
        c.call(f"element-params-{label}", "§2.2: ** needs a mapping; the module name is 2055492159",
               m([{"action": "deckNames", "version": 6, "params": params}]),
               {"result": [error(f"2055492159.AnkiConnect.deckNames() argument after ** must be a mapping, not {type_name}")], "error": None})
    c.call("element-binding-error", "§2.2 inside multi", m([{"action": "deckNames", "params": {"x": 1}}]),
           {"result": [error(unexpected_text("deckNames", "x", False))], "error": None})
    c.call("no-schema-inside", "§2.3: elements are not schema-validated", m([{"action": "", "version": "6"}]),
           {"result": [error("unsupported action")], "error": None})
    return c


def api_key():
    c = Cassette("api-key", f"{SPEC_SRC} §2.1 (API key), Q2, Q3", config={"apiKey": "s3cret"},
                 description="an API key is configured")
    c.act("no-key", "§2.1", "version", None, err="valid api key must be provided")
    c.call("right-key", "§2.1", {"action": "version", "version": 6, "key": "s3cret"}, {"result": 6, "error": None})
    c.call("wrong-key", "§2.1", {"action": "version", "version": 6, "key": "S3CRET"}, error("valid api key must be provided"))
    c.call("number-key", "§2.1: Python != on JSON values", {"action": "version", "version": 6, "key": 123}, error("valid api key must be provided"))
    c.call("null-key", "§2.1", {"action": "version", "version": 6, "key": None}, error("valid api key must be provided"))
    c.call("key-before-lookup", "§2.1: the key check precedes action lookup", {"action": "nope", "version": 6}, error("valid api key must be provided"))
    c.call("key-v4-error-enveloped", "§2.1", {"action": "deckNames"}, error("valid api key must be provided"))
    c.call("requestPermission-exempt", "Q3: requireApikey true", {"action": "requestPermission", "version": 6},
           {"result": {"permission": "granted", "requireApikey": True, "version": 6}, "error": None})
    c.call("multi-element-keys", "§2.3: each element needs its own key",
           {"action": "multi", "version": 6, "key": "s3cret", "params": {"actions": [
               {"action": "version", "key": "s3cret"}, {"action": "version"}, {"action": "deckNames", "version": 6, "key": "s3cret"}]}},
           {"result": [6, error("valid api key must be provided"), {"result": ["Default"], "error": None}], "error": None})
    c.call("multi-without-outer-key", "§2.1", {"action": "multi", "version": 6, "params": {"actions": []}},
           error("valid api key must be provided"))
    c.raw("empty-body-with-key", "§1.4: the banner needs no key", "", dumps({"apiVersion": "AnkiConnect v.6"}))
    return c


def no_key_configured():
    c = Cassette("key-not-configured", f"{SPEC_SRC} §2.1, Q2", description="no API key configured")
    for label, key in [("empty", ""), ("string", "abc"), ("false", False), ("zero", 0)]:
        c.call(f"sent-{label}", "Q2: sending any key when none is configured is rejected",
               {"action": "version", "version": 6, "key": key}, error("valid api key must be provided"))
    c.call("sent-null", "Q2: null equals the unset key", {"action": "version", "version": 6, "key": None}, {"result": 6, "error": None})
    c.call("requestPermission", "§2.4", {"action": "requestPermission", "version": 6},
           {"result": {"permission": "granted", "requireApikey": False, "version": 6}, "error": None})
    c.call("requestPermission-v4", "§2.4: the client's version (default 4) shapes the reply",
           {"action": "requestPermission"}, {"permission": "granted", "requireApikey": False, "version": 6})
    c.call("requestPermission-client-params-overwritten", "§1.4 step 3: params overwritten",
           {"action": "requestPermission", "version": 6, "params": {"origin": "x", "allowed": False}},
           {"result": {"permission": "granted", "requireApikey": False, "version": 6}, "error": None})
    return c


def cors_star():
    c = Cassette("cors-star", f"{SPEC_SRC} §1.2 step 2, Q5", config={"webCorsOriginList": ["*"]},
                 description="webCorsOriginList contains '*'")
    v6 = dumps({"action": "version", "version": 6})
    ok6 = dumps({"result": 6, "error": None})
    for label, origin in [("none", None), ("evil", "https://evil.example"), ("localhost", "http://localhost")]:
        headers = [["Origin", origin]] if origin else []
        c.raw(f"post-origin-{label}", "§1.2: '*' allows everything and is echoed as '*'", v6, ok6, headers=headers, origin="*")
        c.raw(f"options-origin-{label}", "§1.3", "", "", method="OPTIONS", headers=headers, content_length=False, origin="*")
    c.raw("empty-body", "§1.4", "", dumps({"apiVersion": "AnkiConnect v.6"}), headers=[["Origin", "https://evil.example"]], origin="*")
    return c


def cors_listed():
    c = Cassette("cors-listed", f"{SPEC_SRC} §1.2 step 3", config={"webCorsOriginList": ["app://obsidian.md"]},
                 description="a list without http://localhost: the 127.0.0.1/extension shortcuts are off")
    v6 = dumps({"action": "version", "version": 6})
    ok6 = dumps({"result": 6, "error": None})
    forbidden = [["Access-Control-Allow-Origin", "http://localhost"], ["Access-Control-Allow-Headers", "*"]]
    c.raw("listed", "§1.2", v6, ok6, headers=[["Origin", "app://obsidian.md"]], origin="app://obsidian.md")
    c.raw("no-origin", "§1.2 step 4", v6, ok6, headers=[])
    for label, origin in [("chrome", "chrome-extension://abc"), ("127", "http://127.0.0.1:8000"), ("localhost", "http://localhost"),
                          ("case", "APP://obsidian.md")]:
        c.raw(f"not-listed-{label}", "§1.2: shortcuts only when http://localhost is listed", v6, None,
              headers=[["Origin", origin]], status=403, reason="Forbidden", response_headers=forbidden)
    return c


def misc_actions():
    c = Cassette("actions-misc", f"{SPEC_SRC} §5.1 and ankiconnect-actions.json (misc)",
                 description="a fresh collection; profile 'User 1'. Left out: a successful sync and the "
                             "`Sync status … not one of [0, 1]` error (they need an AnkiWeb account or a sync server)")
    c.act("version", "§5.1", "version", None, 6)
    c.act("getProfiles", "§5.1", "getProfiles", None, ["User 1"])
    c.act("getActiveProfile", "§5.1", "getActiveProfile", None, "User 1")
    c.act("loadProfile-same", "§5.1", "loadProfile", {"name": "User 1"}, True)
    c.act("loadProfile-unknown", "§5.1", "loadProfile", {"name": "Nobody"}, False)
    c.act("loadProfile-case", "§5.1: exact match", "loadProfile", {"name": "user 1"}, False)
    c.act("sync-no-auth", "§5.1 headless without credentials", "sync", None, err="sync: auth not configured")
    c.act("reloadCollection", "§5.1", "reloadCollection", None, None)
    names = sorted(ACTIONS)
    c.act("apiReflect-all", "§5.1", "apiReflect", {"scopes": ["actions"], "actions": None}, {"scopes": ["actions"], "actions": names})
    c.act("apiReflect-some", "§5.1: input order, duplicates kept, unknown dropped", "apiReflect",
          {"scopes": ["actions", "x", "actions"], "actions": ["version", "nope", "multi", "version"]},
          {"scopes": ["actions"], "actions": ["version", "multi", "version"]})
    c.act("apiReflect-other-scope", "§5.1", "apiReflect", {"scopes": ["x"]}, {"scopes": []})
    c.act("apiReflect-no-scopes", "§5.1, Q22", "apiReflect", {}, err="scopes has invalid value")
    c.act("apiReflect-scopes-string", "§5.1", "apiReflect", {"scopes": "actions"}, err="scopes has invalid value")
    c.act("apiReflect-actions-string", "§5.1", "apiReflect", {"scopes": ["actions"], "actions": "version"}, err="actions has invalid value")
    c.act("apiReflect-actions-int", "§4.3 (3.13)", "apiReflect", {"scopes": ["actions"], "actions": [1]},
          err="attribute name must be string, not 'int'")
    c.act("unsupported", "§2.1", "doesNotExist", None, err="unsupported action")
    c.act("requestPermission-extra-param", "§2.2, §1.4 step 3: the client's other params stay and are reported", "requestPermission",
          {"foo": 1}, err=unexpected_text("requestPermission", "foo", False))
    python_version_texts(c, py39=False)
    return c


def python_version_texts(c, py39):
    """§4.3: the Python built-in texts whose wording differs between Python 3.9 (anki23) and 3.13 (anki25),
    reached through each plugin method that raises one (the str's subscript, int() of a list)."""
    tag = "§4.3 (3.9)" if py39 else "§4.3 (3.13)"
    str_indices = "string indices must be integers" if py39 else "string indices must be integers, not 'str'"
    number = "a number" if py39 else "a real number"
    for name, action, params, what in [
            ("addNote-string-note", "addNote", {"note": "x"}, "note['modelName']"),
            ("updateNoteFields-string-note", "updateNoteFields", {"note": "x"}, "note['id']"),
            ("updateModelStyling-string-model", "updateModelStyling", {"model": "x"}, "model['name']"),
            ("updateModelTemplates-string-model", "updateModelTemplates", {"model": "x"}, "model['name']"),
            ("modelTemplateAdd-string-template", "modelTemplateAdd", {"modelName": "Basic", "template": "x"}, "template['Name']"),
            ("createModel-string-template", "createModel", {"modelName": "Py", "inOrderFields": ["F"], "cardTemplates": ["x"]},
             "'Name' in card is False, then card['Front']"),
            ("saveDeckConfig-string", "saveDeckConfig", {"config": "x"}, "str(config['id'])"),
            ("answerCards-string-answer", "answerCards", {"answers": ["x"]}, "answer['cardId']"),
            ("guiAddCards-string-note", "guiAddCards", {"note": "x"}, "note['deckName']")]:
        c.act(name, f"{tag}: {what} on a str", action, params, err=str_indices)
    c.act("setDeckConfigId-list-id", f"{tag}: int(configId) of a list", "setDeckConfigId", {"decks": ["Default"], "configId": []},
          err=f"int() argument must be a string, a bytes-like object or {number}, not 'list'")


def misc_actions_anki23():
    c = Cassette("actions-misc-anki23", f"{SPEC_SRC} §4.3 (Python 3.9 texts) for the anki23 profile", "anki23",
                 description="Python built-in texts that differ on Python 3.9")
    c.act("apiReflect-actions-int", "§4.3 (3.9)", "apiReflect", {"scopes": ["actions"], "actions": [1]},
          err="getattr(): attribute name must be string")
    c.act("requestPermission-extra-param", "§2.2 (3.9)", "requestPermission", {"foo": 1}, err=unexpected_text("requestPermission", "foo", True))
    python_version_texts(c, py39=True)
    return c


def gui_actions():
    c = Cassette("actions-gui", f"{SPEC_SRC} §5.8 headless proposals (ankiconnect-actions.json headless_proposal)",
                 description="GUI actions answered headless")
    c.act("guiReviewActive", "§5.8", "guiReviewActive", None, False)
    c.act("guiCurrentCard", "§5.8", "guiCurrentCard", None, err="Gui review is not currently active.")
    c.act("guiStartCardTimer", "§5.8", "guiStartCardTimer", None, False)
    c.act("guiShowQuestion", "§5.8", "guiShowQuestion", None, False)
    c.act("guiShowAnswer", "§5.8", "guiShowAnswer", None, False)
    c.act("guiAnswerCard", "§5.8", "guiAnswerCard", {"ease": 1}, False)
    c.act("guiPlayAudio", "§5.8", "guiPlayAudio", None, False)
    c.act("guiUndo", "§5.8", "guiUndo", None, True)
    c.act("guiDeckBrowser", "§5.8", "guiDeckBrowser", None, None)
    c.act("guiDeckOverview", "§5.8", "guiDeckOverview", {"name": "Default"}, True)
    c.act("guiDeckOverview-case", "§5.8: case-insensitive", "guiDeckOverview", {"name": "default"}, True)
    c.act("guiDeckOverview-unknown", "§5.8", "guiDeckOverview", {"name": "Nope"}, False)
    c.act("guiDeckReview", "§5.8", "guiDeckReview", {"name": "Default"}, True)
    c.act("guiDeckReview-unknown", "§5.8", "guiDeckReview", {"name": "Nope"}, False)
    c.act("guiImportFile", "§5.8", "guiImportFile", {"path": "/nonexistent.apkg"}, None)
    c.act("guiCheckDatabase", "§5.8", "guiCheckDatabase", None, True)
    c.act("guiSelectedNotes", "§5.8", "guiSelectedNotes", None, [])
    c.act("guiSelectCard", "§5.8", "guiSelectCard", {"card": UNKNOWN_ID}, False)
    c.act("guiSelectNote", "§5.8", "guiSelectNote", {"note": UNKNOWN_ID}, False)
    c.act("guiBrowse-empty", "§5.8: findCards(query)", "guiBrowse", {"query": "deck:Default"}, [])
    c.act("guiBrowse-no-query", "§5.8", "guiBrowse", None, [])
    c.act("guiBrowse-reorder-not-dict", "§5.8", "guiBrowse", {"query": "", "reorderCards": 1}, err="reorderCards should be a dict: 1")
    c.act("guiBrowse-reorder-missing", "§5.8 (stray quote)", "guiBrowse", {"query": "", "reorderCards": {"order": "ascending"}},
          err='Must provide a "columnId" and a "order" property"')
    c.act("guiBrowse-reorder-order", "§5.8", "guiBrowse", {"query": "", "reorderCards": {"order": "up", "columnId": "noteCrt"}},
          err="invalid card order: up")
    c.act("guiBrowse-reorder-column", "§5.8", "guiBrowse", {"query": "", "reorderCards": {"order": "ascending", "columnId": "x"}},
          err="invalid columnId: x")
    c.act("guiEditNote-unknown", "§5.8, §4.2", "guiEditNote", {"note": UNKNOWN_ID},
          err=f"Your database appears to be in an inconsistent state. Please use the Check Database action. No such note: '{UNKNOWN_ID}'")
    c.act("guiAddCards-no-note", "§5.8", "guiAddCards", None, 0)
    c.act("guiAddCards-deck", "§5.8", "guiAddCards", {"note": {"deckName": "Nope", "modelName": "Basic", "fields": {}}},
          err="deck was not found: Nope")
    c.act("guiAddCards-model", "§5.8", "guiAddCards", {"note": {"deckName": "Default", "modelName": "Nope", "fields": {}}},
          err="model was not found: Nope")
    c.act("guiAddCards", "§5.8, Q21", "guiAddCards", {"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "a"}}}, 0)
    return c


def collection_actions():
    c = Cassette("actions-collection", f"{SPEC_SRC} §5.2-5.7 and ankiconnect-actions.json",
                 description="decks, models, notes, cards, media, stats on a fresh collection")
    c.act("deckNames", "§5.2", "deckNames", None, ["Default"])
    c.act("deckNamesAndIds", "§5.2", "deckNamesAndIds", None, {"Default": 1})
    c.act("deckNameFromId", "§5.2", "deckNameFromId", {"deckId": 1}, "Default")
    c.act("modelNames", "§5.6, collection-format §7.3", "modelNames", None, STOCK_MODELS)
    for m, fields in [("Basic", ["Front", "Back"]), ("Basic (optional reversed card)", ["Front", "Back", "Add Reverse"]),
                      ("Cloze", ["Text", "Back Extra"]), ("Image Occlusion", ["Occlusion", "Image", "Header", "Back Extra", "Comments"])]:
        c.act(f"modelFieldNames-{m}", "§5.6", "modelFieldNames", {"modelName": m}, fields)
    c.act("modelFieldNames-unknown", "§5.6", "modelFieldNames", {"modelName": "Nope"}, err="model was not found: Nope")
    c.act("modelStyling-Basic", "collection-format §7.4", "modelStyling", {"modelName": "Basic"}, {"css": STD_CSS})
    c.act("modelTemplates-reversed", "ankiconnect-actions.json example", "modelTemplates", {"modelName": "Basic (and reversed card)"},
          ACTIONS["modelTemplates"]["example"]["result"])
    c.act("modelTemplates-Basic", "collection-format §7.3", "modelTemplates", {"modelName": "Basic"},
          {"Card 1": {"Front": "{{Front}}", "Back": "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"}})
    c.act("modelFieldsOnTemplates", "ankiconnect-actions.json example", "modelFieldsOnTemplates",
          {"modelName": "Basic (and reversed card)"}, ACTIONS["modelFieldsOnTemplates"]["example"]["result"])
    c.act("getTags-empty", "§5.4", "getTags", None, [])
    c.act("findNotes-none", "§5.4, Q28", "findNotes", {"query": "deck:Default"}, [])
    c.act("findNotes-null", "Q28", "findNotes", {}, [])
    c.act("findCards-null", "Q28", "findCards", {}, [])
    c.act("getMediaFilesNames-empty", "§5.3", "getMediaFilesNames", None, [])
    c.act("getNumCardsReviewedToday", "§5.7", "getNumCardsReviewedToday", None, 0)
    c.act("createDeck", "§5.2: returns the new id", "createDeck", {"deck": "Japanese::Tokyo"}, DECK_A)
    c.act("deckNames-after-create", "§5.2: parents are created", "deckNames", None, ["Default", "Japanese", "Japanese::Tokyo"])
    c.act("createDeck-existing", "§5.2: existing deck -> its id", "createDeck", {"deck": "Japanese::Tokyo"}, DECK_A)
    note = {"deckName": "Default", "modelName": "Basic", "fields": {"Front": "front content", "Back": "back content"},
            "tags": ["yomichan"]}
    c.act("addNote", "§5.4", "addNote", {"note": note}, NOTE_A)
    c.act("addNote-duplicate", "§5.4", "addNote", {"note": note}, err="cannot create note because it is a duplicate")
    c.act("addNote-empty", "§5.4", "addNote", {"note": dict(note, fields={"Front": " ", "Back": "x"})}, err="cannot create note because it is empty")
    c.act("addNote-model", "§5.4", "addNote", {"note": dict(note, modelName="Nope")}, err="model was not found: Nope")
    c.act("addNote-deck", "§5.4", "addNote", {"note": dict(note, deckName="Nope")}, err="deck was not found: Nope")
    c.act("addNote-no-fields", "§5.4 KeyError", "addNote", {"note": {"deckName": "Default", "modelName": "Basic"}}, err="'fields'")
    c.act("addNote-no-model", "§5.4 KeyError", "addNote", {"note": {"deckName": "Default"}}, err="'modelName'")
    c.act("addNote-allowDuplicate-type", "§5.4 step 5", "addNote", {"note": dict(note, options={"allowDuplicate": 1})},
          err='option parameter "allowDuplicate" must be boolean')
    c.act("canAddNotes", "§5.4", "canAddNotes", {"notes": [note, dict(note, fields={"Front": "new", "Back": ""})]}, [False, True])
    c.act("canAddNoteWithErrorDetail", "§5.4", "canAddNoteWithErrorDetail", {"note": note},
          {"canAdd": False, "error": "cannot create note because it is a duplicate"})
    c.act("canAddNotesWithErrorDetail", "§5.4", "canAddNotesWithErrorDetail",
          {"notes": [dict(note, fields={"Front": "other"}), {"deckName": "Default", "modelName": "Basic"}]},
          [{"canAdd": True}, {"canAdd": False, "error": "'fields'"}])
    c.act("findNotes-one", "§5.4", "findNotes", {"query": "deck:Default"}, [NOTE_A])
    c.act("getTags", "§5.4", "getTags", None, ["yomichan"])
    c.act("getNoteTags", "§5.4", "getNoteTags", {"note": NOTE_A}, ["yomichan"])
    c.act("getNoteTags-unknown", "§5.4", "getNoteTags", {"note": UNKNOWN_ID}, err=f"Note was not found: {UNKNOWN_ID}")
    c.act("updateNoteFields", "§5.4", "updateNoteFields", {"note": {"id": NOTE_A, "fields": {"Back": "new back"}}}, None)
    c.act("updateNoteFields-unknown", "§5.4", "updateNoteFields", {"note": {"id": UNKNOWN_ID, "fields": {}}},
          err=f"Note was not found: {UNKNOWN_ID}")
    c.act("updateNote-neither", "§5.4", "updateNote", {"note": {"id": NOTE_A}}, err='Must provide a "fields" or "tags" property.')
    c.act("updateNoteTags-bad", "§5.4", "updateNoteTags", {"note": NOTE_A, "tags": 5}, err="Must provide tags as a list of strings")
    c.act("addTags", "§5.4", "addTags", {"notes": [NOTE_A], "tags": "extra"}, None)
    c.act("getNoteTags-after-addTags", "§5.4: unicase order", "getNoteTags", {"note": NOTE_A}, ["extra", "yomichan"])
    c.act("removeTags", "§5.4", "removeTags", {"notes": [NOTE_A], "tags": "extra"}, None)
    c.act("notesInfo-missing-both", "§5.4", "notesInfo", {}, err='Must provide either "notes" or a "query"')
    c.act("notesInfo-unknown", "§5.4: {} for unknown ids", "notesInfo", {"notes": [UNKNOWN_ID]}, [{}])
    c.act("notesModTime-unknown", "§5.4", "notesModTime", {"notes": [UNKNOWN_ID]}, [{}])
    c.act("cardsInfo-unknown", "§5.5", "cardsInfo", {"cards": [UNKNOWN_ID]}, [{}])
    c.act("cardsModTime-unknown", "§5.5", "cardsModTime", {"cards": [UNKNOWN_ID]}, [{}])
    c.act("areSuspended-unknown", "§5.5, Q10", "areSuspended", {"cards": [UNKNOWN_ID]}, [None])
    c.act("suspended-unknown", "§5.5, Q10", "suspended", {"card": UNKNOWN_ID}, err=f"Card was not found: {UNKNOWN_ID}")
    c.act("suspend-unknown", "§5.5", "suspend", {"cards": [UNKNOWN_ID]}, err=f"Card was not found: {UNKNOWN_ID}")
    c.act("getEaseFactors-unknown", "§5.5", "getEaseFactors", {"cards": [UNKNOWN_ID]}, [None])
    c.act("areDue-unknown", "Q24", "areDue", {"cards": [UNKNOWN_ID]}, err="list index out of range")
    c.act("deleteNotes-unknown", "§5.4: unknown ids ignored", "deleteNotes", {"notes": [UNKNOWN_ID]}, None)
    c.act("storeMediaFile", "§5.3 example", "storeMediaFile", {"filename": "_hello.txt", "data": "SGVsbG8sIHdvcmxkIQ=="}, "_hello.txt")
    c.act("storeMediaFile-nothing", "§5.3", "storeMediaFile", {"filename": "x.txt"}, err='You must provide a "data", "path", or "url" field.')
    c.act("storeMediaFile-padding", "§4.3", "storeMediaFile", {"filename": "x.txt", "data": "SGVsbG8"}, err="Incorrect padding")
    c.act("retrieveMediaFile", "§5.3", "retrieveMediaFile", {"filename": "_hello.txt"}, "SGVsbG8sIHdvcmxkIQ==")
    c.act("retrieveMediaFile-missing", "§5.3", "retrieveMediaFile", {"filename": "nope.txt"}, False)
    c.act("getMediaFilesNames", "§5.3", "getMediaFilesNames", {"pattern": "_hello*"}, ["_hello.txt"])
    c.act("deleteMediaFile", "§5.3", "deleteMediaFile", {"filename": "_hello.txt"}, None)
    c.act("retrieveMediaFile-deleted", "§5.3", "retrieveMediaFile", {"filename": "_hello.txt"}, False)
    c.act("deleteNotes", "§5.4", "deleteNotes", {"notes": [NOTE_A]}, None)
    c.act("findNotes-after-delete", "§5.4", "findNotes", {"query": "deck:Default"}, [])
    c.act("search-error", "§4.2 search errors", "findNotes", {"query": "\""},
          err="Invalid search: \u2068an opening double quote `\"` was found, but there was no second one to close it. "
              "If you want to search for a literal `\"`, prepend a backslash: `\\\"`.\u2069")
    return c


def koreader():
    c = Cassette("client-koreader", "transcribed from shared/spec/ecosystem.md §1.1 (Ajatt-Tools/anki.koplugin); "
                 f"expectations {SPEC_SRC} §2, §5", description="KOReader handshake and add flow")
    koh = [["Content-Type", "application/json"]]
    c.call("handshake", "ecosystem §1.1, §0.3", compact({"action": "requestPermission", "version": 6}),
           {"result": {"permission": "granted", "requireApikey": False, "version": 6}, "error": None}, headers=koh)
    c.call("fork-probe", "ecosystem §1.1 D0m7n7c fork", '{"version":6,"action":"version"}', {"result": 6, "error": None}, headers=koh)
    c.call("createDeck", "ecosystem §1.1 fork", compact({"action": "createDeck", "version": 6, "params": {"deck": "日本::3 - Mining Deck"}}),
           {"result": DECK_A, "error": None}, headers=koh)
    c.call("addNote-model-missing", "ecosystem §1.1", compact({"action": "addNote", "version": 6, "params": {"note": {
        "deckName": "日本::3 - Mining Deck", "modelName": "Japanese sentences", "fields": {"VocabKanji": "食べる"},
        "options": {"allowDuplicate": False, "duplicateScope": "deck"}, "tags": ["KOReader"]}}}),
        error("model was not found: Japanese sentences"), headers=koh)
    add = {"action": "addNote", "version": 6, "params": {"note": {
        "deckName": "日本::3 - Mining Deck", "modelName": "Basic", "fields": {"Front": "食べる", "Back": "<div dict=\"JMdict\">to eat</div>"},
        "options": {"allowDuplicate": False, "duplicateScope": "deck"}, "tags": ["KOReader"]}}}
    c.call("addNote", "ecosystem §1.1", compact(add), {"result": NOTE_A, "error": None}, headers=koh)
    c.call("addNote-again-duplicate", "ecosystem §1.1, §0.5", compact(add), error("cannot create note because it is a duplicate"), headers=koh)
    wrapped = {"action": "addNote", "params": {"note": json.dumps({"action": "deleteNotes", "params": {"notes": [NOTE_A]}, "version": 6})}, "version": 6}
    c.call("delete-last-bug", "ecosystem §1.1: deleteNotes wrapped in addNote; the string note is indexed by a str",
           compact(wrapped), error("string indices must be integers, not 'str'"), headers=koh)
    c.call("findNotes", "ecosystem §1.1 fork", compact({"action": "findNotes", "version": 6, "params": {"query": "\"deck:日本::3 - Mining Deck\""}}),
           {"result": [NOTE_A], "error": None}, headers=koh)
    c.call("malformed-fork-body", "ecosystem §1.1 tphLatte: malformed JSON must get a JSON error",
           '{"action":"getDeckStats","version":6,"params":{"decks"=["Default"]}}',
           error("Expecting ':' delimiter: line 1 column 55 (char 54)"),
           headers=[["Content-Type", "application/x-www-form-urlencoded"]])
    c.call("deleteNotes", "ecosystem §1.1 intended body", '{"action": "deleteNotes", "version": 6, "params": {"notes": [%d]}}' % NOTE_A,
           {"result": None, "error": None}, headers=koh)
    return c


def yomitan():
    c = Cassette("client-yomitan", "transcribed from shared/spec/ecosystem.md §1.2 (yomidevs/yomitan); "
                 f"expectations {SPEC_SRC} §2.1 (version 2 -> bare results)", description="Yomitan, version 2")
    origin = "chrome-extension://likgccmbimhjbgkjambclfkhldnlhbnn"
    yh = [["Content-Type", "application/json"], ["Origin", origin]]
    y = lambda action, params: compact({"action": action, "params": params, "version": 2})
    c.call("version", "ecosystem §1.2", y("version", {}), 6, headers=yh, origin=origin)
    c.call("deckNames", "ecosystem §1.2", y("deckNames", {}), ["Default"], headers=yh, origin=origin)
    c.call("modelNames", "ecosystem §1.2", y("modelNames", {}), STOCK_MODELS, headers=yh, origin=origin)
    c.call("modelFieldNames", "ecosystem §1.2", y("modelFieldNames", {"modelName": "Basic"}), ["Front", "Back"], headers=yh, origin=origin)
    opts = {"allowDuplicate": False, "duplicateScope": "collection",
            "duplicateScopeOptions": {"deckName": None, "checkChildren": False, "checkAllModels": False}}
    probe = {"fields": {"Front": "食べる"}, "tags": ["yomitan"], "deckName": "Default", "modelName": "Basic", "options": opts}
    c.call("canAddNotesWithErrorDetail", "ecosystem §1.2", y("canAddNotesWithErrorDetail", {"notes": [probe]}), [{"canAdd": True}],
           headers=yh, origin=origin)
    full = {"fields": {"Front": "食べる", "Back": "to eat"}, "tags": ["yomitan"], "deckName": "Default", "modelName": "Basic",
            "options": {"allowDuplicate": True, "duplicateScope": "deck",
                        "duplicateScopeOptions": {"deckName": "Default", "checkChildren": True, "checkAllModels": False}}}
    c.call("addNote", "ecosystem §1.2", y("addNote", {"note": full}), NOTE_A, headers=yh, origin=origin)
    c.call("canAddNotesWithErrorDetail-duplicate", "ecosystem §1.2", y("canAddNotesWithErrorDetail", {"notes": [probe]}),
           [{"canAdd": False, "error": "cannot create note because it is a duplicate"}], headers=yh, origin=origin)
    c.call("canAddNotes-fallback", "ecosystem §1.2", y("canAddNotes", {"notes": [probe, dict(probe, options=dict(opts, allowDuplicate=True))]}),
           [False, True], headers=yh, origin=origin)
    c.call("multi-findNotes", "ecosystem §1.2: sub-actions without version -> bare",
           compact({"action": "multi", "params": {"actions": [{"action": "findNotes", "params": {"query": "\"deck:Default\" \"front:食べる\""}}]}, "version": 2}),
           [[NOTE_A]], headers=yh, origin=origin)
    c.call("findNotes-nid", "ecosystem §1.2", y("findNotes", {"query": f"nid:{NOTE_A}"}), [NOTE_A], headers=yh, origin=origin)
    c.call("guiEditNote-unknown", "ecosystem §1.2", y("guiEditNote", {"note": UNKNOWN_ID}),
           error(f"Your database appears to be in an inconsistent state. Please use the Check Database action. No such note: '{UNKNOWN_ID}'"),
           headers=yh, origin=origin)
    c.call("updateNoteFields", "ecosystem §1.2: must be null", y("updateNoteFields", {"note": dict(full, id=NOTE_A, fields={"Back": "eat"})}),
           None, headers=yh, origin=origin)
    c.call("storeMediaFile", "ecosystem §1.2", y("storeMediaFile", {"filename": "yomitan_audio_taberu.mp3", "data": "SUQz"}),
           "yomitan_audio_taberu.mp3", headers=yh, origin=origin)
    c.call("sync", "ecosystem §1.2", y("sync", {}), error("sync: auth not configured"), headers=yh, origin=origin)
    c.call("unsupported", "ecosystem §0.4", y("notARealAction", {}), error("unsupported action"), headers=yh, origin=origin)
    return c


def obsidian():
    c = Cassette("client-obsidian", "transcribed from shared/spec/ecosystem.md §1.3 (Obsidian_to_Anki); "
                 f"expectations {SPEC_SRC} §2.3", config={"webCorsOriginList": ["http://localhost", "app://obsidian.md"]},
                 description="Obsidian_to_Anki: app://obsidian.md listed, text/plain, nested multi, version 6 everywhere")
    origin = "app://obsidian.md"
    oh = [["Content-Type", "text/plain;charset=UTF-8"], ["Origin", origin]]
    o = lambda action, params: {"action": action, "version": 6, "params": params}
    ok = lambda r: {"result": r, "error": None}
    c.call("modelNames", "ecosystem §1.3 step 1", compact(o("modelNames", {})), ok(STOCK_MODELS), headers=oh, origin=origin)
    c.call("modelFieldNames", "ecosystem §1.3 step 1",
           compact(o("multi", {"actions": [o("modelFieldNames", {"modelName": m}) for m in ["Basic", "Cloze"]]})),
           ok([ok(["Front", "Back"]), ok(["Text", "Back Extra"])]), headers=oh, origin=origin)
    note = {"deckName": "Obsidian::Biology", "modelName": "Basic",
            "fields": {"Front": "What is ATP?", "Back": "Energy<br><a href=\"obsidian://open?vault=V&file=bio\">Obsidian</a>"},
            "options": {"allowDuplicate": False, "duplicateScope": "deck"}, "tags": ["Obsidian_to_Anki"]}
    big = o("multi", {"actions": [
        o("multi", {"actions": [o("createDeck", {"deck": "Obsidian::Biology"})]}),
        o("multi", {"actions": [o("addNote", {"note": note})]}),
        o("multi", {"actions": [o("notesInfo", {"notes": [UNKNOWN_ID]})]}),
        o("getTags", {}),
        o("multi", {"actions": []}),
        o("multi", {"actions": [o("deleteNotes", {"notes": [UNKNOWN_ID]})]}),
        o("multi", {"actions": [o("storeMediaFile", {"filename": "diagram.png", "data": "iVBORw0KGgo="})]})]})
    c.call("sync-batch", "ecosystem §1.3 step 2", compact(big),
           ok([ok([ok(DECK_A)]), ok([ok(NOTE_A)]), ok([ok([{}])]), ok(["Obsidian_to_Anki"]), ok([]), ok([ok(None)]), ok([ok("diagram.png")])]),
           headers=oh, origin=origin)
    second = o("multi", {"actions": [
        o("multi", {"actions": [o("changeDeck", {"cards": [], "deck": "Obsidian::Chemistry"})]}),
        o("multi", {"actions": [o("removeTags", {"notes": [NOTE_A], "tags": "Obsidian_to_Anki"})]}),
        o("multi", {"actions": [o("addTags", {"notes": [NOTE_A], "tags": "Obsidian_to_Anki biology"})]})]})
    c.call("tags-batch", "ecosystem §1.3 step 3", compact(second), ok([ok([ok(None)]), ok([ok(None)]), ok([ok(None)])]),
           headers=oh, origin=origin)
    c.call("duplicate-in-batch", "ecosystem §1.3", compact(o("multi", {"actions": [o("addNote", {"note": note})]})),
           ok([error("cannot create note because it is a duplicate")]), headers=oh, origin=origin)
    c.call("getTags-after", "§5.4", compact(o("getTags", {})), ok(["biology", "Obsidian_to_Anki"]), headers=oh, origin=origin)
    return c


# --- concept cassettes: every non-GUI action, success and each documented error -------------------
#
# Each starts from a fresh collection (collection-format.md §7) and builds what it needs; ids the server
# hands out are written as 13-digit placeholders (Ids below) that the replayer maps onto the real ones.

LATEX_PRE = ("\\documentclass[12pt]{article}\n\\special{papersize=3in,5in}\n\\usepackage[utf8]{inputenc}\n"
             "\\usepackage{amssymb,amsmath}\n\\pagestyle{empty}\n\\setlength{\\parindent}{0in}\n\\begin{document}\n")
LATEX_POST = "\\end{document}"
CLOZE_CSS = STD_CSS + ".cloze {\n    font-weight: bold;\n    color: blue;\n}\n.nightMode .cloze {\n    color: lightblue;\n}\n"
IO_CSS = ("#image-occlusion-canvas {\n    --inactive-shape-color: #ffeba2;\n    --active-shape-color: #ff8e8e;\n"
          "    --inactive-shape-border: 1px #212121;\n    --active-shape-border: 1px #212121;\n"
          "    --highlight-shape-color: #ff8e8e00;\n    --highlight-shape-border: 1px #ff8e8e;\n}\n\n"
          ".card {\n    font-family: arial;\n    font-size: 20px;\n    text-align: center;\n    color: black;\n"
          "    background-color: white;\n}\n")
BASIC_BACK = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Back}}"
REVERSED_BACK = "{{FrontSide}}\n\n<hr id=answer>\n\n{{Front}}"
IO_Q = ("{{#Header}}<div>{{Header}}</div>{{/Header}}\n<div style=\"display: none\">{{cloze:Occlusion}}</div>\n"
        "<div id=\"err\"></div>\n<div id=\"image-occlusion-container\">\n    {{Image}}\n"
        "    <canvas id=\"image-occlusion-canvas\"></canvas>\n</div>\n<script>\ntry {\n"
        "    anki.imageOcclusion.setup();\n} catch (exc) {\n    document.getElementById(\"err\").innerHTML = "
        "`Error loading image occlusion. Is your Anki version up to date?<br><br>${exc}`;\n}\n</script>\n")
IO_A = IO_Q + "\n<div><button id=\"toggle\">Toggle Masks</button></div>\n{{#Back Extra}}<div>{{Back Extra}}</div>{{/Back Extra}}\n"
DEFAULT_CONF = {"id": 1, "mod": 0, "name": "Default", "usn": 0, "maxTaken": 60, "autoplay": True, "timer": 0, "replayq": True,
                "new": {"bury": False, "delays": [1.0, 10.0], "initialFactor": 2500, "ints": [1, 4, 0], "order": 1, "perDay": 20},
                "rev": {"bury": False, "ease4": 1.3, "ivlFct": 1.0, "maxIvl": 36500, "perDay": 200, "hardFactor": 1.2},
                "lapse": {"delays": [10.0], "leechAction": 1, "leechFails": 8, "minInt": 1, "mult": 0.0},
                "dyn": False, "newMix": 0, "newPerDayMinimum": 0, "interdayLearningMix": 0, "reviewOrder": 0,
                "newSortOrder": 0, "newGatherPriority": 0, "buryInterdayLearning": False, "fsrsWeights": [],
                "fsrsParams5": [], "fsrsParams6": [], "desiredRetention": 0.9, "ignoreRevlogsBeforeDate": "",
                "easyDaysPercentages": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0], "stopTimerOnAnswer": False,
                "secondsToShowQuestion": 0.0, "secondsToShowAnswer": 0.0, "questionAction": 0, "answerAction": 0,
                "waitForAudio": True, "sm2Retention": 0.9, "weightSearch": ""}
NEW_CARD_NEXT_REVIEWS = ["<\u20681\u2069m", "<\u20686\u2069m", "<\u206810\u2069m", "\u20684\u2069d"]
# The stock Easy interval of a new card (4 days) is fuzzed within 3-5 days by a seed made of the card id
# (scheduling.md §4.1-4.4), and card ids differ between runs: cassettes that read a new card's
# nextReviews first set the Easy interval to 2 days, which is below the fuzz threshold of 2.5 days.
PINNED_EASY_CONF = json.loads(json.dumps(DEFAULT_CONF))
PINNED_EASY_CONF["new"]["ints"] = [1, 2, 0]
PINNED_NEW_CARD_NEXT_REVIEWS = NEW_CARD_NEXT_REVIEWS[:3] + ["\u20682\u2069d"]
FSI, PDI = "\u2068", "\u2069"


class Ids:
    """Placeholder ids for the objects one cassette creates: 13 digits, distinct, never a real id."""

    def __init__(self, base=1700000000000):
        self.next = base + 100

    def __call__(self):
        self.next += 1
        return self.next


def fld(name, ord_, fid, tag=None, prevent=False, font="Arial", size=20, description=""):
    return {"name": name, "ord": ord_, "sticky": False, "rtl": False, "font": font, "size": size,
            "description": description, "plainText": False, "collapsed": False, "excludeFromSearch": False,
            "id": fid, "tag": tag, "preventDeletion": prevent}


def tmpl(name, ord_, q, a, tid, bqfmt=""):
    return {"name": name, "ord": ord_, "qfmt": q, "afmt": a, "bqfmt": bqfmt, "bafmt": "", "did": None, "bfont": "",
            "bsize": 0, "id": tid}


def notetype(mid, name, kind, flds, tmpls, css, req, stock_kind, mod=0, usn=0, did=None):
    return {"id": mid, "name": name, "type": kind, "mod": mod, "usn": usn, "sortf": 0, "did": did, "tmpls": tmpls,
            "flds": flds, "css": css, "latexPre": LATEX_PRE, "latexPost": LATEX_POST, "latexsvg": False, "req": req,
            "originalStockKind": stock_kind}


def stock_notetypes(ids):
    """The six stock notetypes of a fresh Anki 25.09 collection (collection-format.md §7.3, right-hand
    originalStockKind numbering), in creation order, with placeholder ids."""
    def two(first, second):
        return [fld(first, 0, ids()), fld(second, 1, ids())]
    mids = [ids() for _ in range(6)]
    return {
        "Basic": notetype(mids[0], "Basic", 0, two("Front", "Back"), [tmpl("Card 1", 0, "{{Front}}", BASIC_BACK, ids())],
                          STD_CSS, [[0, "any", [0]]], 1),
        "Basic (and reversed card)": notetype(
            mids[1], "Basic (and reversed card)", 0, two("Front", "Back"),
            [tmpl("Card 1", 0, "{{Front}}", BASIC_BACK, ids()), tmpl("Card 2", 1, "{{Back}}", REVERSED_BACK, ids())],
            STD_CSS, [[0, "any", [0]], [1, "any", [1]]], 1),
        "Basic (optional reversed card)": notetype(
            mids[2], "Basic (optional reversed card)", 0, two("Front", "Back") + [fld("Add Reverse", 2, ids())],
            [tmpl("Card 1", 0, "{{Front}}", BASIC_BACK, ids()),
             tmpl("Card 2", 1, "{{#Add Reverse}}{{Back}}{{/Add Reverse}}", REVERSED_BACK, ids())],
            STD_CSS, [[0, "any", [0]], [1, "all", [1, 2]]], 2),
        "Basic (type in the answer)": notetype(
            mids[3], "Basic (type in the answer)", 0, two("Front", "Back"),
            [tmpl("Card 1", 0, "{{Front}}\n\n{{type:Back}}", "{{Front}}\n\n<hr id=answer>\n\n{{type:Back}}", ids())],
            STD_CSS, [[0, "any", [0, 1]]], 3),
        "Cloze": notetype(
            mids[4], "Cloze", 1, [fld("Text", 0, ids(), tag=0, prevent=True), fld("Back Extra", 1, ids(), tag=1)],
            [tmpl("Cloze", 0, "{{cloze:Text}}", "{{cloze:Text}}<br>\n{{Back Extra}}", ids())],
            CLOZE_CSS, [[0, "any", [0]]], 5),
        "Image Occlusion": notetype(
            mids[5], "Image Occlusion", 1,
            [fld("Occlusion", 0, ids(), tag=0, prevent=True), fld("Image", 1, ids(), tag=1, prevent=True),
             fld("Header", 2, ids(), tag=2, prevent=True), fld("Back Extra", 3, ids(), tag=3, prevent=True),
             fld("Comments", 4, ids(), tag=4)],
            [tmpl("Image Occlusion", 0, IO_Q, IO_A, ids())], IO_CSS, [[0, "any", [0, 1, 2]]], 6),
    }


def basic(front, back, deck="Default", tags=None, model="Basic", **extra):
    note = {"deckName": deck, "modelName": model, "fields": {"Front": front, "Back": back}}
    if tags is not None:
        note["tags"] = tags
    note.update(extra)
    return note


def card_info(cid, nid, fields, question, answer, css=STD_CSS, model="Basic", ord_=0, deck="Default", due=1, **over):
    info = {"cardId": cid, "fields": {k: {"value": v, "order": i} for i, (k, v) in enumerate(fields)},
            "fieldOrder": ord_, "question": f"<style>{css}</style>{question}", "answer": f"<style>{css}</style>{answer}",
            "modelName": model, "ord": ord_, "deckName": deck, "css": css, "factor": 0, "interval": 0, "note": nid,
            "type": 0, "queue": 0, "due": due, "reps": 0, "lapses": 0, "left": 0, "mod": 0,
            "nextReviews": NEW_CARD_NEXT_REVIEWS, "flags": 0}
    info.update(over)
    return info


def note_info(nid, fields, cards, tags=(), model="Basic"):
    return {"noteId": nid, "profile": "User 1", "tags": list(tags),
            "fields": {k: {"value": v, "order": i} for i, (k, v) in enumerate(fields)},
            "modelName": model, "mod": 0, "cards": list(cards)}


def search_error(reason):
    return f"Invalid search: {FSI}{reason}{PDI}"


def db_error(message, code="Unknown", extended=1):
    """A rusqlite failure as AnkiConnect shows it (ankiconnect-api.md §4.2 DbError; layout from source)."""
    info = f"SqliteFailure(Error {{ code: {code}, extended_code: {extended} }}, Some({json.dumps(message)}))"
    return f"DbError {{ info: {json.dumps(info)}, kind: Other }}"


def py_int_error(value):
    return f"invalid literal for int() with base 10: {value!r}"


def cardtype_error(n, name, detail):
    return f"Card template {FSI}{n}{PDI} in note type '{FSI}{name}{PDI}' has a problem.<br>{detail}"


def decks_cassette():
    c = Cassette("decks", f"{SPEC_SRC} §5.2, §6 Q12-Q14, Q29; collection-format.md §7.2",
                 description="deck actions on a fresh collection. Left out: createDeck below a filtered deck "
                             "(`Filtered decks can not have child decks.`: no action creates a filtered deck) and "
                             "deckNameFromId's `deck was not found` (unreachable: unknown ids fall back to Default)")
    ids = Ids()
    lang, ja, fr, es, new = ids(), ids(), ids(), ids(), ids()
    n1, c1 = ids(), ids()
    c.act("deckNames", "§5.2", "deckNames", None, ["Default"])
    c.act("deckNamesAndIds", "§5.2, §7.2: Default is id 1", "deckNamesAndIds", None, {"Default": 1})
    c.act("createDeck-nested", "§5.2: missing parents are created", "createDeck", {"deck": "Languages::Japanese"}, ja)
    c.act("deckNamesAndIds-parent", "§5.2: deckNames order, ids by second lookup", "deckNamesAndIds", None,
          {"Default": 1, "Languages": lang, "Languages::Japanese": ja})
    c.act("createDeck-case", "§5.2: case-insensitive match returns the existing id", "createDeck", {"deck": "languages::JAPANESE"}, ja)
    c.act("createDeck-spaces", "§5.2: components trimmed", "createDeck", {"deck": " Languages :: Japanese "}, ja)
    c.act("createDeck-second", "§5.2", "createDeck", {"deck": "Languages::French"}, fr)
    c.act("deckNames-sorted", "§5.2: unicase order over \\x1f-joined names", "deckNames", None,
          ["Default", "Languages", "Languages::French", "Languages::Japanese"])
    c.act("deckNameFromId", "§5.2", "deckNameFromId", {"deckId": ja}, "Languages::Japanese")
    c.act("deckNameFromId-default", "§5.2", "deckNameFromId", {"deckId": 1}, "Default")
    c.act("deckNameFromId-unknown", "§5.2, Q13: unknown ids fall back to Default", "deckNameFromId", {"deckId": UNKNOWN_ID}, "Default")
    c.act("deckNameFromId-string", "§5.2", "deckNameFromId", {"deckId": "abc"}, err=py_int_error("abc"))
    c.act("addNote", "§5.4", "addNote", {"note": basic("deck test", "back", deck="Languages::Japanese")}, n1)
    c.act("findCards-nid", "search.md: nid: lookup", "findCards", {"query": f"nid:{n1}"}, [c1])
    c.act("getDecks", "§5.2, Q13: unknown card ids go to Default", "getDecks", {"cards": [c1, UNKNOWN_ID, c1]},
          {"Languages::Japanese": [c1, c1], "Default": [UNKNOWN_ID]})
    c.act("getDecks-empty", "§5.2", "getDecks", {"cards": []}, {})
    c.act("changeDeck", "§5.2", "changeDeck", {"cards": [c1], "deck": "Languages::French"}, None)
    c.act("getDecks-after-changeDeck", "§5.2", "getDecks", {"cards": [c1]}, {"Languages::French": [c1]})
    c.act("changeDeck-creates", "§5.2: the target deck is created", "changeDeck", {"cards": [UNKNOWN_ID], "deck": "Spanish"}, None)
    c.act("deckNamesAndIds-after-changeDeck", "§5.2", "deckNamesAndIds", None,
          {"Default": 1, "Languages": lang, "Languages::French": fr, "Languages::Japanese": ja, "Spanish": es})
    c.act("changeDeck-sql-error", "§5.2, Q29: ids pasted into SQL (DbError layout per §4.2, unverified)", "changeDeck",
          {"cards": ["abc"], "deck": "Spanish"}, err=db_error("no such column: abc"))
    c.act("getDeckStats", "§5.2, Q12: tree order, leaf names, keyed by id; the deck tree hides the empty, childless "
          "Default deck when other decks exist (rslib decks/tree.rs hide_default_deck; scheduling.md ex. 37-40), so "
          "Default is not reported", "getDeckStats", {"decks": ["Languages::French", "Default"]},
          {str(fr): {"deck_id": fr, "name": "French", "new_count": 1, "learn_count": 0, "review_count": 0, "total_in_deck": 1}})
    c.act("getDeckStats-parent", "§5.2: counts include children, total_in_deck does not", "getDeckStats", {"decks": ["Languages"]},
          {str(lang): {"deck_id": lang, "name": "Languages", "new_count": 1, "learn_count": 0, "review_count": 0, "total_in_deck": 0}})
    c.act("getDeckStats-creates", "§5.2, Q12: a missing deck is created", "getDeckStats", {"decks": ["Brand New"]},
          {str(new): {"deck_id": new, "name": "Brand New", "new_count": 0, "learn_count": 0, "review_count": 0, "total_in_deck": 0}})
    c.act("deckNames-after-getDeckStats", "Q12", "deckNames", None,
          ["Brand New", "Default", "Languages", "Languages::French", "Languages::Japanese", "Spanish"])
    c.act("deleteDecks-no-cardsToo", "§5.2", "deleteDecks", {"decks": ["Languages::French"]},
          err="Since Anki 2.1.28 it's not possible to delete decks without deleting cards as well")
    c.act("deleteDecks-cardsToo-false", "§5.2: unless cardsToo is truthy", "deleteDecks", {"decks": ["Languages::French"], "cardsToo": False},
          err="Since Anki 2.1.28 it's not possible to delete decks without deleting cards as well")
    c.act("deleteDecks-case", "§5.2, Q14: exact names only, others ignored", "deleteDecks", {"decks": ["spanish", "Nope"], "cardsToo": True}, None)
    c.act("deleteDecks", "§5.2: deck, sub-decks and their cards", "deleteDecks", {"decks": ["Languages", "Brand New"], "cardsToo": True}, None)
    c.act("deckNames-after-delete", "§5.2", "deckNames", None, ["Default", "Spanish"])
    c.act("findCards-after-delete", "§5.2: the cards went with the deck", "findCards", {"query": f"nid:{n1}"}, [])
    return c


def deckconfig_cassette():
    c = Cassette("deckconfig", f"{SPEC_SRC} §5.2 (options groups), §3 (DeckConfSchema11 order); collection-format.md §6.6-6.7",
                 description="options presets on a fresh collection. Left out: removeDeckConfigId's empty error "
                             "(AbortSchemaModification needs a GUI prompt the user declines)")
    ids = Ids()
    fast, fast2, speed = ids(), ids(), ids()
    c.act("getDeckConfig", "§5.2 modern default group", "getDeckConfig", {"deck": "Default"}, DEFAULT_CONF)
    c.act("getDeckConfig-case", "§5.2, Q14: exact name", "getDeckConfig", {"deck": "default"}, False)
    c.act("getDeckConfig-unknown", "§5.2", "getDeckConfig", {"deck": "Nope"}, False)
    c.act("cloneDeckConfigId", "§5.2", "cloneDeckConfigId", {"name": "Fast", "cloneFrom": 1}, fast)
    c.act("cloneDeckConfigId-default-from", "§5.2: cloneFrom defaults to '1'", "cloneDeckConfigId", {"name": "Fast 2"}, fast2)
    c.act("cloneDeckConfigId-unknown", "§5.2", "cloneDeckConfigId", {"name": "X", "cloneFrom": UNKNOWN_ID}, False)
    c.act("cloneDeckConfigId-string", "§5.2", "cloneDeckConfigId", {"name": "X", "cloneFrom": "abc"}, err=py_int_error("abc"))
    c.act("createDeck", "§5.2", "createDeck", {"deck": "Speed"}, speed)
    c.act("setDeckConfigId", "§5.2", "setDeckConfigId", {"decks": ["Speed"], "configId": fast}, True)
    fast_conf = dict(DEFAULT_CONF, id=fast, name="Fast")
    c.act("getDeckConfig-clone", "§5.2: the clone's own id and name", "getDeckConfig", {"deck": "Speed"}, fast_conf)
    c.act("setDeckConfigId-unknown-deck", "§5.2: nothing changed", "setDeckConfigId", {"decks": ["Speed", "Nope"], "configId": 1}, False)
    c.act("setDeckConfigId-string", "§5.2", "setDeckConfigId", {"decks": ["Speed"], "configId": "abc"}, err=py_int_error("abc"))
    changed = json.loads(json.dumps(fast_conf))
    changed["new"]["perDay"] = 50
    changed["maxTaken"] = 30
    changed["rev"]["maxIvl"] = 3650
    c.act("saveDeckConfig", "§5.2", "saveDeckConfig", {"config": changed}, True)
    c.act("getDeckConfig-saved", "§5.2", "getDeckConfig", {"deck": "Speed"}, changed)
    c.act("saveDeckConfig-unknown-id", "§5.2", "saveDeckConfig", {"config": dict(changed, id=UNKNOWN_ID)}, False)
    c.act("saveDeckConfig-no-id", "§5.2 KeyError", "saveDeckConfig", {"config": {"name": "x"}}, err="'id'")
    c.act("saveDeckConfig-bad-id", "§5.2", "saveDeckConfig", {"config": {"id": "abc"}}, err=py_int_error("abc"))
    c.act("saveDeckConfig-list", "§5.2, §4.3", "saveDeckConfig", {"config": []}, err="list indices must be integers or slices, not str")
    c.act("removeDeckConfigId-default", "§5.2, Q20", "removeDeckConfigId", {"configId": 1}, err="can't delete default conf")
    c.act("removeDeckConfigId-unknown", "§5.2", "removeDeckConfigId", {"configId": UNKNOWN_ID}, False)
    c.act("removeDeckConfigId-string", "§5.2", "removeDeckConfigId", {"configId": "abc"}, err=py_int_error("abc"))
    c.act("removeDeckConfigId", "§5.2", "removeDeckConfigId", {"configId": fast}, True)
    c.act("getDeckConfig-after-remove", "§5.2: decks of a removed group fall back to group 1", "getDeckConfig", {"deck": "Speed"}, DEFAULT_CONF)
    c.act("removeDeckConfigId-again", "§5.2", "removeDeckConfigId", {"configId": fast}, False)
    c.act("setDeckConfigId-default-clone", "§5.2", "setDeckConfigId", {"decks": ["Default", "Speed"], "configId": fast2}, True)
    c.act("getDeckConfig-second-clone", "§5.2", "getDeckConfig", {"deck": "Default"}, dict(DEFAULT_CONF, id=fast2, name="Fast 2"))
    return c


def models_cassette():
    c = Cassette("models", f"{SPEC_SRC} §5.6, §3 (NotetypeSchema11 order), Q18-Q20; collection-format.md §6.1-6.3, §7.3-7.4",
                 description="notetype actions on a fresh collection (stock notetypes of Anki 25.09). Left out: "
                             "createModel with a name differing only in case (random -xxxxx suffix) and modelTemplateAdd "
                             "on an existing template name (only the in-memory cache changes, Q18)")
    ids = Ids()
    stock = stock_notetypes(ids)
    mid = {name: m["id"] for name, m in stock.items()}
    c.act("modelNames", "§5.6", "modelNames", None, STOCK_MODELS)
    c.act("modelNamesAndIds", "§5.6, collection-format §7.3", "modelNamesAndIds", None, {n: mid[n] for n in STOCK_MODELS})
    c.act("findModelsByName", "§5.6", "findModelsByName", {"modelNames": ["Basic", "Basic (and reversed card)"]},
          [stock["Basic"], stock["Basic (and reversed card)"]])
    c.act("findModelsByName-case", "§5.6: by_name is case-insensitive", "findModelsByName", {"modelNames": ["cloze"]}, [stock["Cloze"]])
    c.act("findModelsByName-unknown", "§5.6: first miss raises", "findModelsByName", {"modelNames": ["Basic", "Nope"]}, err="model was not found: Nope")
    c.act("findModelsById", "§5.6", "findModelsById", {"modelIds": [mid["Basic (optional reversed card)"], mid["Basic (type in the answer)"]]},
          [stock["Basic (optional reversed card)"], stock["Basic (type in the answer)"]])
    c.act("findModelsById-io", "§5.6, collection-format §7.3-7.4", "findModelsById", {"modelIds": [mid["Image Occlusion"]]}, [stock["Image Occlusion"]])
    c.act("findModelsById-unknown", "§5.6", "findModelsById", {"modelIds": [UNKNOWN_ID]}, err=f"model was not found: {UNKNOWN_ID}")
    c.act("findModelsById-string", "§5.6: string ids int()-converted", "findModelsById", {"modelIds": ["abc"]}, err=py_int_error("abc"))
    c.act("modelNameFromId", "§5.6", "modelNameFromId", {"modelId": mid["Cloze"]}, "Cloze")
    c.act("modelNameFromId-unknown", "§5.6", "modelNameFromId", {"modelId": UNKNOWN_ID}, err=f"model was not found: {UNKNOWN_ID}")
    c.act("modelNameFromId-string", "ankiconnect-actions.json errors", "modelNameFromId", {"modelId": "abc"}, err=py_int_error("abc"))
    c.act("modelFieldNames-typing", "§5.6", "modelFieldNames", {"modelName": "Basic (type in the answer)"}, ["Front", "Back"])
    c.act("modelFieldNames-unknown", "§5.6", "modelFieldNames", {"modelName": "Nope"}, err="model was not found: Nope")
    c.act("modelFieldDescriptions", "§5.6", "modelFieldDescriptions", {"modelName": "Cloze"}, ["", ""])
    c.act("modelFieldDescriptions-unknown", "§5.6", "modelFieldDescriptions", {"modelName": "Nope"}, err="model was not found: Nope")
    c.act("modelFieldFonts", "§5.6", "modelFieldFonts", {"modelName": "Basic"},
          {"Front": {"font": "Arial", "size": 20}, "Back": {"font": "Arial", "size": 20}})
    c.act("modelFieldFonts-unknown", "§5.6", "modelFieldFonts", {"modelName": "Nope"}, err="model was not found: Nope")
    c.act("modelFieldsOnTemplates-typing", "§5.6: answer side skips question-side names", "modelFieldsOnTemplates",
          {"modelName": "Basic (type in the answer)"}, {"Card 1": [["Front", "Back"], []]})
    c.act("modelFieldsOnTemplates-cloze", "§5.6", "modelFieldsOnTemplates", {"modelName": "Cloze"}, {"Cloze": [["Text"], ["Back Extra"]]})
    c.act("modelFieldsOnTemplates-optional", "§5.6: {{#...}} sections are not matched", "modelFieldsOnTemplates",
          {"modelName": "Basic (optional reversed card)"}, {"Card 1": [["Front"], ["Back"]], "Card 2": [["Back"], ["Front"]]})
    c.act("modelFieldsOnTemplates-unknown", "§5.6", "modelFieldsOnTemplates", {"modelName": "Nope"}, err="model was not found: Nope")
    c.act("modelTemplates-cloze", "§5.6, collection-format §7.3", "modelTemplates", {"modelName": "Cloze"},
          {"Cloze": {"Front": "{{cloze:Text}}", "Back": "{{cloze:Text}}<br>\n{{Back Extra}}"}})
    c.act("modelTemplates-unknown", "§5.6", "modelTemplates", {"modelName": "Nope"}, err="model was not found: Nope")
    c.act("modelStyling-cloze", "collection-format §7.4", "modelStyling", {"modelName": "Cloze"}, {"css": CLOZE_CSS})
    c.act("modelStyling-unknown", "§5.6", "modelStyling", {"modelName": "Nope"}, err="model was not found: Nope")
    # createModel
    tq, ta = "{{Question}}", "{{FrontSide}}<hr id=answer>{{Answer}}"
    create = {"modelName": "MyModel", "inOrderFields": ["Question", "Answer", "Extra"], "css": ".card {color: red;}",
              "cardTemplates": [{"Name": "Recto", "Front": tq, "Back": ta}]}
    c.act("createModel-no-fields", "§5.6", "createModel", dict(create, inOrderFields=[]), err="Must provide at least one field for inOrderFields")
    c.act("createModel-no-templates", "§5.6", "createModel", dict(create, cardTemplates=[]), err="Must provide at least one card for cardTemplates")
    c.act("createModel-exists", "§5.6: exact name clash", "createModel", dict(create, modelName="Basic"), err="Model name already exists")
    c.act("createModel-no-front", "§5.6 KeyError", "createModel", dict(create, cardTemplates=[{"Back": ta}]), err="'Front'")
    c.act("createModel-no-back", "§5.6 KeyError", "createModel", dict(create, cardTemplates=[{"Front": tq}]), err="'Back'")
    c.act("createModel-bad-template", "§5.6, §4.2 CardType", "createModel",
          dict(create, modelName="Broken", cardTemplates=[{"Front": "no field here", "Back": ta}]),
          err=cardtype_error(1, "Broken", "Expected to find a field replacement on the front of the card template."))
    fq, fa, fe, ft = ids(), ids(), ids(), ids()
    my_mid = ids()
    my = notetype(my_mid, "MyModel", 0, [fld("Question", 0, fq), fld("Answer", 1, fa), fld("Extra", 2, fe)],
                  [tmpl("Recto", 0, tq, ta, ft)], ".card {color: red;}", [[0, "any", [0]]], 1, usn=-1)
    c.act("createModel", "§5.6: the stored dict, originalStockKind 1", "createModel", create, my)
    cz_mid, cz_t, cz_x, cz_tm = ids(), ids(), ids(), ids()
    cloze_q, cloze_a = "{{cloze:Text}}", "{{cloze:Text}}<br>{{Extra}}"
    c.act("createModel-cloze", "§5.6: type 1, basic CSS, template 'Card 1'", "createModel",
          {"modelName": "MyCloze", "inOrderFields": ["Text", "Extra"], "isCloze": True,
           "cardTemplates": [{"Front": cloze_q, "Back": cloze_a}]},
          notetype(cz_mid, "MyCloze", 1, [fld("Text", 0, cz_t), fld("Extra", 1, cz_x)], [tmpl("Card 1", 0, cloze_q, cloze_a, cz_tm)],
                   STD_CSS, [[0, "any", [0]]], 1, usn=-1))
    c.act("modelNames-after-create", "§5.6: unicase name order", "modelNames", None,
          ["Basic", "Basic (and reversed card)", "Basic (optional reversed card)", "Basic (type in the answer)", "Cloze",
           "Image Occlusion", "MyCloze", "MyModel"])
    # templates
    vq, va = "{{Answer}}", "{{FrontSide}}<hr id=answer>{{Question}}"
    c.act("modelTemplateAdd", "§5.6", "modelTemplateAdd", {"modelName": "MyModel", "template": {"Name": "Verso", "Front": vq, "Back": va}}, None)
    c.act("modelTemplates-after-add", "§5.6", "modelTemplates", {"modelName": "MyModel"},
          {"Recto": {"Front": tq, "Back": ta}, "Verso": {"Front": vq, "Back": va}})
    c.act("modelTemplateAdd-unknown-model", "§5.6", "modelTemplateAdd", {"modelName": "Nope", "template": {"Name": "x", "Front": vq, "Back": va}},
          err="model was not found: Nope")
    c.act("modelTemplateAdd-no-name", "§5.6 KeyError", "modelTemplateAdd", {"modelName": "MyModel", "template": {"Front": vq, "Back": va}}, err="'Name'")
    c.act("modelTemplateAdd-no-front", "§5.6 KeyError", "modelTemplateAdd", {"modelName": "MyModel", "template": {"Name": "x", "Back": va}}, err="'Front'")
    c.act("modelTemplateAdd-no-back", "§5.6 KeyError", "modelTemplateAdd", {"modelName": "MyModel", "template": {"Name": "x", "Front": vq}}, err="'Back'")
    c.act("modelTemplateRename", "§5.6", "modelTemplateRename", {"modelName": "MyModel", "oldTemplateName": "Verso", "newTemplateName": "Back side"}, None)
    c.act("modelTemplateRename-unknown", "§5.6", "modelTemplateRename", {"modelName": "MyModel", "oldTemplateName": "Verso", "newTemplateName": "x"},
          err="template was not found in MyModel: Verso")
    c.act("modelTemplateRename-unknown-model", "§5.6", "modelTemplateRename", {"modelName": "Nope", "oldTemplateName": "a", "newTemplateName": "b"},
          err="model was not found: Nope")
    c.act("modelTemplateReposition", "§5.6: list.insert semantics", "modelTemplateReposition", {"modelName": "MyModel", "templateName": "Back side", "index": 0}, None)
    c.act("modelTemplates-after-reposition", "§5.6", "modelTemplates", {"modelName": "mymodel"},
          {"Back side": {"Front": vq, "Back": va}, "Recto": {"Front": tq, "Back": ta}})
    c.act("modelTemplateReposition-unknown", "§5.6: the model name as stored", "modelTemplateReposition", {"modelName": "mymodel", "templateName": "Nope", "index": 0},
          err="template was not found in MyModel: Nope")
    c.act("modelTemplateReposition-unknown-model", "§5.6", "modelTemplateReposition", {"modelName": "Nope", "templateName": "a", "index": 0},
          err="model was not found: Nope")
    c.act("modelTemplateRemove", "§5.6", "modelTemplateRemove", {"modelName": "MyModel", "templateName": "Back side"}, None)
    c.act("modelTemplateRemove-last", "§5.6", "modelTemplateRemove", {"modelName": "MyModel", "templateName": "Recto"}, err="must have 1 template")
    c.act("modelTemplateRemove-unknown", "§5.6", "modelTemplateRemove", {"modelName": "MyModel", "templateName": "Back side"},
          err="template was not found in MyModel: Back side")
    c.act("modelTemplateRemove-unknown-model", "§5.6", "modelTemplateRemove", {"modelName": "Nope", "templateName": "a"}, err="model was not found: Nope")
    c.act("modelTemplates-after-remove", "§5.6", "modelTemplates", {"modelName": "MyModel"}, {"Recto": {"Front": tq, "Back": ta}})
    # fields
    c.act("modelFieldAdd", "§5.6: appended", "modelFieldAdd", {"modelName": "MyModel", "fieldName": "Notes"}, None)
    c.act("modelFieldAdd-index", "§5.6", "modelFieldAdd", {"modelName": "MyModel", "fieldName": "Source", "index": 0}, None)
    c.act("modelFieldAdd-existing", "§5.6: an existing field is only repositioned", "modelFieldAdd", {"modelName": "MyModel", "fieldName": "Notes", "index": 4}, None)
    c.act("modelFieldAdd-unknown-model", "§5.6", "modelFieldAdd", {"modelName": "Nope", "fieldName": "x"}, err="model was not found: Nope")
    c.act("modelFieldNames-after-add", "§5.6", "modelFieldNames", {"modelName": "MyModel"}, ["Source", "Question", "Answer", "Extra", "Notes"])
    c.act("modelFieldRename", "§5.6", "modelFieldRename", {"modelName": "MyModel", "oldFieldName": "Source", "newFieldName": "Origin"}, None)
    c.act("modelFieldRename-unknown", "§5.6: exact field name", "modelFieldRename", {"modelName": "MyModel", "oldFieldName": "source", "newFieldName": "x"},
          err="field was not found in MyModel: source")
    c.act("modelFieldRename-unknown-model", "§5.6", "modelFieldRename", {"modelName": "Nope", "oldFieldName": "a", "newFieldName": "b"}, err="model was not found: Nope")
    c.act("modelFieldReposition", "§5.6", "modelFieldReposition", {"modelName": "MyModel", "fieldName": "Origin", "index": 4}, None)
    c.act("modelFieldReposition-unknown", "§5.6", "modelFieldReposition", {"modelName": "MyModel", "fieldName": "Nope", "index": 0},
          err="field was not found in MyModel: Nope")
    c.act("modelFieldReposition-unknown-model", "§5.6", "modelFieldReposition", {"modelName": "Nope", "fieldName": "a", "index": 0}, err="model was not found: Nope")
    c.act("modelFieldNames-after-reposition", "§5.6", "modelFieldNames", {"modelName": "MyModel"}, ["Question", "Answer", "Extra", "Notes", "Origin"])
    c.act("modelFieldRemove", "§5.6", "modelFieldRemove", {"modelName": "MyModel", "fieldName": "Origin"}, None)
    c.act("modelFieldRemove-unknown", "§5.6", "modelFieldRemove", {"modelName": "MyModel", "fieldName": "Origin"}, err="field was not found in MyModel: Origin")
    c.act("modelFieldRemove-unknown-model", "§5.6", "modelFieldRemove", {"modelName": "Nope", "fieldName": "a"}, err="model was not found: Nope")
    c.act("modelFieldSetFont", "§5.6", "modelFieldSetFont", {"modelName": "MyModel", "fieldName": "Question", "font": "Courier"}, None)
    c.act("modelFieldSetFont-type", "§5.6: checked after the lookups", "modelFieldSetFont", {"modelName": "MyModel", "fieldName": "Question", "font": 12},
          err="font should be a string: 12")
    c.act("modelFieldSetFont-unknown", "§5.6", "modelFieldSetFont", {"modelName": "MyModel", "fieldName": "Nope", "font": 12}, err="field was not found in MyModel: Nope")
    c.act("modelFieldSetFont-unknown-model", "§5.6", "modelFieldSetFont", {"modelName": "Nope", "fieldName": "a", "font": "x"}, err="model was not found: Nope")
    c.act("modelFieldSetFontSize", "§5.6", "modelFieldSetFontSize", {"modelName": "MyModel", "fieldName": "Question", "fontSize": 30}, None)
    c.act("modelFieldSetFontSize-type", "§5.6", "modelFieldSetFontSize", {"modelName": "MyModel", "fieldName": "Question", "fontSize": "big"},
          err="fontSize should be an integer: big")
    c.act("modelFieldSetFontSize-unknown", "§5.6", "modelFieldSetFontSize", {"modelName": "MyModel", "fieldName": "Nope", "fontSize": 1}, err="field was not found in MyModel: Nope")
    c.act("modelFieldSetFontSize-unknown-model", "§5.6", "modelFieldSetFontSize", {"modelName": "Nope", "fieldName": "a", "fontSize": 1}, err="model was not found: Nope")
    c.act("modelFieldSetDescription", "§5.6: true on modern Anki", "modelFieldSetDescription",
          {"modelName": "MyModel", "fieldName": "Question", "description": "the prompt"}, True)
    c.act("modelFieldSetDescription-type", "§5.6", "modelFieldSetDescription", {"modelName": "MyModel", "fieldName": "Question", "description": None},
          err="description should be a string: None")
    c.act("modelFieldSetDescription-unknown", "§5.6", "modelFieldSetDescription", {"modelName": "MyModel", "fieldName": "Nope", "description": ""},
          err="field was not found in MyModel: Nope")
    c.act("modelFieldSetDescription-unknown-model", "§5.6", "modelFieldSetDescription", {"modelName": "Nope", "fieldName": "a", "description": ""},
          err="model was not found: Nope")
    c.act("modelFieldFonts-after", "§5.6", "modelFieldFonts", {"modelName": "MyModel"},
          {"Question": {"font": "Courier", "size": 30}, "Answer": {"font": "Arial", "size": 20},
           "Extra": {"font": "Arial", "size": 20}, "Notes": {"font": "Arial", "size": 20}})
    c.act("modelFieldDescriptions-after", "§5.6", "modelFieldDescriptions", {"modelName": "MyModel"}, ["the prompt", "", "", ""])
    # templates and styling updates
    c.act("updateModelTemplates", "§5.6: empty strings are ignored, unknown names ignored", "updateModelTemplates",
          {"model": {"name": "MyModel", "templates": {"Recto": {"Front": "<b>{{Question}}</b>", "Back": ""}, "Nope": {"Front": "x"}}}}, None)
    c.act("modelTemplates-after-update", "§5.6", "modelTemplates", {"modelName": "MyModel"}, {"Recto": {"Front": "<b>{{Question}}</b>", "Back": ta}})
    c.act("updateModelTemplates-unknown", "§5.6", "updateModelTemplates", {"model": {"name": "Nope", "templates": {}}}, err="model was not found: Nope")
    c.act("updateModelTemplates-no-templates", "§5.6 KeyError", "updateModelTemplates", {"model": {"name": "MyModel"}}, err="'templates'")
    c.act("updateModelStyling", "§5.6", "updateModelStyling", {"model": {"name": "MyModel", "css": ".card {}"}}, None)
    c.act("modelStyling-after-update", "§5.6", "modelStyling", {"modelName": "MyModel"}, {"css": ".card {}"})
    c.act("updateModelStyling-unknown", "§5.6", "updateModelStyling", {"model": {"name": "Nope", "css": ""}}, err="model was not found: Nope")
    c.act("updateModelStyling-no-css", "§5.6 KeyError", "updateModelStyling", {"model": {"name": "MyModel"}}, err="'css'")
    c.act("findAndReplaceInModels", "§5.6: counts notetypes changed", "findAndReplaceInModels",
          {"modelName": "Basic", "findText": "{{Back}}", "replaceText": "{{Back}}<br>", "front": False, "css": False}, 1)
    c.act("modelTemplates-after-replace", "§5.6", "modelTemplates", {"modelName": "Basic"}, {"Card 1": {"Front": "{{Front}}", "Back": BASIC_BACK + "<br>"}})
    c.act("findAndReplaceInModels-all", "§5.6: falsy modelName = every notetype (the 6 stock CSS and MyCloze hold the text)", "findAndReplaceInModels",
          {"modelName": "", "findText": "color: black;", "replaceText": "color: navy;", "front": False, "back": False}, 7)
    c.act("modelStyling-after-replace", "§5.6", "modelStyling", {"modelName": "Basic"}, {"css": STD_CSS.replace("color: black;", "color: navy;")})
    c.act("findAndReplaceInModels-none", "§5.6", "findAndReplaceInModels", {"modelName": "MyModel", "findText": "zzz", "replaceText": "y"}, 0)
    c.act("findAndReplaceInModels-unknown", "§5.6", "findAndReplaceInModels", {"modelName": "Nope", "findText": "a", "replaceText": "b"},
          err="model was not found: Nope")
    fn = ids()
    # Renaming or removing a field rewrites every template, the browser formats included (rslib
    # notetype/mod.rs update_templates_for_renamed_and_removed_fields): the empty bqfmt parses to an
    # empty template without a field replacement, so it gets the first field: "{{Origin}}" after
    # modelFieldRename (Origin was first), then "{{Question}}" after modelFieldRemove drops Origin.
    # bafmt is only completed for cloze notetypes and stays empty.
    final = notetype(my_mid, "MyModel", 0,
                     [fld("Question", 0, fq, font="Courier", size=30, description="the prompt"), fld("Answer", 1, fa),
                      fld("Extra", 2, fe), fld("Notes", 3, fn)],
                     [tmpl("Recto", 0, "<b>{{Question}}</b>", ta, ft, bqfmt="{{Question}}")], ".card {}", [[0, "any", [0]]], 1,
                     usn=-1)
    c.act("findModelsByName-after-edits", "§5.6: everything above, stored; bqfmt rewritten by the field rename/removal "
          "(rslib update_templates_for_renamed_and_removed_fields)", "findModelsByName", {"modelNames": ["MyModel"]}, [final])
    # a failing save (the in-memory notetype then differs from the stored one: nothing reads MyModel afterwards)
    c.act("updateModelTemplates-invalid", "§5.6, §4.2 CardType", "updateModelTemplates",
          {"model": {"name": "MyModel", "templates": {"Recto": {"Front": "static"}}}},
          err=cardtype_error(1, "MyModel", "Expected to find a field replacement on the front of the card template."))
    return c


def notes_cassette():
    c = Cassette("notes", f"{SPEC_SRC} §5.4, Q7, Q9, Q11, Q30; collection-format.md §7-8",
                 description="note actions on a fresh collection. Left out: `The field values you have provided would "
                             "make an empty question on all cards.` (unreachable since Anki 2.1.28)")
    ids = Ids()
    n1, n2, n3, n4, n5, n6, n7 = (ids() for _ in range(7))
    c1, c2a, c2b, c3a, c3b = (ids() for _ in range(5))
    note = basic("front content", "back content", tags=["yomichan"])
    # createNote errors, in the order they are checked
    c.act("addNote-no-modelName", "§5.4 step 1 KeyError", "addNote", {"note": {"deckName": "Default", "fields": {}}}, err="'modelName'")
    c.act("addNote-model-before-deck", "§5.4 step 1: the notetype is looked up first", "addNote",
          {"note": {"modelName": "Nope", "deckName": "Nope", "fields": {}}}, err="model was not found: Nope")
    c.act("addNote-no-deckName", "§5.4 step 1 KeyError", "addNote", {"note": {"modelName": "Basic", "fields": {}}}, err="'deckName'")
    c.act("addNote-deck-not-created", "§5.4 step 1: the deck is not created", "addNote", {"note": dict(note, deckName="Nope")},
          err="deck was not found: Nope")
    c.act("addNote-no-fields", "§5.4 step 3 KeyError", "addNote", {"note": {"modelName": "basic", "deckName": "default"}}, err="'fields'")
    c.act("addNote-allowDuplicate-string", "§5.4 step 5", "addNote", {"note": dict(note, options={"allowDuplicate": "true"})},
          err='option parameter "allowDuplicate" must be boolean')
    c.act("addNote-checkChildren", "§5.4 step 5", "addNote",
          {"note": dict(note, options={"duplicateScopeOptions": {"checkChildren": 0}})},
          err='option parameter "duplicateScopeOptions.checkChildren" must be boolean')
    c.act("addNote-checkAllModels", "§5.4 step 5", "addNote",
          {"note": dict(note, options={"duplicateScopeOptions": {"checkAllModels": None}})},
          err='option parameter "duplicateScopeOptions.checkAllModels" must be boolean')
    c.act("addNote-empty-html", "§5.4 step 6: first field empty after HTML stripping", "addNote",
          {"note": basic("<div> <br> </div>", "x")}, err="cannot create note because it is empty")
    c.act("addNote-empty-missing", "§5.4 step 6: a field never given stays empty", "addNote",
          {"note": {"deckName": "Default", "modelName": "Basic", "fields": {"Back": "x"}}}, err="cannot create note because it is empty")
    c.act("addNote-cloze-missing", "§5.4 step 6: cloze notetype without a cloze", "addNote",
          {"note": {"deckName": "Default", "modelName": "Cloze", "fields": {"Text": "no cloze here"}}}, err="cannot create note for unknown reason")
    c.act("addNote-cloze-in-basic", "§5.4 step 6: cloze markup in a non-cloze notetype", "addNote",
          {"note": basic("{{c1::x}}", "y")}, err="cannot create note for unknown reason")
    # successes
    c.act("addNote", "§5.4: field names matched case-insensitively (Q7)", "addNote",
          {"note": {"deckName": "default", "modelName": "basic", "fields": {"front": "front content", "BACK": "back content"}, "tags": ["yomichan"]}}, n1)
    c.act("addNote-duplicate", "§5.4 step 6: same notetype, same stripped first field", "addNote",
          {"note": basic("<b>front content</b>", "other")}, err="cannot create note because it is a duplicate")
    c.act("addNote-reversed", "§5.4: two cards", "addNote", {"note": basic("forward", "backward", model="Basic (and reversed card)")}, n2)
    c.act("addNote-cloze", "§5.4", "addNote",
          {"note": {"deckName": "Default", "modelName": "Cloze", "fields": {"Text": "{{c1::Paris}} is in {{c2::France}}", "Back Extra": ""}}}, n3)
    c.act("addNote-allowDuplicate", "§5.4: accepted when allowDuplicate", "addNote",
          {"note": dict(basic("front content", "second"), options={"allowDuplicate": True})}, n4)
    c.act("createDeck", "§5.2", "createDeck", {"deck": "Other"}, ids())
    c.act("addNote-deck-scope", "§5.4 step 6 plugin path, Q30: no card of the same checksum in the target deck", "addNote",
          {"note": dict(basic("front content", "third", deck="Other"), options={"duplicateScope": "deck"})}, n5)
    c.act("addNote-deck-scope-duplicate", "§5.4 step 6 plugin path", "addNote",
          {"note": dict(basic("front content", "fourth", deck="Other"), options={"duplicateScope": "deck"})},
          err="cannot create note because it is a duplicate")
    c.act("addNote-deck-scope-other-deck", "§5.4 step 6: duplicateScopeOptions.deckName", "addNote",
          {"note": dict(basic("front content", "fifth", deck="Other"),
                        options={"duplicateScope": "deck", "duplicateScopeOptions": {"deckName": "Nope"}, "allowDuplicate": False})}, ids())
    c.act("addNote-checkAllModels-duplicate", "§5.4 step 6: other notetypes count", "addNote",
          {"note": dict(basic("forward", "x"), options={"duplicateScopeOptions": {"checkAllModels": True}})},
          err="cannot create note because it is a duplicate")
    # canAdd*
    fresh = basic("brand new", "x")
    c.act("canAddNote-true", "§5.4", "canAddNote", {"note": fresh}, True)
    c.act("canAddNote-duplicate", "§5.4: any exception -> false", "canAddNote", {"note": note}, False)
    c.act("canAddNote-keyerror", "§5.4", "canAddNote", {"note": {}}, False)
    c.act("canAddNotes", "§5.4", "canAddNotes", {"notes": [fresh, note, {"deckName": "Default"}]}, [True, False, False])
    c.act("canAddNotes-not-iterable", "§4.3", "canAddNotes", {"notes": 5}, err="'int' object is not iterable")
    c.act("canAddNoteWithErrorDetail", "§5.4", "canAddNoteWithErrorDetail", {"note": fresh}, {"canAdd": True})
    c.act("canAddNoteWithErrorDetail-model", "§5.4", "canAddNoteWithErrorDetail", {"note": dict(fresh, modelName="Nope")},
          {"canAdd": False, "error": "model was not found: Nope"})
    c.act("canAddNotesWithErrorDetail", "§5.4", "canAddNotesWithErrorDetail", {"notes": [note, fresh, {"modelName": "Basic"}]},
          [{"canAdd": False, "error": "cannot create note because it is a duplicate"}, {"canAdd": True}, {"canAdd": False, "error": "'deckName'"}])
    c.act("canAddNotesWithErrorDetail-not-iterable", "§4.3", "canAddNotesWithErrorDetail", {"notes": None}, err="'NoneType' object is not iterable")
    # addNotes
    c.act("addNotes", "§5.4", "addNotes", {"notes": [basic("batch one", "1"), basic("batch two", "2")]}, [n6, n7])
    bad = [basic("batch three", "3"), basic("batch one", "again"), basic("x", "y", model="Bob's"), basic("z", "w", deck="Nope")]
    c.act("addNotes-all-or-nothing", "§5.4, Q9: str() of the error list; the good note is removed again", "addNotes", {"notes": bad},
          err=str(["cannot create note because it is a duplicate", "model was not found: Bob's", "deck was not found: Nope"]))
    c.act("findNotes-rolled-back", "Q9", "findNotes", {"query": "\"front:batch three\""}, [])
    c.act("addNotes-within-batch", "§5.4: the earlier note of the batch already counts", "addNotes",
          {"notes": [basic("twin", "1"), basic("twin", "2")]}, err=str(["cannot create note because it is a duplicate"]))
    # reading
    c.act("findCards-n1", "search.md nid:", "findCards", {"query": f"nid:{n1}"}, [c1])
    c.act("findCards-n2", "search.md nid: (ix_cards_nid, card id order)", "findCards", {"query": f"nid:{n2}"}, [c2a, c2b])
    c.act("findCards-n3", "search.md nid:", "findCards", {"query": f"nid:{n3}"}, [c3a, c3b])
    c.act("notesInfo", "§5.4: input order, {} for unknown ids", "notesInfo", {"notes": [n1, UNKNOWN_ID, n2]},
          [note_info(n1, [("Front", "front content"), ("Back", "back content")], [c1], ["yomichan"]), {},
           note_info(n2, [("Front", "forward"), ("Back", "backward")], [c2a, c2b], model="Basic (and reversed card)")])
    c.act("notesInfo-cloze", "§5.4", "notesInfo", {"notes": [n3]},
          [note_info(n3, [("Text", "{{c1::Paris}} is in {{c2::France}}"), ("Back Extra", "")], [c3a, c3b], model="Cloze")])
    c.act("notesInfo-query", "§5.4: a query replaces notes", "notesInfo", {"notes": [n2], "query": f"nid:{n1}"},
          [note_info(n1, [("Front", "front content"), ("Back", "back content")], [c1], ["yomichan"])])
    c.act("notesInfo-neither", "§5.4", "notesInfo", {}, err='Must provide either "notes" or a "query"')
    c.act("notesModTime", "§5.4", "notesModTime", {"notes": [n1, UNKNOWN_ID]}, [{"noteId": n1, "mod": 0}, {}])
    # updates
    c.act("updateNoteFields", "§5.4: exact names, unknown ignored", "updateNoteFields",
          {"note": {"id": n1, "fields": {"Back": "new back", "front": "ignored"}}}, None)
    c.act("updateNoteFields-no-id", "§5.4 KeyError", "updateNoteFields", {"note": {"fields": {}}}, err="'id'")
    c.act("updateNoteFields-unknown", "§5.4", "updateNoteFields", {"note": {"id": UNKNOWN_ID, "fields": {}}}, err=f"Note was not found: {UNKNOWN_ID}")
    c.act("updateNoteFields-no-fields", "§5.4 KeyError after the lookup", "updateNoteFields", {"note": {"id": n1}}, err="'fields'")
    c.act("updateNote", "§5.4: fields then tags", "updateNote", {"note": {"id": n1, "fields": {"Front": "front edited"}, "tags": ["edited", "Yomichan"]}}, None)
    c.act("updateNote-neither", "§5.4", "updateNote", {"note": {"id": n1}}, err='Must provide a "fields" or "tags" property.')
    c.act("updateNote-unknown", "§5.4", "updateNote", {"note": {"id": UNKNOWN_ID, "tags": []}}, err=f"Note was not found: {UNKNOWN_ID}")
    c.act("updateNote-bad-tags", "§5.4: fields stay updated", "updateNote", {"note": {"id": n1, "fields": {"Back": "newer back"}, "tags": [1]}},
          err="Must provide tags as a list of strings")
    c.act("notesInfo-after-updates", "§5.4: tags canonicalised: the registered case of 'yomichan' wins, unicase order",
          "notesInfo", {"notes": [n1]},
          [note_info(n1, [("Front", "front edited"), ("Back", "newer back")], [c1], ["edited", "yomichan"])])
    c.act("updateNoteTags", "§5.4", "updateNoteTags", {"note": n1, "tags": ["b", "a"]}, None)
    c.act("getNoteTags", "§5.4", "getNoteTags", {"note": n1}, ["a", "b"])
    c.act("updateNoteTags-string", "§5.4: a string is wrapped in a list", "updateNoteTags", {"note": n1, "tags": "solo"}, None)
    c.act("getNoteTags-string", "§5.4", "getNoteTags", {"note": n1}, ["solo"])
    c.act("updateNoteTags-bad", "§5.4", "updateNoteTags", {"note": n1, "tags": {"a": 1}}, err="Must provide tags as a list of strings")
    c.act("updateNoteTags-unknown", "§5.4", "updateNoteTags", {"note": UNKNOWN_ID, "tags": []}, err=f"Note was not found: {UNKNOWN_ID}")
    c.act("getNoteTags-unknown", "§5.4", "getNoteTags", {"note": UNKNOWN_ID}, err=f"Note was not found: {UNKNOWN_ID}")
    # updateNoteModel
    um = {"id": n4, "modelName": "Basic (and reversed card)", "fields": {"front": "converted", "Back": "other side"}, "tags": ["converted"]}
    c.act("updateNoteModel-no-id", "§5.4", "updateNoteModel", {"note": dict(um, id=0)}, err="Note ID is required")
    c.act("updateNoteModel-no-model", "§5.4", "updateNoteModel", {"note": dict(um, modelName="")}, err="Model name is required")
    c.act("updateNoteModel-fields-list", "§5.4", "updateNoteModel", {"note": dict(um, fields=["a"])}, err="Fields must be provided as a dictionary")
    c.act("updateNoteModel-fields-empty", "§5.4: falsy fields", "updateNoteModel", {"note": dict(um, fields={})}, err="Fields must be provided as a dictionary")
    c.act("updateNoteModel-unknown-note", "§5.4", "updateNoteModel", {"note": dict(um, id=UNKNOWN_ID)}, err=f"Note was not found: {UNKNOWN_ID}")
    c.act("updateNoteModel-unknown-model", "§5.4", "updateNoteModel", {"note": dict(um, modelName="Nope")}, err="Model 'Nope' not found")
    c4a, c4b = ids(), ids()
    c.act("findCards-n4", "search.md nid:", "findCards", {"query": f"nid:{n4}"}, [c4a])
    c.act("updateNoteModel", "§5.4: fields case-insensitive, tags replaced", "updateNoteModel", {"note": um}, None)
    c.act("notesInfo-after-updateNoteModel", "§5.4: a card is generated for the new template", "notesInfo", {"notes": [n4]},
          [note_info(n4, [("Front", "converted"), ("Back", "other side")], [c4a, c4b], ["converted"], model="Basic (and reversed card)")])
    # deleting
    c.act("deleteNotes", "§5.4: unknown ids ignored", "deleteNotes", {"notes": [n5, UNKNOWN_ID]}, None)
    c.act("notesInfo-deleted", "§5.4", "notesInfo", {"notes": [n5]}, [{}])
    c.act("notesModTime-deleted", "§5.4", "notesModTime", {"notes": [n5]}, [{}])
    c.act("removeEmptyNotes", "§5.4, Q11: removes notetypes without notes", "removeEmptyNotes", None, None)
    c.act("modelNames-after-removeEmptyNotes", "Q11", "modelNames", None, ["Basic", "Basic (and reversed card)", "Cloze"])
    c.act("findNotes-notetype", "search.md note:", "findNotes", {"query": "note:Cloze"}, [n3])
    return c


def cards_cassette():
    c = Cassette("cards", f"{SPEC_SRC} §5.5, Q10, Q20; rendering.md §1, §13 (cardsInfo question/answer)",
                 description="card actions on a fresh collection (new cards only; scheduling has its own cassette)")
    ids = Ids()
    n1, n2, c1, c2a, c2b = (ids() for _ in range(5))
    c.act("addNote", "§5.4", "addNote", {"note": basic("card front", "card back")}, n1)
    c.act("addNote-reversed", "§5.4", "addNote", {"note": basic("front two", "back two", model="Basic (and reversed card)")}, n2)
    c.act("findCards-n1", "search.md nid:", "findCards", {"query": f"nid:{n1}"}, [c1])
    c.act("findCards-n2", "search.md nid:", "findCards", {"query": f"nid:{n2}"}, [c2a, c2b])
    c.act("saveDeckConfig-easy-2d", "§5.2; scheduling.md §4.4: an Easy interval under 2.5 days is not fuzzed, so the "
          "nextReviews of cardsInfo below do not depend on the (volatile) card ids", "saveDeckConfig",
          {"config": PINNED_EASY_CONF}, True)
    c1_info = card_info(c1, n1, [("Front", "card front"), ("Back", "card back")], "card front",
                        "card front\n\n<hr id=answer>\n\ncard back", nextReviews=PINNED_NEW_CARD_NEXT_REVIEWS)
    c.act("cardsInfo", "§5.5, §3 key order, rendering.md §13 ex. 1: a new card, position 1", "cardsInfo", {"cards": [c1, UNKNOWN_ID]}, [c1_info, {}])
    c.act("cardsInfo-reversed", "§5.5: card 2 of the second note (position 2)", "cardsInfo", {"cards": [c2b]},
          [card_info(c2b, n2, [("Front", "front two"), ("Back", "back two")], "back two", "back two\n\n<hr id=answer>\n\nfront two",
                     model="Basic (and reversed card)", ord_=1, due=2, nextReviews=PINNED_NEW_CARD_NEXT_REVIEWS)])
    c.act("cardsModTime", "§5.5", "cardsModTime", {"cards": [c1, UNKNOWN_ID]}, [{"cardId": c1, "mod": 0}, {}])
    c.act("cardsToNotes", "§5.5: distinct note ids", "cardsToNotes", {"cards": [c1, c2a, c2b]}, [n1, n2])
    c.act("cardsToNotes-sql-error", "§5.5, Q29: ids pasted into SQL (DbError layout per §4.2, unverified)", "cardsToNotes",
          {"cards": ["abc"]}, err=db_error("no such column: abc"))
    c.act("getEaseFactors", "§5.5: 0 for new cards, null for unknown", "getEaseFactors", {"cards": [c1, UNKNOWN_ID]}, [0, None])
    c.act("setEaseFactors", "§5.5", "setEaseFactors", {"cards": [c1, UNKNOWN_ID], "easeFactors": [2200, 2300]}, [True, False])
    c.act("getEaseFactors-after", "§5.5", "getEaseFactors", {"cards": [c1]}, [2200])
    c.act("setEaseFactors-short", "§5.5: c1 is updated (update_card per card) before easeFactors[1] raises",
          "setEaseFactors", {"cards": [c1, c2a], "easeFactors": [2500]}, err="list index out of range")
    c.act("getEaseFactors-after-short", "§5.5: the first card kept the factor set before the IndexError", "getEaseFactors",
          {"cards": [c1, c2a]}, [2500, 0])
    c.act("setSpecificValueOfCard", "§5.5, Q20: a one-element list", "setSpecificValueOfCard", {"card": c1, "keys": ["flags"], "newValues": [1]}, [True])
    c.act("setSpecificValueOfCard-protected", "§5.5: protected key without warning_check", "setSpecificValueOfCard",
          {"card": c1, "keys": ["flags", "ivl"], "newValues": [2, 5]}, False)
    c.act("setSpecificValueOfCard-card-list", "§5.5", "setSpecificValueOfCard", {"card": [c1], "keys": ["flags"], "newValues": [2]}, False)
    c.act("setSpecificValueOfCard-keys-not-list", "§5.5", "setSpecificValueOfCard", {"card": c1, "keys": "flags", "newValues": [2]}, False)
    c.act("setSpecificValueOfCard-lengths", "§5.5", "setSpecificValueOfCard", {"card": c1, "keys": ["flags"], "newValues": [2, 3]}, False)
    c.act("setSpecificValueOfCard-unknown", "§5.5", "setSpecificValueOfCard", {"card": UNKNOWN_ID, "keys": ["flags"], "newValues": [2]},
          [[False, f"Card was not found: {UNKNOWN_ID}"]])
    c.act("suspended-false", "§5.5", "suspended", {"card": c1}, False)
    c.act("suspend", "§5.5", "suspend", {"cards": [c1]}, True)
    c.act("suspended-true", "§5.5", "suspended", {"card": c1}, True)
    c.act("suspend-again", "§5.5: nothing left to change", "suspend", {"cards": [c1]}, False)
    c.act("areSuspended", "§5.5, Q10", "areSuspended", {"cards": [c1, c2a, UNKNOWN_ID]}, [True, False, None])
    c.act("suspend-unknown", "§5.5", "suspend", {"cards": [c2a, UNKNOWN_ID]}, err=f"Card was not found: {UNKNOWN_ID}")
    c.act("suspended-unknown", "§5.5, Q10", "suspended", {"card": UNKNOWN_ID}, err=f"Card was not found: {UNKNOWN_ID}")
    c.act("unsuspend", "§5.5, Q10: always null", "unsuspend", {"cards": [c1]}, None)
    c.act("unsuspend-again", "Q10", "unsuspend", {"cards": [c1]}, None)
    c.act("unsuspend-unknown", "§5.5", "unsuspend", {"cards": [UNKNOWN_ID]}, err=f"Card was not found: {UNKNOWN_ID}")
    c.act("suspend-false", "§5.5: suspend=false on an unsuspended card", "suspend", {"cards": [c1], "suspend": False}, False)
    c.act("areSuspended-after", "§5.5", "areSuspended", {"cards": [c1]}, [False])
    c.act("cardsInfo-after", "§5.5: factor (2500 from setEaseFactors-short) and flags as set above", "cardsInfo", {"cards": [c1]},
          [dict(c1_info, factor=2500, flags=1)])
    return c


def scheduling_cassette():
    c = Cassette("scheduling", f"{SPEC_SRC} §5.5 (areDue, getIntervals, setDueDate, forgetCards, relearnCards, answerCards), Q16, Q24",
                 description="scheduling on a fresh collection. Results that depend on the clock or on random fuzz "
                             "(intervals and due dates after answerCards or setDueDate ranges) are not read back")
    ids = Ids()
    n1, n2, n3, c1, c2, c3 = (ids() for _ in range(6))
    for i, (n, cid) in enumerate([(n1, c1), (n2, c2), (n3, c3)], 1):
        c.act(f"addNote-{i}", "§5.4", "addNote", {"note": basic(f"sched {i}", "x")}, n)
        c.act(f"findCards-{i}", "search.md nid:", "findCards", {"query": f"nid:{n}"}, [cid])
    c.act("areDue-new", "§5.5: new cards are due", "areDue", {"cards": [c1, c2]}, [True, True])
    c.act("getIntervals-new", "§5.5: 0 for new cards", "getIntervals", {"cards": [c1]}, [0])
    c.act("getIntervals-new-complete", "§5.5: 0 even with complete", "getIntervals", {"cards": [c1], "complete": True}, [0])
    c.act("areDue-unknown", "Q24", "areDue", {"cards": [UNKNOWN_ID]}, err="list index out of range")
    c.act("getIntervals-unknown", "Q24", "getIntervals", {"cards": [UNKNOWN_ID]}, err="list index out of range")
    c.act("getIntervals-unknown-complete", "§5.5: complete -> []", "getIntervals", {"cards": [UNKNOWN_ID], "complete": True}, [[]])
    c.act("areDue-search-error", "§5.5: the id is pasted into 'cid:{id} is:new'", "areDue", {"cards": ["x"]},
          err=search_error("expected only digits and commas in cid:"))
    c.act("setDueDate", "§5.5: '0' = today", "setDueDate", {"cards": [c1, UNKNOWN_ID], "days": "0"}, True)
    c.act("areDue-after-setDueDate", "§5.5: a review card due today", "areDue", {"cards": [c1]}, [True])
    c.act("setDueDate-invalid", "§5.5, Q16: the error is the days string", "setDueDate", {"cards": [c2], "days": "abc"}, err="abc")
    c.act("setDueDate-invalid-range", "Q16", "setDueDate", {"cards": [c2], "days": "1-"}, err="1-")
    c.act("setDueDate-overflow", "§4.2 ParseNum", "setDueDate", {"cards": [c2], "days": "99999999999"}, err="A number was invalid or out of range.")
    c.act("forgetCards", "§5.5", "forgetCards", {"cards": [c1, UNKNOWN_ID]}, None)
    c.act("areDue-after-forget", "§5.5: new again", "areDue", {"cards": [c1]}, [True])
    c.act("getIntervals-after-forget", "§5.5", "getIntervals", {"cards": [c1]}, [0])
    c.act("relearnCards", "§5.5: raw SQL type=3 queue=1, no revlog", "relearnCards", {"cards": [c2]}, None)
    c.act("areDue-relearn-no-revlog", "Q24: not new, no revlog rows", "areDue", {"cards": [c2]}, err="list index out of range")
    c.act("getIntervals-relearn-no-revlog", "Q24", "getIntervals", {"cards": [c2]}, err="list index out of range")
    c.act("getIntervals-relearn-complete", "§5.5", "getIntervals", {"cards": [c2], "complete": True}, [[]])
    c.act("relearnCards-sql-error", "§5.5, Q29 (DbError layout per §4.2, unverified)", "relearnCards", {"cards": ["abc"]},
          err=db_error("no such column: abc"))
    c.act("answerCards", "§5.5: unknown cards -> false", "answerCards",
          {"answers": [{"cardId": c3, "ease": 3}, {"cardId": UNKNOWN_ID, "ease": 3}]}, [True, False])
    c.act("answerCards-invalid-ease", "§5.5", "answerCards", {"answers": [{"cardId": c3, "ease": 5}]}, err="invalid ease")
    c.act("answerCards-no-cardId", "§5.5 KeyError", "answerCards", {"answers": [{"ease": 3}]}, err="'cardId'")
    c.act("answerCards-no-ease", "§5.5 KeyError", "answerCards", {"answers": [{"cardId": c3}]}, err="'ease'")
    c.act("getNumCardsReviewedToday", "§5.7: revlog rows since the rollover: setDueDate (c1), forgetCards (c1, a manual "
          "entry) and answerCards (c3)", "getNumCardsReviewedToday", None, 3)
    return c


def tags_cassette():
    c = Cassette("tags", f"{SPEC_SRC} §5.4 (tags), collection-format.md §8.7",
                 description="tag actions on a fresh collection")
    ids = Ids()
    n1, n2 = ids(), ids()
    c.act("getTags-empty", "§5.4", "getTags", None, [])
    c.act("addNote-1", "§5.4", "addNote", {"note": basic("tag one", "x", tags=["beta", "Alpha", "alpha"])}, n1)
    c.act("addNote-2", "§5.4", "addNote", {"note": basic("tag two", "x", tags=["gamma"])}, n2)
    c.act("getNoteTags", "§5.4: deduplicated case-insensitively, unicase order", "getNoteTags", {"note": n1}, ["Alpha", "beta"])
    c.act("getTags", "§5.4: unicase order", "getTags", None, ["Alpha", "beta", "gamma"])
    c.act("addTags", "§5.4: space-separated, unknown ids ignored", "addTags", {"notes": [n1, UNKNOWN_ID], "tags": "gamma delta"}, None)
    c.act("getNoteTags-after-addTags", "§5.4", "getNoteTags", {"note": n1}, ["Alpha", "beta", "delta", "gamma"])
    c.act("addTags-case", "§5.4: the registered case wins", "addTags", {"notes": [n2], "tags": "ALPHA"}, None)
    c.act("getNoteTags-case", "§5.4", "getNoteTags", {"note": n2}, ["Alpha", "gamma"])
    c.act("addTags-remove", "§5.4: add=false removes", "addTags", {"notes": [n1], "tags": "delta", "add": False}, None)
    c.act("removeTags", "§5.4", "removeTags", {"notes": [n1, UNKNOWN_ID], "tags": "beta"}, None)
    c.act("getNoteTags-after-remove", "§5.4", "getNoteTags", {"note": n1}, ["Alpha", "gamma"])
    c.act("replaceTags", "§5.4: case-insensitive match, replacement appended", "replaceTags",
          {"notes": [n1, n2, UNKNOWN_ID], "tag_to_replace": "GAMMA", "replace_with_tag": "epsilon"}, None)
    c.act("getNoteTags-after-replace", "§5.4", "getNoteTags", {"note": n2}, ["Alpha", "epsilon"])
    c.act("replaceTagsInAllNotes", "§5.4", "replaceTagsInAllNotes", {"tag_to_replace": "alpha", "replace_with_tag": "zeta"}, None)
    c.act("getNoteTags-after-replace-all", "§5.4", "getNoteTags", {"note": n1}, ["epsilon", "zeta"])
    c.act("clearUnusedTags", "§5.4", "clearUnusedTags", None, None)
    c.act("getTags-after-clear", "§5.4", "getTags", None, ["epsilon", "zeta"])
    c.act("updateNoteTags", "§5.4", "updateNoteTags", {"note": n2, "tags": ["parent::child"]}, None)
    c.act("getNoteTags-hierarchy", "§5.4", "getNoteTags", {"note": n2}, ["parent::child"])
    c.act("getNoteTags-unknown", "§5.4", "getNoteTags", {"note": UNKNOWN_ID}, err=f"Note was not found: {UNKNOWN_ID}")
    c.act("updateNoteTags-bad", "§5.4", "updateNoteTags", {"note": n2, "tags": [1]}, err="Must provide tags as a list of strings")
    return c


def media_cassette():
    hello = base64.b64encode(b"Hello, world!").decode()
    other = base64.b64encode(b"Other content").decode()
    c = Cassette("media", f"{SPEC_SRC} §5.3, §4.3 (base64 and file texts), Q8",
                 description="media actions on a fresh collection's empty media folder. Left out: getMediaDirPath "
                             "(the absolute path of the server's temporary data directory), storeMediaFile from a url "
                             "(needs a web server; `… download failed with return code …`), and network error texts")
    c.act("getMediaFilesNames-empty", "§5.3", "getMediaFilesNames", None, [])
    c.act("storeMediaFile", "§5.3", "storeMediaFile", {"filename": "_hello.txt", "data": hello}, "_hello.txt")
    c.act("retrieveMediaFile", "§5.3", "retrieveMediaFile", {"filename": "_hello.txt"}, hello)
    c.act("retrieveMediaFile-basename", "§5.3: basename taken", "retrieveMediaFile", {"filename": "sub/dir/_hello.txt"}, hello)
    c.act("retrieveMediaFile-missing", "§5.3", "retrieveMediaFile", {"filename": "missing.txt"}, False)
    c.act("storeMediaFile-same-content", "§5.3 step 4: identical content keeps the name", "storeMediaFile",
          {"filename": "_hello.txt", "data": hello, "deleteExisting": False}, "_hello.txt")
    sha = hashlib.sha1(b"Other content").hexdigest()
    c.act("storeMediaFile-conflict", "§5.3 step 4: different content, deleteExisting false -> hash suffix", "storeMediaFile",
          {"filename": "_hello.txt", "data": other, "deleteExisting": False}, f"_hello-{sha}.txt")
    c.act("retrieveMediaFile-conflict", "§5.3", "retrieveMediaFile", {"filename": f"_hello-{sha}.txt"}, other)
    c.act("storeMediaFile-replace", "§5.3 step 3: deleteExisting (default true) trashes the old file first", "storeMediaFile",
          {"filename": "_hello.txt", "data": other}, "_hello.txt")
    c.act("retrieveMediaFile-replaced", "§5.3", "retrieveMediaFile", {"filename": "_hello.txt"}, other)
    c.act("storeMediaFile-normalised", "§5.3 step 4: basename, forbidden characters removed", "storeMediaFile",
          {"filename": "dir/a:b?c.txt", "data": hello}, "abc.txt")
    c.act("storeMediaFile-skipHash", "§5.3 step 2: matching MD5 -> null, nothing written", "storeMediaFile",
          {"filename": "skipped.txt", "data": hello, "skipHash": hashlib.md5(b"Hello, world!").hexdigest()}, None)
    c.act("retrieveMediaFile-skipped", "§5.3", "retrieveMediaFile", {"filename": "skipped.txt"}, False)
    c.act("storeMediaFile-skipHash-differs", "§5.3 step 2", "storeMediaFile",
          {"filename": "kept.txt", "data": hello, "skipHash": "0" * 32}, "kept.txt")
    c.act("storeMediaFile-lenient-base64", "§5.3 step 1: characters outside the alphabet are skipped", "storeMediaFile",
          {"filename": "lenient.txt", "data": "SGVs bG8s\nIHdv*cmxkIQ=="}, "lenient.txt")
    c.act("retrieveMediaFile-lenient", "§5.3", "retrieveMediaFile", {"filename": "lenient.txt"}, hello)
    c.act("storeMediaFile-path-dev-null", "§5.3 step 1: path read on the host", "storeMediaFile", {"filename": "empty.txt", "path": "/dev/null"}, "empty.txt")
    c.act("retrieveMediaFile-empty", "§5.3", "retrieveMediaFile", {"filename": "empty.txt"}, "")
    for label, data in [("padding", "SGVsbG8"), ("length", "SGVsb")]:
        try:
            base64.b64decode(data)
            raise AssertionError(data)
        except binascii.Error as e:
            text = str(e)
        c.act(f"storeMediaFile-base64-{label}", "§4.3 base64 texts (Python's own)", "storeMediaFile", {"filename": "bad.txt", "data": data}, err=text)
    c.act("storeMediaFile-nothing", "§5.3", "storeMediaFile", {"filename": "x.txt", "data": "", "path": None}, err='You must provide a "data", "path", or "url" field.')
    c.act("storeMediaFile-missing-path", "§4.3 file texts", "storeMediaFile", {"filename": "x.txt", "path": "/nonexistent/file.txt"},
          err="[Errno 2] No such file or directory: '/nonexistent/file.txt'")
    c.act("getMediaFilesNames-pattern", "§5.3: glob", "getMediaFilesNames", {"pattern": "_hello-*"}, [f"_hello-{sha}.txt"])
    c.act("getMediaFilesNames-class", "§5.3: [...] classes", "getMediaFilesNames", {"pattern": "[k]*.txt"}, ["kept.txt"])
    c.act("getMediaFilesNames-none", "§5.3", "getMediaFilesNames", {"pattern": "*.mp3"}, [])
    c.act("deleteMediaFile", "§5.3", "deleteMediaFile", {"filename": "kept.txt"}, None)
    c.act("deleteMediaFile-missing", "§5.3: silently ignored", "deleteMediaFile", {"filename": "kept.txt"}, None)
    c.act("retrieveMediaFile-deleted", "§5.3", "retrieveMediaFile", {"filename": "kept.txt"}, False)
    c.act("getMediaFilesNames-deleted", "§5.3", "getMediaFilesNames", {"pattern": "k*"}, [])
    # note media (§5.4 step 4, Q8)
    ids = Ids()
    n1 = ids()
    c.act("addNote-picture", "§5.4 step 4: stored, tag appended to the listed fields", "addNote",
          {"note": dict(basic("with picture", "back"), picture=[{"filename": "pic.png", "data": hello, "fields": ["Back"]}])}, n1)
    c.act("notesInfo-picture", "§5.4 step 4", "notesInfo", {"notes": [n1]},
          [note_info(n1, [("Front", "with picture"), ("Back", "back<img src=\"pic.png\">")], [ids()])])
    c.act("canAddNote-stores-media", "Q8: canAddNote stores media although the note is a duplicate", "canAddNote",
          {"note": dict(basic("with picture", "x"), audio={"filename": "snd.mp3", "data": hello, "fields": ["Back"]})}, False)
    c.act("retrieveMediaFile-snd", "Q8", "retrieveMediaFile", {"filename": "snd.mp3"}, hello)
    n2 = ids()
    c.act("addNote-media-error", "§5.4 step 4: the error text, HTML-escaped, goes into the field", "addNote",
          {"note": dict(basic("media error", ""), audio=[None, {"filename": "x.mp3", "path": "/nonexistent/<x>.mp3", "fields": ["Back"]}])}, n2)
    c.act("notesInfo-media-error", "§5.4 step 4", "notesInfo", {"notes": [n2]},
          [note_info(n2, [("Front", "media error"), ("Back", "[Errno 2] No such file or directory: '/nonexistent/&lt;x&gt;.mp3'")], [ids()])])
    return c


def stats_cassette():
    c = Cassette("stats", f"{SPEC_SRC} §5.7, Q12",
                 description="stats on a fresh collection; revlog rows inserted with fixed 2020 ids, so day grouping "
                             "assumes the server's local time zone is UTC (rollover hour 4). Left out: "
                             "getCollectionStatsHTML (the legacy HTML report is not characterised byte-wise, §9.8)")
    ids = Ids()
    n1, c1 = ids(), ids()
    r1, r2 = 1600000000000, 1600100000000  # 2020-09-13 12:26:40 UTC and 2020-09-14 16:13:20 UTC
    c.act("getNumCardsReviewedToday", "§5.7", "getNumCardsReviewedToday", None, 0)
    c.act("getNumCardsReviewedByDay-empty", "§5.7", "getNumCardsReviewedByDay", None, [])
    c.act("addNote", "§5.4", "addNote", {"note": basic("stats", "x")}, n1)
    c.act("findCards", "search.md nid:", "findCards", {"query": f"nid:{n1}"}, [c1])
    c.act("getLatestReviewID-none", "§5.7", "getLatestReviewID", {"deck": "Default"}, 0)
    c.act("cardReviews-none", "§5.7", "cardReviews", {"deck": "Default", "startID": 0}, [])
    c.act("getReviewsOfCards-none", "§5.7: [] per card", "getReviewsOfCards", {"cards": [c1, UNKNOWN_ID]}, {str(c1): [], str(UNKNOWN_ID): []})
    rows = [[r1, c1, -1, 3, 4, -60, 2500, 6157, 1], [r2, c1, -1, 1, -600, 4, 2300, 4846, 2]]
    c.act("insertReviews", "§5.7", "insertReviews", {"reviews": rows}, None)
    c.act("insertReviews-empty", "§5.7: no-op", "insertReviews", {"reviews": []}, None)
    c.act("insertReviews-duplicate", "§5.7, §4.2 DbError (rusqlite Debug layout unverified)", "insertReviews", {"reviews": rows[:1]},
          err=db_error("UNIQUE constraint failed: revlog.id", "ConstraintViolation", 1555))
    c.act("insertReviews-none-value", "§5.7: None pasted as an identifier", "insertReviews",
          {"reviews": [[1600200000000, c1, None, 3, 4, -60, 2500, 6157, 1]]}, err=db_error("no such column: None"))
    keys = ["id", "usn", "ease", "ivl", "lastIvl", "factor", "time", "type"]
    as_dict = lambda row: dict(zip(keys, [row[0]] + row[2:]))
    c.act("getReviewsOfCards", "§5.7, §3 key order", "getReviewsOfCards", {"cards": [c1]}, {str(c1): [as_dict(rows[0]), as_dict(rows[1])]})
    c.act("getReviewsOfCards-string-id", "§5.7: string ids miss the dict lookup", "getReviewsOfCards", {"cards": [str(c1)]}, {str(c1): []})
    c.act("cardReviews", "§5.7", "cardReviews", {"deck": "Default", "startID": 0}, rows)
    c.act("cardReviews-after", "§5.7: id > startID", "cardReviews", {"deck": "Default", "startID": r1}, rows[1:])
    c.act("getLatestReviewID", "§5.7", "getLatestReviewID", {"deck": "Default"}, r2)
    c.act("getLatestReviewID-creates", "§5.7, Q12: the deck is created", "getLatestReviewID", {"deck": "Stats::Created"}, 0)
    c.act("cardReviews-creates", "Q12", "cardReviews", {"deck": "Also Created", "startID": 0}, [])
    c.act("deckNames-after", "Q12", "deckNames", None, ["Also Created", "Default", "Stats", "Stats::Created"])
    c.act("getNumCardsReviewedToday-old-rows", "§5.7: rows from 2020 are not today", "getNumCardsReviewedToday", None, 0)
    c.act("getNumCardsReviewedByDay", "§5.7: newest day first (UTC, rollover 4)", "getNumCardsReviewedByDay", None,
          [["2020-09-14", 1], ["2020-09-13", 1]])
    return c


def packages_cassette():
    path = "/tmp/ankiconnectd-conformance-export.apkg"
    c = Cassette("packages", f"{SPEC_SRC} §5.1 (exportPackage, importPackage), §4.3 file texts",
                 description="export then re-import on a fresh collection (writes " + path + " on the host). Left out: "
                             "importPackage's empty MediaMapInvalid error and `Invalid file` (they need crafted packages), "
                             "and exportPackage's OS errors (which path the message names is not pinned down)")
    ids = Ids()
    c.act("createDeck", "§5.2", "createDeck", {"deck": "Export"}, ids())
    c.act("addNote", "§5.4", "addNote", {"note": basic("exported", "x", deck="Export")}, ids())
    c.act("exportPackage-unknown-deck", "§5.1", "exportPackage", {"deck": "Nope", "path": path}, False)
    c.act("exportPackage", "§5.1", "exportPackage", {"deck": "export", "path": path}, True)
    c.act("exportPackage-sched", "§5.1", "exportPackage", {"deck": "Export", "path": path, "includeSched": True}, True)
    c.act("deleteDecks", "§5.2", "deleteDecks", {"decks": ["Export"], "cardsToo": True}, None)
    c.act("importPackage", "§5.1", "importPackage", {"path": path}, True)
    c.act("deckNames-after-import", "§5.1", "deckNames", None, ["Default", "Export"])
    c.act("findNotes-after-import", "§5.1", "findNotes", {"query": "exported"}, [ids()])
    c.act("importPackage-missing", "§5.1, §4.3", "importPackage", {"path": "/nonexistent/deck.apkg"},
          err="[Errno 2] No such file or directory: '/nonexistent/deck.apkg'")
    c.act("importPackage-not-zip", "§5.1", "importPackage", {"path": "/etc/passwd"}, err="File is not a zip file")
    return c


SEARCH_REASONS = {
    "and": "an `and` was found but it is not connecting two search terms. If you want to search for the word itself, wrap it in double quotes: `\"and\"`.",
    "or": "an `or` was found but it is not connecting two search terms. If you want to search for the word itself, wrap it in double quotes: `\"or\"`.",
    "empty-group": "a group `(...)` was found, but there was nothing between the brackets to search for. If you want to search for literal brackets, wrap them in double quotes: `\"( )\"`.",
    "unopened": "a closing bracket `)` was found, but there was no opening bracket `(` preceding it. If you want to search for a literal `)`, wrap it in double quotes or prepend a backslash: `\")\"` or `\\)`.",
    "unclosed": "an opening bracket `(` was found, but there was no closing bracket `)` following it. If you want to search for a literal `(`, wrap it in double quotes or prepend a backslash: `\"(\"` or `\\(` .",
    "empty-quote": "a pair of double quotes `\"\"` was found, but there was nothing between them to search for. If you want to search for literal double quotes, prepend backslashes: `\\\"\\\"`.",
    "unclosed-quote": "an opening double quote `\"` was found, but there was no second one to close it. If you want to search for a literal `\"`, prepend a backslash: `\\\"`.",
    "missing-key": "a colon `:` was found, but there was no keyword preceding it. If you want to search for a literal `:`, prepend a backslash: `\\:`.",
    "flag": "`flag:` must be followed by a valid flag number: `1` (red), `2` (orange), `3` (green), `4` (blue), `5` (pink), `6` (turquoise), `7` (purple) or `0` (no flag).",
}


def iso(value):
    return f"{FSI}{value}{PDI}"


def search_errors():
    """(label, query, reason) per search.md §8.1-8.2, §11.3 (variables wrapped in FSI/PDI)."""
    return [
        ("misplaced-and", "dog and", SEARCH_REASONS["and"]),
        ("misplaced-or", "or dog", SEARCH_REASONS["or"]),
        ("empty-group", "dog ()", SEARCH_REASONS["empty-group"]),
        ("unopened-group", "dog ) cat", SEARCH_REASONS["unopened"]),
        ("unclosed-group", "(dog", SEARCH_REASONS["unclosed"]),
        ("empty-quote", "dog:\"\"", SEARCH_REASONS["empty-quote"]),
        ("unclosed-quote", "front:\"dog", SEARCH_REASONS["unclosed-quote"]),
        ("missing-key", ":dog", SEARCH_REASONS["missing-key"]),
        ("unknown-escape", "\\k", f"the escape sequence `{iso(chr(92) + 'k')}` is not defined. If you want to search for a literal backslash `\\`, prepend another one: `\\\\`."),
        ("invalid-state", "is:foo", f"`{iso('is:')}` was given an invalid argument '`{iso('foo')}`'."),
        ("invalid-prop", "prop:foo>1", f"`{iso('prop:')}` was given an invalid argument '`{iso('foo>1')}`'."),
        ("invalid-flag", "flag:8", SEARCH_REASONS["flag"]),
        ("prop-operator", "prop:ivl", f"`prop:{iso('ivl')}` must be followed by one of the following comparison operators: `=`, `!=`, `<`, `>`, `<=` or `>=`."),
        ("number", "prop:ease>1,5", f"expected a number in \"`{iso('ease>1,5')}`\", but found \"`{iso('1,5')}`\"."),
        ("whole-number", "mid:abc", f"expected a whole number in \"`{iso('mid:')}`\", but found \"`{iso('abc')}`\"."),
        ("positive-number", "added:x", f"expected a positive whole number in \"`{iso('added:')}`\", but found \"`{iso('x')}`\"."),
        ("negative-number", "prop:rated=1", f"expected a whole number less than or equal to 0 in \"`{iso('rated=1')}`\", but found \"`{iso('1')}`\"."),
        ("answer-button", "rated:1:5", f"expected an answer button between 1-4 in \"`{iso('1:5')}`\", but found \"`{iso('5')}`\"."),
        ("id-list", "nid:1,x", "expected only digits and commas in nid:"),
        ("dupe", "dupe:1001", "invalid 'dupe:' search"),
    ]


def search_cassette():
    c = Cassette("search", f"{SPEC_SRC} §5.4-5.5 (findNotes, findCards, notesInfo query), §5.8 guiBrowse, Q6, Q28; "
                 "search.md §8 (error texts), §9 and §11.4 (result order)",
                 description="Anki's search language on three notes of a fresh collection; only queries whose result "
                             "order is fixed by the plan (id order, nid/cid lists, single hits)")
    ids = Ids()
    n1, n2, n3, c1, c2, c3 = (ids() for _ in range(6))
    c.act("createDeck", "§5.2", "createDeck", {"deck": "Zoo"}, ids())
    c.act("addNote-1", "§5.4", "addNote", {"note": basic("dog", "animal", tags=["pets"])}, n1)
    c.act("addNote-2", "§5.4", "addNote", {"note": basic("cat", "animal", deck="Zoo", tags=["pets", "feline"])}, n2)
    c.act("addNote-3", "§5.4", "addNote", {"note": basic("bird", "sky")}, n3)
    for i, (n, cid) in enumerate([(n1, c1), (n2, c2), (n3, c3)], 1):
        c.act(f"findCards-nid-{i}", "search.md nid:", "findCards", {"query": f"nid:{n}"}, [cid])
    for label, query, result in [
            ("word", "dog", [n1]), ("word-two-hits", "animal", [n1, n2]), ("tag", "tag:pets", [n1, n2]),
            ("tag-case", "tag:FELINE", [n2]), ("tag-none", "tag:none", [n3]), ("deck", "deck:Zoo", [n2]),
            ("deck-case", "deck:zoo", [n2]), ("field", "front:cat", [n2]), ("negation", "-tag:pets", [n3]),
            ("or", "dog or bird", [n1, n3]), ("and", "animal tag:feline", [n2]), ("wildcard", "d*g", [n1]),
            ("nid-list", f"nid:{n3},{n1}", [n1, n3]), ("everything", "", [n1, n2, n3]), ("no-hit", "zebra", []),
            ("quoted", "\"front:bird\"", [n3]), ("notetype", "note:Basic", [n1, n2, n3])]:
        c.act(f"findNotes-{label}", "search.md §9/§11.4 order", "findNotes", {"query": query}, result)
    for label, query, result in [
            ("deck", "deck:Zoo", [c2]), ("is-new", "is:new", [c1, c2, c3]), ("cid-list", f"cid:{c3},{c1}", [c1, c3]),
            ("everything", "", [c1, c2, c3]), ("deck-default", "deck:Default", [c1, c3]), ("card", "card:1 dog", [c1])]:
        c.act(f"findCards-{label}", "search.md §9/§11.4 order", "findCards", {"query": query}, result)
    c.act("findNotes-null", "Q28", "findNotes", {"query": None}, [])
    c.act("findCards-omitted", "Q28", "findCards", {}, [])
    c.act("notesInfo-query", "§5.4", "notesInfo", {"query": "deck:Zoo"},
          [note_info(n2, [("Front", "cat"), ("Back", "animal")], [c2], ["feline", "pets"])])
    c.act("guiBrowse", "§5.8: findCards(query)", "guiBrowse", {"query": "tag:feline"}, [c2])
    c.act("guiBrowse-reorder", "§5.8: any listed column counts as shown", "guiBrowse",
          {"query": "bird", "reorderCards": {"order": "descending", "columnId": "noteCrt"}}, [c3])
    for label, query, reason in search_errors():
        c.act(f"findNotes-error-{label}", "search.md §8.1-8.2, §11.3", "findNotes", {"query": query}, err=search_error(reason))
    c.act("findCards-error", "search.md §11.3", "findCards", {"query": "(dog"}, err=search_error(SEARCH_REASONS["unclosed"]))
    c.act("notesInfo-query-error", "§5.4", "notesInfo", {"query": "is:foo"}, err=search_error(search_errors()[9][2]))
    c.act("guiBrowse-error", "§5.8", "guiBrowse", {"query": ":x"}, err=search_error(SEARCH_REASONS["missing-key"]))
    c.act("areDue-error", "§5.5: the id is pasted into 'cid:{id} is:new'", "areDue", {"cards": ["1,"]},
          err=search_error("expected only digits and commas in cid:"))
    return c


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        if name.endswith(".jsonl"):
            os.remove(os.path.join(OUT, name))
    cassettes = [http_layer("anki25"), http_layer("anki23"), binding_errors("anki25"), binding_errors("anki23"),
                 versions(), multi(), api_key(), no_key_configured(), cors_star(), cors_listed(), misc_actions(),
                 misc_actions_anki23(), gui_actions(), collection_actions(), koreader(), yomitan(), obsidian(),
                 decks_cassette(), deckconfig_cassette(), models_cassette(), notes_cassette(), cards_cassette(),
                 tags_cassette(), media_cassette(), search_cassette(), scheduling_cassette(), stats_cassette(),
                 packages_cassette()]
    total = 0
    for c in cassettes:
        n = c.write()
        total += n
        print(f"{c.stem}.jsonl: {n} exchanges")
    print(f"total: {total} exchanges")


if __name__ == "__main__":
    main()
