#!/usr/bin/env python3
"""Writes compat/testdata/loads_cases.jsonl: request bodies and what
json.loads(body.decode('utf-8')) gives in this python3 (3.11 behaves like 3.9 here), either the
json.dumps of the value or str(exception). Run from the repository root:
    python3 compat/testdata/gen_loads_cases.py

Each line: {"in": <hex bytes>, "text": <input for humans, if decodable>, "py39": R, "py313": R} with
R = "ok:<dumps>" or "error:<text>", computed by CPython 3.9 and 3.13 (see pyrun.py). Python 3.13 only
differs on trailing commas; the texts written by hand below (from CPython 3.13's Modules/_json.c: the
error points at the comma) are checked against the real 3.13.
"""
import json
import os

import pyrun

HERE = os.path.dirname(os.path.abspath(__file__))

bodies = [
    # UTF-8 codec errors (spec §1.5)
    b'\xff', b'\xfe', b'\x80', b'\xbf', b'\xc0\x80', b'\xc1\xbf', b'\xc2', b'\xc2x', b'\xe2\x82',
    b'\xe2\x82x', b'\xe2x\xac', b'\xe0\x80\x80', b'\xe0\x9f\xbf', b'\xed\xa0\x80', b'\xed\xbf\xbf',
    b'\xed\x9f', b'\xf0\x80\x80\x80', b'\xf0\x8f\xbf\xbf', b'\xf4\x90\x80\x80', b'\xf5\x80\x80\x80',
    b'\xf8\x88\x80\x80\x80', b'\xf0\x9f\x98', b'\xf0\x9f', b'\xf0\x9f\x98x', b'\xf0\x9fxx',
    b'{"a": "caf\xe9"}', b'{"a": "ok"}\xff', b'"\xc3\xa9\xff"', b'["\xf0\x9f\x98\x80", "\xe9"]',
    b'\xef\xbb', b'{"action": "\xed\xb2\x80"}',
    # BOM
    b'\xef\xbb\xbf{}', b'\xef\xbb\xbf', b'\xef\xbb\xbfnot json',
    # JSON errors
    b'', b' ', b'  ', b'\n', b'\n\n  ', b'not json', b'nul', b'tru', b'fals', b'None', b'True',
    b'nan', b'inf', b'-inf', b'Infinit', b'-Infinit', b'-', b'--1', b'+1', b'.5', b'1.', b'01', b'-01',
    b'1e', b'1e+', b'1e5x', b'1.5.6', b'0x10', b'1 2', b'{', b'}', b'[', b']', b'{"a":1,}', b'[1,]',
    b'{"a" 1}', b'{"a":1', b'[1 2]', b'"abc', b'"\\q"', b'{"action":"a"} x', b'{"a":}', b'{"a":,}',
    b'{,}', b'[,]', b'[,1]', b'[1,,2]', b'{"a":1,,"b":2}', b'{1:2}', b"{'a':1}", b'{"a"}', b'{"a":1 "b":2}',
    b'{"a":1}}', b'[1]]', b'[[1]', b'{"a":[1,2}', b'{"a": {"b": [1, 2, ]}}', b'{"a": 1, }',
    b'[1, 2,\n ]', b'{\n  "a": 1,\n  "b": 2,\n}', b'[1,\n2,\n,3]', b'{"a":\n\n  x}',
    b'"tab\there"', b'"nl\nhere"', b'"\x00"', b'"\x1f"', b'"\x7f"', b'"\\u12"', b'"\\u12"  ',
    b'"\\uZZZZ"', b'"\\u0041', b'"\\ud800\\uZZZZ"', b'"\\ud800\\u12', b'"\\', b'"a\\', b'"\\x41"',
    b'"\\\'"', b'"\\U0001F600"', b'"caf\xc3\xa9" x', b'["\xc3\xa9\xc3\xa9", oops]',
    b'{"\xf0\x9f\x98\x80": 1, "b": x}', b'\xe4\xb8\xad', b'[1,2,3] [4]', b'{} {}', b'123abc',
    b'"abc" "def"', b'{"key": "value"}garbage', b'[true, false, nul]', b'[NaN, Infinity, -Infinity]',
    b'[-Infinity, -Infinityx]', b'{"a": 1, "a": 2}', b'{"a": 1, "b": 2, "a": 3}',
    b'12345678901234567890', b'-9223372036854775808', b'1' * 4301, b'-' + b'1' * 4301, b'9' * 5000,
    b'1e400', b'-1e400', b'"\\ud800"', b'"\\ud83d\\ude00"', b'"\\udc00\\ud800"', b'\t{"a":\r\n1}\t',
    b'{"action": "version", "version": 6}', b'{"action": "deckNames", "key": null, "params": {}}',
    b'\x0c{}', b'\x0b1', b'{"a":1}\x00', b'[\x00]', b'{"a":\xc2\xa01}',
]

# Random mutations of valid requests: deleted, duplicated and inserted bytes (a cheap fuzz).
import random
rnd = random.Random(8765)
seeds = [b'{"action": "addNote", "version": 6, "params": {"note": {"fields": {"Front": "caf\xc3\xa9"}, "tags": []}}}',
         b'[1, -2.5e-3, true, false, null, "\\u00e9\\n", {"a": [NaN, Infinity]}]',
         b'{\n  "a" : [ 1 ,\n 2 ] ,\n "b" : { } \n}']
alphabet = b'{}[],:"\\ \n\tnulltruefalseNaNInfinity-+.eE0123456789abu\xc3\xa9\x00'
for _ in range(150):
    b = bytearray(rnd.choice(seeds))
    for _ in range(rnd.randint(1, 3)):
        i = rnd.randrange(len(b) + 1)
        op = rnd.randrange(3)
        if op == 0 and i < len(b):
            del b[i]
        elif op == 1:
            b[i:i] = bytes([rnd.choice(alphabet)])
        else:
            b = b[:i]
    bodies.append(bytes(b))

# Python 3.13 texts for bodies whose first error is a trailing comma.
PY313 = {
    b'{"a":1,}': 'error:Illegal trailing comma before end of object: line 1 column 7 (char 6)',
    b'[1,]': 'error:Illegal trailing comma before end of array: line 1 column 3 (char 2)',
    b'{"a": {"b": [1, 2, ]}}': 'error:Illegal trailing comma before end of array: line 1 column 18 (char 17)',
    b'{"a": 1, }': 'error:Illegal trailing comma before end of object: line 1 column 8 (char 7)',
    b'[1, 2,\n ]': 'error:Illegal trailing comma before end of array: line 1 column 6 (char 5)',
    b'{\n  "a": 1,\n  "b": 2,\n}': 'error:Illegal trailing comma before end of object: line 3 column 9 (char 20)',
}


CHILD = """
import json, sys
out = []
for h in json.load(sys.stdin):
    try:
        out.append('ok:' + json.dumps(json.loads(bytes.fromhex(h).decode('utf-8'))))
    except Exception as e:  # UnicodeDecodeError, JSONDecodeError, ValueError
        out.append('error:' + str(e))
print(json.dumps(out))
"""

unique = list(dict.fromkeys(bodies))
hexes = [b.hex() for b in unique]
results = {f: dict(zip(unique, pyrun.run(f, CHILD, hexes))) for f in ('py39', 'py313')}
for b, text in PY313.items():
    assert results['py313'][b] == text, (b, results['py313'][b])
for b in unique:
    if b not in PY313 and results['py313'][b] != results['py39'][b]:
        print('3.9 and 3.13 differ on', b[:20], '...:', results['py39'][b][:60], '|', results['py313'][b][:60])

seen = set()
with open(os.path.join(HERE, 'loads_cases.jsonl'), 'w', encoding='utf-8') as f:
    for b in bodies:
        if b in seen:
            continue
        seen.add(b)
        try:
            text = b.decode('utf-8')
        except UnicodeDecodeError:
            text = None
        row = {'in': b.hex(), 'text': text if text is None or len(text) < 200 else text[:40] + '...',
               'py39': results['py39'][b], 'py313': results['py313'][b]}
        f.write(json.dumps(row, ensure_ascii=False) + '\n')
print(len(seen), 'loads cases')
