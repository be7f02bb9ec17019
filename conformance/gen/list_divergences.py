#!/usr/bin/env python3
"""Turns a replay report into known-divergences entries for exchanges the native backend does not serve
yet ("<action> is not served by the native backend yet"). Review the output before adding it to the list.

  ankiconnectd replay conformance/cassettes --known-divergences /dev/null > /tmp/replay.txt
  python3 conformance/gen/list_divergences.py /tmp/replay.txt
"""
import json
import os
import re
import sys

SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "spec", "ankiconnect-actions.json")
# Which engine issue brings each action category (see the issue list).
ISSUE = {"decks": "Native engine I", "notes": "Native engine I", "misc": "Native engine I",
         "cards": "Native engine II", "models": "Native engine II", "media": "Native engine II",
         "statistics": "Native engine III", "stats": "Native engine III", "graphical": "Native engine III"}


def request_action(exchange_id):
    """The top-level action of an exchange's request, read from its cassette."""
    stem, name = exchange_id.split("/", 1)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cassettes", stem + ".jsonl")
    for line in open(path, encoding="utf-8"):
        x = json.loads(line)
        if x.get("name") == name:
            return json.loads(x["request"]["body"]).get("action", "?")
    return "?"


def main():
    actions = json.load(open(SPEC, encoding="utf-8"))
    for line in open(sys.argv[1], encoding="utf-8"):
        m = re.match(r"^(FAIL|KNOWN) (\S+?):? ", line)
        if not m:
            continue
        served = re.search(r'"error": "(\w+) is\b', line)
        if served:
            action = served.group(1)
        elif "is not served" in line or re.search(r'"error": "\w+( i| is)?…', line):
            action = request_action(m.group(2))  # the name was cut by the report's context
        else:
            print(f"# {m.group(2)}: not an unimplemented action, look at it", file=sys.stderr)
            continue
        category = actions.get(action, {}).get("category", "?")
        print(f"{m.group(2):<58} | not implemented yet ({action}) | {ISSUE.get(category, 'Native engine ?')}")


if __name__ == "__main__":
    main()
