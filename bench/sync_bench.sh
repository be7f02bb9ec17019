#!/usr/bin/env bash
# bench/sync_bench.sh — sync figures: builds what it needs, the 100k-note collection (search_bench, as
# bench/run.sh does, kept in $BIG_DIR), then runs bench/sync_bench (see its header for what is timed).
# Prints figures; not a test.
#
# Usage: bench/sync_bench.sh [sync_bench options: --rounds N --counts 1,100,10000 --only normal|full|phases]
#        (environment: BUILD_DIR=<cmake build dir, default ./build-bench>, BIG_DIR=<default $BUILD_DIR/bench-100k>)
# Needs: zstd and cp on PATH.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$REPO/build-bench}"
BIG_DIR="${BIG_DIR:-$BUILD_DIR/bench-100k}"
command -v zstd >/dev/null || { echo "sync_bench: zstd is missing" >&2; exit 1; }

[ -f "$BUILD_DIR/CMakeCache.txt" ] || cmake -S "$REPO" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$BUILD_DIR" --target ankiconnectd sync_bench search_bench -j2 >/dev/null

if [ ! -f "$BIG_DIR/bench.anki2" ]; then
  mkdir -p "$BIG_DIR.tmp"
  out="$(mktemp)"
  "$BUILD_DIR/backends/native/search/search_bench" "$BIG_DIR.tmp" >"$out" 2>&1 &
  sb=$!
  until grep -q '^built ' "$out" 2>/dev/null; do
    kill -0 "$sb" 2>/dev/null || { echo "sync_bench: search_bench failed" >&2; cat "$out" >&2; exit 1; }
    sleep 0.5
  done
  kill "$sb" 2>/dev/null || true; wait "$sb" 2>/dev/null || true
  mkdir -p "$BIG_DIR"
  mv "$BIG_DIR.tmp/bench.anki2" "$BIG_DIR/bench.anki2"; rm -rf "$BIG_DIR.tmp" "$out"
fi

echo "sync_bench on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$BUILD_DIR/bench/sync_bench" --big "$BIG_DIR/bench.anki2" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
