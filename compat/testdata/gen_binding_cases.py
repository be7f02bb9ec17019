#!/usr/bin/env python3
"""Writes compat/testdata/binding_cases.jsonl: the TypeError text (or "ok") that calling
AnkiConnect.<action>(**params) raises in CPython 3.9 and 3.13 (see pyrun.py), for methods built with
the exact signatures of the spec's ankiconnect-actions.json inside a module named 2055492159
(spec §2.2). Run from the repository root:
    python3 compat/testdata/gen_binding_cases.py
Each line: {"action": name, "params": <JSON text>, "py39": text, "py313": text}.
"""
import json
import os
import random

import pyrun

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = os.path.join(HERE, '..', '..', '..', 'shared', 'spec', 'ankiconnect-actions.json')

CHILD = r'''
import json, sys
data = json.load(sys.stdin)
src = ["class AnkiConnect:"]
for name, params in data["actions"].items():
    sig = ["self"] + [p["name"] if p["required"] else "%s=%r" % (p["name"], p["default"])
                      for p in params]
    src.append("    def %s(%s): return None" % (name, ", ".join(sig)))
ns = {"__name__": "2055492159"}
exec("\n".join(src), ns)
inst = ns["AnkiConnect"]()
out = []
for action, params_text in data["cases"]:
    try:
        getattr(inst, action)(**json.loads(params_text))
        out.append("ok")
    except TypeError as e:
        out.append(str(e))
print(json.dumps(out))
'''

with open(SPEC, encoding='utf-8') as f:
    spec = json.load(f)
# Python literals for the JSON defaults (null/true/false) as the child's %r would need them.
actions = {name: [{'name': p['name'], 'required': p['required'],
                   'default': p['default']} for p in a['params']] for name, a in spec.items()}

rnd = random.Random(13)
letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_'


def typo(word):
    i = rnd.randrange(len(word))
    kind = rnd.randrange(5)
    if kind == 0:
        return word[:i] + word[i + 1:] or 'x'
    if kind == 1:
        return word[:i] + rnd.choice(letters) + word[i:]
    if kind == 2:
        return word[:i] + rnd.choice(letters) + word[i + 1:]
    if kind == 3:
        return word[:i] + word[i].swapcase() + word[i + 1:]
    return ''.join(rnd.choice(letters) for _ in range(rnd.randint(1, 10)))


cases = []
for name in sorted(actions):
    params = [p['name'] for p in actions[name]]
    required = [p['name'] for p in actions[name] if p['required']]
    cases.append((name, '{}'))
    cases.append((name, '{"self": 1}'))
    cases.append((name, '{"zzz": 1, "self": 2}'))
    for p in params + ['self']:
        for _ in range(2):
            cases.append((name, json.dumps({typo(p): 1})))
    if required:
        cases.append((name, json.dumps({required[-1]: 1})))
        cases.append((name, json.dumps({p: 1 for p in params})))
        cases.append((name, json.dumps({required[0]: 1, 'self': 1})))
    if len(params) > 1:
        cases.append((name, json.dumps({params[0]: 1, typo(params[1]): 1, 'other': 2})))
for name in rnd.sample(sorted(actions), 8):
    for text in ('[]', 'null', '1', '1.5', '"x"', 'true', '[1, 2]'):
        cases.append((name, text))

cases = list(dict.fromkeys(cases))
payload = {'actions': actions, 'cases': cases}
results = {f: pyrun.run(f, CHILD, payload)
           for f in ('py39', 'py313')}
with open(os.path.join(HERE, 'binding_cases.jsonl'), 'w', encoding='utf-8') as f:
    for i, (name, text) in enumerate(cases):
        f.write(json.dumps({'action': name, 'params': text, 'py39': results['py39'][i],
                            'py313': results['py313'][i]}) + '\n')
print(len(cases), 'binding cases')
