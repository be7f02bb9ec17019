#!/usr/bin/env python3
"""Writes compat/testdata/pformat_cases.jsonl: JSON texts with this python3's repr(), str() and
pprint.pformat(width=72) of json.loads(text), with sort_dicts True and False (spec §1.5, §3).
Run from the repository root:
    /root/.pyenv/versions/3.13.0/bin/python compat/testdata/gen_pformat_cases.py
(3.9.18 writes the same file: pprint did not change between them for these types.)
"""
import json
import os
import pprint
import random

HERE = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(72)

words = ['a', 'very', 'long', 'back', 'field', 'value', 'that', 'will', 'certainly', 'overflow', 'the',
         'width', 'caf\u00e9', '\u4e2d\u6587', '\U0001F600', 'x' * 30, 'tab\there', "it's", 'say "hi"',
         'both \' and "', 'back\\slash', '\u00a0nbsp', 'new\nline', 'cr\r\nlf', '\u2028ls', '\x85nel',
         '\u200b', '\x7f', '\x00', '\ufeff', '\U000E0001', '\ud800']


def sentence(n):
    return ' '.join(rnd.choice(words) for _ in range(n))


values = [
    None, True, False, 0, -1, 1.5, 1e16, 1e-05, float('nan'), float('inf'), -0.0, '', 'abc',
    "it's", 'say "hi"', 'both \' and "', 'back\\slash', 'caf\u00e9', '\x00\x1f\x7f\x80\x9f\xa0\xad',
    '\u0378\u2028\u2029\u200b\ufeff\ufffd\U0001F600\U000E0001\U0010FFFF', '\ud800', 'tab\tnl\ncr\r',
    [], {}, [[]], [{}], {'a': {}}, [1, 2, 3], {'b': 1, 'a': 2}, {'z': [1, {'y': 2, 'x': [3]}], 'a': None},
    {'action': 'addNote', 'version': 6, 'params': {'note': {'deckName': 'Default', 'modelName': 'Basic',
     'fields': {'Front': 'front content', 'Back': 'back content'}, 'tags': ['tag1', 'tag2']}}},
    {'version': 6, 'params': {'note': {'deckName': 'Default', 'modelName': 'Basic', 'fields': {
        'Front': 'caf\u00e9', 'Back': 'a very long back field value that will certainly overflow the width'}}}},
    list(range(40)), {str(i): i for i in range(30)}, ['x' * 80], {'k': 'y' * 100}, 'z' * 200,
    'word ' * 40, 'line one\nline two\nline three that is quite a bit longer than the others in this text',
    ['a' * 70, 'b' * 71, 'c' * 72], {'a' * 60: 'b' * 60}, [[[['deep' * 10]]]],
    {'type': 'object', 'properties': {'action': {'type': 'string', 'minLength': 1},
     'version': {'type': 'integer'}, 'params': {'type': 'object'}}, 'required': ['action']},
    {'B': 1, 'a': 2, '_': 3, '\u00e9': 4, 'A': 5, '1': 6, '': 7},
    [1.0, 2.5e-7, 123456789012345678, -9223372036854775808, 18446744073709551615, 1.7976931348623157e308],
]
for n in (5, 10, 15, 20, 30, 50):
    values.append(sentence(n))
    values.append({'text': sentence(n), 'list': [sentence(n // 2), sentence(n // 3)]})
    values.append([sentence(n), {'nested': {'deeper': sentence(n)}}])
# widths right at the wrapping boundaries, at the top level and nested
for n in (66, 67, 68, 69, 70, 71, 72, 73):
    values.append('x' * n)
    values.append(['y' * (n - 2)])
    values.append({'k': 'z' * (n - 7)})
    values.append(('ab ' * 40)[:n])
    values.append({'key': ('ab ' * 40)[:n], 'other': [('cd ' * 40)[:n]]})
values.append({'a': '', 'b': [''], 'c': {'d': ''}, 'e': 'x' * 100})
values.append({'long key ' * 5: {'another long key ' * 3: ['value ' * 12, 'value ' * 3]}})
values.append(['multi\nline\n' * 3, {'m': 'first line\nsecond line which is rather long and keeps going on\nthird'}])
values.append('é' * 80)
values.append({'😀' * 30: '😀 ' * 30})
values.append([[1, 2, [3, 4, [5, 6, ['seven ' * 15]]]]])
values.append({'trailing spaces': 'word    ' * 12, 'leading': '    word' * 12})
values.append('a' * 71 + ' ' + 'b' * 5)
for _ in range(20):
    def rand_value(depth):
        r = rnd.random()
        if depth > 3 or r < 0.3:
            return rnd.choice([sentence(rnd.randint(1, 12)), rnd.randint(-10**12, 10**12), rnd.random(),
                               None, True, 'short'])
        if r < 0.65:
            return [rand_value(depth + 1) for _ in range(rnd.randint(0, 5))]
        return {rnd.choice(words) + str(i): rand_value(depth + 1) for i in range(rnd.randint(0, 5))}
    values.append(rand_value(0))

with open(os.path.join(HERE, 'pformat_cases.jsonl'), 'w', encoding='utf-8') as f:
    for v in values:
        text = json.dumps(v)  # ASCII JSON, lone surrogates as \udXXX escapes
        row = {'in': text, 'repr': repr(v), 'str': str(v),
               'sorted': pprint.pformat(v, width=72, sort_dicts=True),
               'unsorted': pprint.pformat(v, width=72, sort_dicts=False),
               'sorted40': pprint.pformat(v, width=40, sort_dicts=True)}
        # surrogates cannot be written as UTF-8: json.dumps escapes them, the test reads them back
        f.write(json.dumps(row) + '\n')
print(len(values), 'pformat cases')
