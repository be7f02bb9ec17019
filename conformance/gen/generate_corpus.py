#!/usr/bin/env python3
"""Writes conformance/cassettes/*.jsonl: AnkiConnect exchanges whose expected bytes are derived from the
spec (shared/spec/ankiconnect-api.md, ankiconnect-actions.json, ecosystem.md), never from running
ankiconnectd. Reply bodies are produced with Python's own json.dumps, so they are Python's bytes.

Run from anywhere:  python3 conformance/gen/generate_corpus.py
"""
import base64
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
                 description="a fresh collection; profile 'User 1'")
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


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in os.listdir(OUT):
        if name.endswith(".jsonl"):
            os.remove(os.path.join(OUT, name))
    cassettes = [http_layer("anki25"), http_layer("anki23"), binding_errors("anki25"), binding_errors("anki23"),
                 versions(), multi(), api_key(), no_key_configured(), cors_star(), cors_listed(), misc_actions(),
                 gui_actions(), collection_actions(), koreader(), yomitan(), obsidian()]
    total = 0
    for c in cassettes:
        n = c.write()
        total += n
        print(f"{c.stem}.jsonl: {n} exchanges")
    print(f"total: {total} exchanges")


if __name__ == "__main__":
    main()
