#!/usr/bin/env python3
"""Regenerates conformance/known-divergences from a replay of the whole corpus against the native backend.

  ankiconnectd replay conformance/cassettes --known-divergences /dev/null > /tmp/replay.txt
  python3 conformance/gen/list_divergences.py /tmp/replay.txt            # print the new list
  python3 conformance/gen/list_divergences.py /tmp/replay.txt --write    # rewrite conformance/known-divergences

A failing exchange whose reply says "<action> is not served by the native backend yet" becomes
"not implemented yet (<action>)" with the issue that brings that action (ISSUE_OF below). Every other
failure needs a reviewed reason: the entries of the current list whose reason does not start with
"not implemented yet" are kept while their exchange still fails; failures with no reviewed entry are
printed to stderr ("look at it") and must be judged by hand (server bug, or wrong expectation?).
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
LIST = os.path.join(HERE, "..", "known-divergences")
CASSETTES = os.path.join(HERE, "..", "cassettes")

ENGINE_I = "Native engine I: Anki collection storage, note types, decks and deck options"
ENGINE_II = "Native engine II: notes, cards, tags, media and card rendering"
ENGINE_III = "Native engine III: Anki's search language, complete"
FOUNDATION = "Foundation"
NO_ISSUE = "no issue yet"

GROUPS = {
    ENGINE_I: "createDeck deckNames deckNamesAndIds deckNameFromId getDecks changeDeck deleteDecks getDeckStats "
              "getDeckConfig saveDeckConfig setDeckConfigId cloneDeckConfigId removeDeckConfigId "
              "modelNames modelNamesAndIds findModelsById findModelsByName modelNameFromId modelFieldNames "
              "modelFieldDescriptions modelFieldFonts modelFieldsOnTemplates createModel modelTemplates modelStyling "
              "updateModelTemplates updateModelStyling findAndReplaceInModels modelTemplateRename "
              "modelTemplateReposition modelTemplateAdd modelTemplateRemove modelFieldRename modelFieldReposition "
              "modelFieldAdd modelFieldRemove modelFieldSetFont modelFieldSetFontSize modelFieldSetDescription "
              "getProfiles getActiveProfile loadProfile reloadCollection guiCheckDatabase guiDeckOverview "
              "guiDeckReview guiDeckBrowser",
    ENGINE_II: "addNote addNotes canAddNote canAddNotes canAddNoteWithErrorDetail canAddNotesWithErrorDetail "
               "updateNoteFields updateNote updateNoteModel updateNoteTags getNoteTags addTags removeTags getTags "
               "clearUnusedTags replaceTags replaceTagsInAllNotes notesInfo notesModTime deleteNotes removeEmptyNotes "
               "getEaseFactors setEaseFactors setSpecificValueOfCard suspend unsuspend suspended areSuspended "
               "cardsToNotes cardsModTime cardsInfo storeMediaFile retrieveMediaFile getMediaFilesNames "
               "getMediaDirPath deleteMediaFile guiAddCards guiEditNote",
    ENGINE_III: "findNotes findCards guiBrowse",
    FOUNDATION: "version requestPermission multi apiReflect",
    NO_ISSUE: "areDue getIntervals answerCards setDueDate forgetCards relearnCards getNumCardsReviewedToday "
              "getNumCardsReviewedByDay getCollectionStatsHTML cardReviews getReviewsOfCards getLatestReviewID "
              "insertReviews exportPackage importPackage sync guiReviewActive guiCurrentCard guiStartCardTimer "
              "guiShowQuestion guiShowAnswer guiAnswerCard guiPlayAudio guiUndo guiImportFile guiExitAnki "
              "guiSelectedNotes guiSelectCard guiSelectNote",
}
ISSUE_OF = {action: issue for issue, names in GROUPS.items() for action in names.split()}

HEADER = """\
# Known divergences: exchanges of conformance/cassettes that ankiconnectd does not answer like AnkiConnect
# yet. One reviewed entry per exchange: "<cassette>/<exchange> | reason | issue" ('*' globs allowed).
# The replayer prints a FIXED line when a listed exchange passes: delete its entry then.
# Regenerate with conformance/gen/list_divergences.py (see its docstring) from a replay of a fresh build:
# "not implemented yet (<action>)" entries come from replies saying the action is not served yet, and
# name the issue that brings the action (engine I: decks, deck options, notetypes, profiles; engine II:
# notes, cards, tags, media, rendering; engine III: search; "no issue yet": scheduling, stats, packages,
# sync, reviewer GUI). Other entries are reviewed by hand and kept while they still fail.
"""


def request_of(exchange_id, cache={}):
    stem, name = exchange_id.split("/", 1)
    if stem not in cache:
        cache[stem] = {}
        path = os.path.join(CASSETTES, stem + ".jsonl")
        for i, line in enumerate(open(path, encoding="utf-8")):
            if i and line.strip() and not line.startswith("#"):
                x = json.loads(line)
                cache[stem][x["name"]] = x
    x = cache[stem].get(name)
    try:
        return json.loads(x["request"]["body"])
    except Exception:
        return {}


def unserved_action(exchange_id, line):
    """The action a failure is waiting for, or None when the failure is something else."""
    m = re.search(r'"error": "(\w+) is not served', line)
    if m:
        return m.group(1)
    m = re.search(r'"error": "([^"…]*)…', line)  # the report cut the text: compare what is left
    if m:
        req = request_of(exchange_id)
        actions = [req.get("action")] if isinstance(req, dict) else []
        if isinstance(req, dict) and isinstance(req.get("params"), dict):
            actions += [a.get("action") for a in req["params"].get("actions") or [] if isinstance(a, dict)]
        for action in actions:
            if isinstance(action, str) and f"{action} is not served by the native backend yet".startswith(m.group(1)):
                return action
    return None


def issue_for(exchange_id, action):
    if action == "notesInfo":
        req = request_of(exchange_id)
        if isinstance(req, dict) and isinstance(req.get("params"), dict) and req["params"].get("query") is not None:
            return ENGINE_III
    return ISSUE_OF.get(action, NO_ISSUE)


def reviewed_entries():
    """Hand-written entries of the current list (reason not 'not implemented yet')."""
    kept = []
    if os.path.exists(LIST):
        for line in open(LIST, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) == 3 and not parts[1].startswith("not implemented yet"):
                kept.append(parts)
    return kept


def glob_match(pattern, name):
    return re.fullmatch(".*".join(re.escape(p) for p in pattern.split("*")), name) is not None


def main():
    failing = []
    for line in open(sys.argv[1], encoding="utf-8"):
        m = re.match(r"^(FAIL|KNOWN) +(\S+?):? ", line)
        if m:
            failing.append((m.group(2), line))
    reviewed = reviewed_entries()
    out, unjudged = [], []
    used = set()
    first_unserved = {}  # cassette -> (action, issue) of its first exchange that is not served yet
    for exchange_id, line in failing:
        stem = exchange_id.split("/", 1)[0]
        hand = [e for e in reviewed if glob_match(e[0], exchange_id)]
        if hand:
            used.add(hand[0][0])
            continue
        action = unserved_action(exchange_id, line)
        if action is not None:
            issue = issue_for(exchange_id, action)
            first_unserved.setdefault(stem, (action, issue))
            out.append(f"{exchange_id:<62} | not implemented yet ({action}) | {issue}")
        elif stem in first_unserved:
            # The conversation already missed an object an unserved action should have created or changed.
            action, issue = first_unserved[stem]
            out.append(f"{exchange_id:<62} | not implemented yet ({action}, earlier in the cassette; "
                       f"this exchange depends on its effect) | {issue}")
        else:
            unjudged.append(exchange_id)
    text = HEADER + "\n".join(out) + "\n"
    kept = [e for e in reviewed if e[0] in used]
    if kept:
        text += "# Reviewed by hand: failures that are not (only) a missing action.\n"
        text += "".join(f"{e[0]:<62} | {e[1]} | {e[2]}\n" for e in kept)
    for exchange_id in unjudged:
        print(f"# {exchange_id}: not an unimplemented action, look at it", file=sys.stderr)
    if "--write" in sys.argv[2:]:
        with open(LIST, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
