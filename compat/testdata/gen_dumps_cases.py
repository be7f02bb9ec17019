#!/usr/bin/env python3
"""Writes compat/testdata/dumps_cases.jsonl: JSON texts and the exact bytes of
json.dumps(json.loads(text)) as this python3 produces them (spec ankiconnect-api.md §3), plus
f32_cases.jsonl for pyjson::widen_f32. Run from the repository root:
    python3 compat/testdata/gen_dumps_cases.py

Each dumps line is {"in": <hex of the UTF-8 input>, "text": <input for humans>, "out": <dumps>}.
Inputs are limited to what pyjson::loads represents exactly (integers within 64 bits).
"""
import json
import math
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

texts = [
    # scalars
    'null', 'true', 'false', '0', '-0', '1', '-1', '42',
    '9223372036854775807', '-9223372036854775808', '9223372036854775808',
    '18446744073709551615', '1234567890123456789', '-1234567890123456789',
    '1488754364391', '-4611686018427387904',
    # floats
    '0.0', '-0.0', '1.0', '1.5', '-2.5', '0.1', '0.2', '0.3', '1e16', '1e15', '9999999999999998.0',
    '1e-05', '1e-4', '0.0001', '0.00001', '0.000123', '1.2345e-7', '5e-324', '2.2250738585072014e-308',
    '1.7976931348623157e308', '1e22', '1e21', '1e23', '123456789.123456789', '3.141592653589793',
    '2.718281828459045', '100.0', '1e2', '1E2', '1e+2', '1.5e300', '-1.5e-300', '12345678901234567890.0',
    '1.0000000000000002', '0.30000000000000004', '4.35', '2.675', '1e-7', '1.1e-10', '123e-2',
    '6.0', '6.5', '1e308', '1e-323', '4.9e-324', '0.5', '0.25', '1234567.0', '12345678.9',
    '1e400', '-1e400', '1e-400',
    'NaN', 'Infinity', '-Infinity', '[NaN, Infinity, -Infinity]',
    # strings
    '""', '"abc"', '"a b"', '"/"', '"\\/"', '"\\"quoted\\""', '"back\\\\slash"',
    '"caf\u00e9"', '"caf\\u00e9"', '"\u00ff\u0100"', '"\u20ac"', '"\u4e2d\u6587"', '"\U0001F600"',
    '"\\ud83d\\ude00"', '"\\ud83d"', '"\\ude00"', '"\\udbff\\udfff"', '"\\ud800x"', '"x\\udc00"',
    '"\\ud800\\ud800"', '"\\ud83d\\u0041"', '"\U00010000"', '"\U0010FFFF"', '"\ufeff"', '"\ufffd"',
    '"\\u007f"', '"\x7f"', '"\\u0080"', '"\u0080"', '"\\u00a0"', '"\u2028\u2029"', '"\u2068x\u2069"',
    '"tab\\tnew\\nline\\rret"', '"\\b\\f"', '"\\u0000"', '"a\\u0000b"', '"\\u001f"', '"\\u0020"',
    '"\\u0041\\u0042"', '"\\uABCD"', '"\\uabcd"', '"mixed \u00e9 and \U0001F389 and \\n"',
    '"<b>html</b> &amp; \\"q\\""', '"\'single\'"', '"\u0301"', '"e\u0301"', '"\U0001D11E"',
    # containers
    '[]', '{}', '[[]]', '[{}]', '{"a": {}}', '[1, 2, 3]', '[1,2,3]', ' [ 1 , 2 ] ', '{"a":1}',
    '{"a": 1, "b": [true, false, null]}', '{"b": 1, "a": 2}', '{"z": 1, "y": 2, "x": 3}',
    '{"a": 1, "a": 2}', '{"a": 1, "b": 2, "a": 3}', '{"": ""}', '{"caf\u00e9": "\u00e9"}',
    '{"\\ud800": 1}', '{"k": [1, [2, [3, [4]]]]}', '[[[[[[[[[[]]]]]]]]]]',
    '{"result": ["Default"], "error": null}', '{"result": null, "error": "unsupported action"}',
    '{"action": "addNote", "version": 6, "params": {"note": {"deckName": "Default", "modelName": '
    '"Basic", "fields": {"Front": "front", "Back": "back"}, "tags": ["yomichan"]}}}',
    '[1.0, 2, "3", [4], {"5": 5}]', '{"nested": {"deep": {"deeper": {"deepest": 1.5}}}}',
    '\n\t {"ws" :\r\n 1 } \n',
    '[' + ', '.join(str(i) for i in range(30)) + ']',
    '{' + ', '.join('"k%d": %d' % (i, i) for i in range(20)) + '}',
]

# every control character and a few more escapes
for c in list(range(0x00, 0x20)) + [0x7f, 0x80, 0x9f, 0xa0, 0xad, 0x2028, 0xd7ff, 0xe000, 0xfffe, 0xffff]:
    texts.append(json.dumps(chr(c)))
# every ASCII printable character in one string
texts.append(json.dumps(''.join(chr(c) for c in range(0x20, 0x7f))))
texts.append(json.dumps(''.join(chr(c) for c in range(0x20, 0x7f)), ensure_ascii=False))

rnd = random.Random(20251109)
# random doubles over the whole range, written with Python's repr (which round-trips)
for _ in range(60):
    bits = rnd.getrandbits(64)
    d = struct.unpack('<d', struct.pack('<Q', bits))[0]
    if math.isfinite(d):
        texts.append(repr(d))
# random doubles of moderate magnitude, near the exponent-form boundaries
for e in range(-8, 20):
    texts.append(repr(rnd.random() * 10.0 ** e))
    texts.append(repr(float(10 ** e)) if e >= 0 else repr(10.0 ** e))
# random strings mixing planes
pool = [chr(c) for c in list(range(0x20, 0x7f)) + [0xe9, 0x3b1, 0x4e2d, 0x1f600, 0x10348, 0x2028, 0x85]]
for _ in range(10):
    texts.append(json.dumps(''.join(rnd.choice(pool) for _ in range(rnd.randint(1, 30))), ensure_ascii=False))

seen = set()
cases = []
for t in texts:
    if t in seen:
        continue
    seen.add(t)
    v = json.loads(t)
    cases.append({'in': t.encode('utf-8').hex(), 'text': t, 'out': json.dumps(v)})

with open(os.path.join(HERE, 'dumps_cases.jsonl'), 'w', encoding='utf-8') as f:
    for c in cases:
        f.write(json.dumps(c, ensure_ascii=False) + '\n')


def f32_shortest(bits):
    """The shortest decimal that reads back as the same f32 (what serde_json prints)."""
    x = struct.unpack('<f', struct.pack('<I', bits))[0]
    for p in range(1, 10):
        s = '%.*g' % (p, x)
        try:
            if struct.unpack('<f', struct.pack('<f', float(s)))[0] == x:
                return s
        except OverflowError:  # rounded past the largest f32
            pass
    raise AssertionError(bits)


f32 = [0.9, 1.3, 1.2, 2.5, 0.85, 0.1, 1e-07, 1e-05, 1.0, 0.0, 250.0, 0.7, 0.95, 0.4072, 1.1829,
       3.1262, 15.4722, 7.2102, 0.5316, 1.0651, 0.0234, 1.616, 0.1544, 1.0824, 1.9813, 0.0953,
       0.2975, 2.2042, 0.2407, 2.9466, 0.5034, 0.6567, 16777216.0, 3.4028234663852886e38,
       1.401298464324817e-45, 1.1754943508222875e-38, 123456.789, 1e10, 1e16, 1e20]
f32_bits = [struct.unpack('<I', struct.pack('<f', x))[0] for x in f32]
f32_bits += [struct.unpack('<I', struct.pack('<f', -x))[0] for x in f32[:10]]
for _ in range(60):
    b = rnd.getrandbits(32)
    if (b >> 23) & 0xff != 0xff:
        f32_bits.append(b)
with open(os.path.join(HERE, 'f32_cases.jsonl'), 'w', encoding='utf-8') as f:
    for b in f32_bits:
        s = f32_shortest(b)
        f.write(json.dumps({'bits': b, 'shortest': s, 'out': json.dumps(float(s))}) + '\n')
print(len(cases), 'dumps cases,', len(f32_bits), 'f32 cases')
