#!/usr/bin/env python3
"""Writes compat/testdata/suggest_cases.jsonl: "Did you mean" suggestions that this python3's C
suggestion engine (the same Levenshtein rules CPython 3.13 applies to unexpected keyword arguments,
spec §2.2) makes for typos of AnkiConnect parameter names. The engine is reached through an
AttributeError on an object whose dir() is the candidate list; dir() sorts, so candidates are listed
sorted. Run from the repository root:
    python3 compat/testdata/gen_suggest_cases.py
"""
import io
import json
import os
import random
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, '..', '..', '..', 'shared', 'spec', 'ankiconnect-actions.json')


def suggestion(candidates, name):
    class Probe:
        def __dir__(self):
            return candidates
    try:
        getattr(Probe(), name)
    except AttributeError as e:
        buf, old = io.StringIO(), sys.stderr
        sys.stderr = buf
        try:
            sys.__excepthook__(type(e), e, None)
        finally:
            sys.stderr = old
        m = re.search(r"Did you mean: '(.*)'\?\n$", buf.getvalue())
        return m.group(1) if m else ''
    raise AssertionError(name)


with open(SPEC, encoding='utf-8') as f:
    actions = json.load(f)
rnd = random.Random(2055492159)
letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_0123456789'


def typos(word):
    out = set()
    for _ in range(4):
        i = rnd.randrange(len(word))
        out.add(word[:i] + word[i + 1:])                                  # deletion
        out.add(word[:i] + rnd.choice(letters) + word[i:])                # insertion
        out.add(word[:i] + rnd.choice(letters) + word[i + 1:])            # substitution
        out.add(word[:i] + word[i].swapcase() + word[i + 1:])             # case flip
        if i + 1 < len(word):
            out.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])      # transposition
    out.add(word.upper())
    out.add(word.lower())
    out.add(word + 's')
    out.add(word[: max(1, len(word) // 2)])
    out.add(''.join(rnd.choice(letters) for _ in range(rnd.randint(1, 12))))
    out.add(word * 3)  # long names
    out.discard('')
    return out


cases = []
for name in sorted(actions):
    params = [p['name'] for p in actions[name]['params']]
    if not params:
        continue
    candidates = sorted(['self'] + params)
    bads = set()
    for p in params + ['self']:
        bads |= typos(p)
    for bad in sorted(bads):
        if bad in candidates:
            continue
        cases.append({'bad': bad, 'candidates': candidates, 'suggestion': suggestion(candidates, bad)})

cases = rnd.sample(cases, 1500)  # keep the checked-in file small
with open(os.path.join(HERE, 'suggest_cases.jsonl'), 'w', encoding='utf-8') as f:
    for c in cases:
        f.write(json.dumps(c) + '\n')
print(len(cases), 'suggestion cases,', sum(1 for c in cases if c['suggestion']), 'with a suggestion')
