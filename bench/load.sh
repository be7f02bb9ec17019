#!/usr/bin/env bash
# bench/load.sh — ankiconnectd under many clients at once (issue 11): runs bench/load_bench ROUNDS times,
# the experiments interleaved within each round, and prints the median (min–max) of each figure.
# Prints figures; it is not a test and never fails on them.
#
# Experiments (each on a fresh copy of the collection, the server started from DAEMON):
#   mixed        64 clients, addNote/findNotes(added:1)/notesInfo(10 ids)/updateNoteFields in equal
#                shares, RUN_SECONDS s: ops/s, p50/p99 per action, server CPU (cores), errors, `version` p99
#                during the load, then SIGKILL + restart and a check of every acknowledged write;
#   version      `version` p99 idle (IDLE_SECONDS) against its p99 while 16 clients run
#                findNotes(deck:*) (100k ids each), as a ratio within the same run; as root, once more
#                with the probe at SCHED_FIFO (load_bench --probe-fifo), which leaves out the probe's own
#                wait for a core that the load keeps busy;
#   readonly     16 clients, findNotes(tag:marked)/notesInfo, with the server pinned by taskset to one
#                core (cpu 0) and then to two (cpus 0,1): ops/s at 1 and 2 cores and their ratio.
# The clients run unpinned in this process, so on a 2-core machine they share the cores with the server.
#
# Usage: bench/load.sh [experiment...]   (default: mixed version readonly)
#   environment: DAEMON=<ankiconnectd binary, default $BUILD_DIR/src/ankiconnectd>
#                BUILD_DIR=<cmake build dir holding bench/load_bench, default ./build>
#                COLLECTION=<collection file, default $BUILD_DIR/bench-100k/bench.anki2 (search_bench)>
#                ROUNDS=3  RUN_SECONDS=30  IDLE_SECONDS=5  CLIENTS=64  EXTRA='--config "threads: 4"' (passed on)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$REPO/build}"
DAEMON="${DAEMON:-$BUILD_DIR/src/ankiconnectd}"
COLLECTION="${COLLECTION:-$BUILD_DIR/bench-100k/bench.anki2}"
ROUNDS="${ROUNDS:-3}"
RUN_SECONDS="${RUN_SECONDS:-30}"  # (bash's own $SECONDS is the shell's age)
IDLE_SECONDS="${IDLE_SECONDS:-5}"
CLIENTS="${CLIENTS:-64}"
EXTRA="${EXTRA:-}"
EXPERIMENTS=("$@")
[ ${#EXPERIMENTS[@]} -eq 0 ] && EXPERIMENTS=(mixed version readonly)

LOAD_BENCH="$BUILD_DIR/bench/load_bench"
[ -x "$LOAD_BENCH" ] || cmake --build "$BUILD_DIR" --target load_bench -j2 >/dev/null
[ -x "$DAEMON" ] || { echo "bench: no ankiconnectd at $DAEMON" >&2; exit 1; }
if [ ! -f "$COLLECTION" ]; then
  echo "bench: building the 100k-note collection with search_bench" >&2
  cmake --build "$BUILD_DIR" --target search_bench -j2 >/dev/null
  mkdir -p "$(dirname "$COLLECTION")"
  "$BUILD_DIR/backends/native/search/search_bench" "$(dirname "$COLLECTION")" >/dev/null
  [ -f "$(dirname "$COLLECTION")/bench.anki2" ] && [ "$(dirname "$COLLECTION")/bench.anki2" != "$COLLECTION" ] &&
    mv "$(dirname "$COLLECTION")/bench.anki2" "$COLLECTION"
fi

OUT="$(mktemp /tmp/ankc-load.XXXXXX)"
trap 'rm -f "$OUT"' EXIT

echo "load: $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "load: binary $DAEMON, commit $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?'), collection $COLLECTION"
echo "load: $ROUNDS rounds of: ${EXPERIMENTS[*]}; $RUN_SECONDS s per run"

run() {  # run LABEL load_bench-args...
  local label=$1; shift
  # shellcheck disable=SC2086
  "$LOAD_BENCH" --binary "$DAEMON" --collection "$COLLECTION" --label "$label" "$@" $EXTRA | tee -a "$OUT" |
    grep -v '^RESULT' | sed 's/^/  /' >&2
}

for round in $(seq 1 "$ROUNDS"); do
  echo "load: round $round/$ROUNDS" >&2
  for e in "${EXPERIMENTS[@]}"; do
    case "$e" in
      mixed) run mixed --mode mixed --clients "$CLIENTS" --seconds "$RUN_SECONDS" ;;
      version)
        run version --mode version-under-find --clients 16 --seconds "$RUN_SECONDS" --idle-seconds "$IDLE_SECONDS"
        # The same with the probe at SCHED_FIFO (root only): the server's answer time without the probe's
        # own wait for a core on a machine whose cores the load keeps busy (see load_bench --probe-fifo).
        if [ "$(id -u)" = 0 ]; then
          run version-fifo --mode version-under-find --clients 16 --seconds "$RUN_SECONDS" \
            --idle-seconds "$IDLE_SECONDS" --probe-fifo
        fi ;;
      readonly)
        run readonly-1core --mode mixed --clients 16 --seconds "$RUN_SECONDS" --mix findNotes:1,notesInfo:1 \
          --find-query tag:marked --cpus 0 --no-verify
        run readonly-2cores --mode mixed --clients 16 --seconds "$RUN_SECONDS" --mix findNotes:1,notesInfo:1 \
          --find-query tag:marked --cpus 0,1 --no-verify ;;
      *) echo "bench: unknown experiment $e" >&2; exit 2 ;;
    esac
  done
done

python3 - "$OUT" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    if not line.startswith("RESULT "): continue
    kv = dict(f.split("=", 1) for f in line.split()[1:])
    runs.setdefault(kv["label"], []).append(kv)
def fig(vals, d=1):
    return f"{statistics.median(vals):,.{d}f} ({min(vals):,.{d}f}–{max(vals):,.{d}f})"
def col(label, key):
    return [float(r[key]) for r in runs.get(label, []) if key in r]
print("median (min–max) over rounds")
if "mixed" in runs:
    print("mixed load, 64 clients:")
    for a in ("addNote", "findNotes", "notesInfo", "updateNoteFields"):
        if col("mixed", a + "_ops"):
            print(f"  {a:18} ops/s {fig(col('mixed', a + '_ops')):>26}   p50 ms {fig(col('mixed', a + '_p50'), 2):>26}"
                  f"   p99 ms {fig(col('mixed', a + '_p99'), 2):>28}")
    print(f"  total ops/s {fig(col('mixed', 'ops'))}, server CPU {fig(col('mixed', 'cores'), 2)} cores,"
          f" errors {sum(col('mixed', 'errors')):.0f}, version during load p99 {fig(col('mixed', 'version_p99'), 2)} ms")
    if col("mixed", "verified"):
        print(f"  acknowledged writes checked after SIGKILL + restart: {sum(col('mixed', 'verified')):.0f},"
              f" missing or wrong: {sum(col('mixed', 'lost')):.0f}")
if "version" in runs:
    print("version under 16 clients of findNotes(deck:*):")
    for label, what in (("version", "probe at normal priority"), ("version-fifo", "probe at SCHED_FIFO")):
        if label in runs:
            print(f"  {what}: p99 idle {fig(col(label, 'idle_p99'), 2)} ms, under load {fig(col(label, 'load_p99'), 2)} ms,"
                  f" ratio {fig(col(label, 'ratio_p99'), 2)}x; findNotes {fig(col(label, 'find_ops'))} ops/s")
if "readonly-1core" in runs and "readonly-2cores" in runs:
    one, two = col("readonly-1core", "ops"), col("readonly-2cores", "ops")
    ratios = [b / a for a, b in zip(one, two) if a > 0]
    print("read-only mix (findNotes tag:marked + notesInfo), 16 clients:")
    print(f"  1 core {fig(one)} ops/s ({fig(col('readonly-1core', 'cores'), 2)} cores used), 2 cores {fig(two)} ops/s"
          f" ({fig(col('readonly-2cores', 'cores'), 2)} cores used), ratio {fig(ratios, 2)}x;"
          f" errors {sum(col('readonly-1core', 'errors')) + sum(col('readonly-2cores', 'errors')):.0f}")
PY
