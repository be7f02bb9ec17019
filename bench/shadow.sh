#!/usr/bin/env bash
# bench/shadow.sh — what shadow mode costs the primary's answers (issue 12: "p99 within 10% with and
# without shadow"). Prints figures; never fails on them.
#
# Four ankiconnectd daemons, each on its own data dir seeded by the same requests (2,000 Basic notes
# in deck "Bench", 20 tags): "plain" (no shadow), "primary" (`shadow: {url: <shadow>}`, the default
# `actions: readonly`, sampleRate 1), "rate0" (the same with `sampleRate: 0`: the request path of shadow
# mode — the primary's answer through a Web, the read-only check — without the mirroring, so without
# the mirror thread and the shadow competing for the cores) and "shadow" (the target, with an admin
# listener whose /metrics count the requests it received). wrk sends the same read-only mix to plain,
# rate0 and primary in turn, ROUNDS times (interleaved), in two scenarios:
#   paced      4 connections, each waiting PACE_MS between requests (below saturation: the request
#              path's latency, with the mirror thread and the shadow working beside it)
#   saturated  8 connections, no pause (the machine's cores are the limit: shows what the shadow's
#              work takes from the primary when they share them, and whether the mirror queue drops)
# The mix (one request each, in turn): version, deckNames, deckNamesAndIds, modelNames, getTags,
# findNotes `deck:Bench tag:t3`, findCards `deck:Bench`, notesInfo {query: `deck:Bench tag:t7`} (100
# notes), getDeckStats [Bench]. Every reply is checked for `"error": null` once before timing.
#
# Per scenario: p50, p90 and p99 (wrk --latency) and requests/s, median (min–max) over the rounds; the p99
# ratio to plain per round, median (min–max); requests the shadow received against requests wrk
# sent to the primary, counted once the mirror queue has drained (the rest were not mirrored: the
# queue was full, 1,000 waiting); divergences recorded.
#
# Usage: bench/shadow.sh   (environment: BUILD_DIR=<cmake build dir with the ankiconnectd target,
#                           default ./build>, DURATION=5s, ROUNDS=5, PACE_MS=2, SHADOW_IDLE=1: the
#                           shadow target under `chrt --idle 0`; 0: at normal priority)
# Needs: wrk, curl, python3.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$REPO/build}"
DURATION="${DURATION:-5s}"
ROUNDS="${ROUNDS:-5}"
PACE_MS="${PACE_MS:-2}"
DAEMON="$BUILD_DIR/src/ankiconnectd"
[ -x "$DAEMON" ] || { echo "bench: build the ankiconnectd target in $BUILD_DIR first" >&2; exit 1; }
for tool in wrk curl python3; do command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }; done

source "$REPO/bench/lib.sh"
bench_workdir ankc-shadow-bench


post() { curl -s -m 30 -d "$2" "http://127.0.0.1:$1/"; }

# start NAME PORT [extra YAML lines]: a daemon with its own config and data dir.
start() {
  local name=$1 port=$2; shift 2
  mkdir -p "$WORK/$name/data"
  {
    printf 'webBindPort: %s\ndataDir: %s\nthreads: 2\nlogLevel: warn\nwebBacklog: 511\n' "$port" "$WORK/$name/data"
    for line in "$@"; do printf '%s\n' "$line"; done
  } >"$WORK/$name/config.yaml"
  local run=()
  # The shadow target runs at idle priority (SHADOW_IDLE=1, the default; README "Shadow mode"): it
  # then only takes CPU the primary leaves free, as a shadow beside a primary on one machine should.
  if [ "$name" = shadow ] && [ "${SHADOW_IDLE:-1}" = 1 ]; then run=(chrt --idle 0); fi
  "${run[@]}" "$DAEMON" --config "$WORK/$name/config.yaml" >"$WORK/$name/log" 2>&1 &
  PIDS+=($!)
  wait_ready "$port"
}

# The same notes in every collection (ids and mod times differ, which the volatile rules allow).
seed() {
  post "$1" '{"action": "createDeck", "version": 6, "params": {"deck": "Bench"}}' >/dev/null
  python3 - "$WORK/seed" <<'PY'
import json, sys
for batch in range(4):
    notes = [{"deckName": "Bench", "modelName": "Basic",
              "fields": {"Front": f"front {n} " + "lorem ipsum " * 4, "Back": f"back {n}"},
              "tags": [f"t{n % 20}", "bench"]} for n in range(batch * 500, batch * 500 + 500)]
    with open(f"{sys.argv[1]}.{batch}", "w") as f:
        json.dump({"action": "addNotes", "version": 6, "params": {"notes": notes}}, f)
PY
  for batch in 0 1 2 3; do
    curl -s -m 60 --data-binary @"$WORK/seed.$batch" "http://127.0.0.1:$1/" | grep -q '"error": null' ||
      { echo "bench: seeding port $1 failed" >&2; exit 1; }
  done
}

SHADOW_PORT="$(free_port)"
SHADOW_ADMIN="$(free_port)"
PLAIN_PORT="$(free_port)"
PRIMARY_PORT="$(free_port)"
RATE0_PORT="$(free_port)"
start shadow "$SHADOW_PORT" "adminBindPort: $SHADOW_ADMIN"
start plain "$PLAIN_PORT"
start primary "$PRIMARY_PORT" "shadow:" "  url: http://127.0.0.1:$SHADOW_PORT" "  out: $WORK/divergences.jsonl"
start rate0 "$RATE0_PORT" "shadow:" "  url: http://127.0.0.1:$SHADOW_PORT" "  out: $WORK/rate0.jsonl" "  sampleRate: 0"
for port in "$SHADOW_PORT" "$PLAIN_PORT" "$PRIMARY_PORT" "$RATE0_PORT"; do seed "$port"; done

BODIES=(
  '{"action": "version", "version": 6}'
  '{"action": "deckNames", "version": 6}'
  '{"action": "deckNamesAndIds", "version": 6}'
  '{"action": "modelNames", "version": 6}'
  '{"action": "getTags", "version": 6}'
  '{"action": "findNotes", "version": 6, "params": {"query": "deck:Bench tag:t3"}}'
  '{"action": "findCards", "version": 6, "params": {"query": "deck:Bench"}}'
  '{"action": "notesInfo", "version": 6, "params": {"query": "deck:Bench tag:t7"}}'
  '{"action": "getDeckStats", "version": 6, "params": {"decks": ["Bench"]}}'
)
for body in "${BODIES[@]}"; do
  for port in "$PLAIN_PORT" "$PRIMARY_PORT" "$RATE0_PORT"; do
    post "$port" "$body" | grep -q '"error": null' || { echo "bench: $body fails on port $port" >&2; exit 1; }
  done
done

{
  echo 'local bodies = {'
  for body in "${BODIES[@]}"; do printf '  [==[%s]==],\n' "$body"; done
  echo '}'
  cat <<LUA
local i = 0
wrk.headers["Content-Type"] = nil
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/", nil, bodies[i])
end
LUA
} >"$WORK/mix.lua"
cp "$WORK/mix.lua" "$WORK/paced.lua"
printf 'delay = function() return %s end\n' "$PACE_MS" >>"$WORK/paced.lua"

# What the shadow has received so far (its requests_total over all actions and outcomes).
shadow_requests() {
  curl -s -m 5 "http://127.0.0.1:$SHADOW_ADMIN/metrics" |
    awk '/^ankiconnectd_requests_total\{/ {sum += $NF} END {printf "%d\n", sum}'
}

# run SCENARIO PORT -> one line: p50_ms p90_ms p99_ms rps requests
run() {
  local script=$WORK/mix.lua conns=8
  if [ "$1" = paced ]; then script=$WORK/paced.lua; conns=4; fi
  wrk -t2 -c"$conns" -d"$DURATION" --latency -s "$script" "http://127.0.0.1:$2/" | python3 -c '
import re, sys
text = sys.stdin.read()
def ms(v, unit): return float(v) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
p = {m.group(1): ms(m.group(2), m.group(3)) for m in re.finditer(r"^\s*(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)}
rps = re.search(r"^Requests/sec:\s+([\d.]+)", text, re.M).group(1)
n = re.search(r"^\s*(\d+) requests in", text, re.M).group(1)
print(p["50"], p["90"], p["99"], rps, n)'
}

RESULTS="$WORK/results"
: >"$RESULTS"
for round in $(seq 1 "$ROUNDS"); do
  for scenario in paced saturated; do
    echo "$scenario $round plain $(run "$scenario" "$PLAIN_PORT") 0" >>"$RESULTS"
    echo "$scenario $round rate0 $(run "$scenario" "$RATE0_PORT") 0" >>"$RESULTS"
    before="$(shadow_requests)"
    line="$(run "$scenario" "$PRIMARY_PORT")"
    # Let the mirror queue drain (the count stops growing) before counting what reached the shadow.
    last=-1 now="$(shadow_requests)"
    for _ in $(seq 1 50); do
      [ "$now" = "$last" ] && break
      sleep 0.3
      last=$now now="$(shadow_requests)"
    done
    echo "$scenario $round primary $line $(($(shadow_requests) - before))" >>"$RESULTS"
  done
  echo "bench: round $round of $ROUNDS done" >&2
done
DIVERGENCES="$(grep -c '"request"' "$WORK/divergences.jsonl" || true)"

python3 - "$RESULTS" "$DIVERGENCES" "$ROUNDS" "$DURATION" "$PACE_MS" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
divergences, rounds, duration, pace = sys.argv[2:6]
def fmt(values, digits=2):
    m = statistics.median(values)
    return f"{m:.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"
print(f"{rounds} interleaved rounds of {duration} per side; median (min–max) over the rounds")
print("| scenario | server | p50 ms | p90 ms | p99 ms | req/s | p99 ratio to no shadow (per round) | mirrored / sent |")
print("|---|---|---|---|---|---|---|---|")
for scenario in ("paced", "saturated"):
    sides = ("plain", "rate0", "primary")
    by = {side: {int(r[1]): r for r in rows if r[0] == scenario and r[2] == side} for side in sides}
    label = f"{scenario} ({'4 conns, ' + pace + ' ms pause' if scenario == 'paced' else '8 conns, no pause'})"
    for side in sides:
        ratios = [float(by[side][k][5]) / float(by["plain"][k][5]) for k in by["plain"] if k in by[side]]
        r = list(by[side].values())
        p50, p90, p99, rps = ([float(x[i]) for x in r] for i in (3, 4, 5, 6))
        sent = sum(int(x[7]) for x in r); got = sum(int(x[8]) for x in r)
        ratio = fmt(ratios, 3) if side != "plain" else ""
        mirrored = f"{got:,} / {sent:,}" if side == "primary" else ""
        name = {"plain": "no shadow", "rate0": "shadow, sampleRate 0", "primary": "shadow, sampleRate 1"}[side]
        print(f"| {label} | {name} | {fmt(p50)} | {fmt(p90)} | {fmt(p99)} | {fmt(rps, 0)} | {ratio} | {mirrored} |")
print(f"divergences recorded by the primary: {divergences}")
PY
