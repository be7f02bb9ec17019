#!/usr/bin/env bash
# bench/store_media_rss.sh — peak memory of one large storeMediaFile request against the real binary.
# Prints, per body size: the request body bytes, the server's peak RSS (VmHWM) before and after the
# request, and the ratio (peak - idle) / body and peak / body. A figure, not a test.
#
# Usage: bench/store_media_rss.sh [MiB of decoded media ...]   (default: 37 187 → ~50 MB and ~250 MB
#        bodies; environment BUILD_DIR=<cmake build dir, default ./build>, PORT=<base, default 28765>,
#        ENGINE=<httpEngine, default pistache>)
set -euo pipefail
BUILD_DIR=${BUILD_DIR:-build}
BIN=$BUILD_DIR/src/ankiconnectd
PORT=${PORT:-28765}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(37 187)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ankc-rss-XXXXXX")
trap 'kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
for mib in "${SIZES[@]}"; do
  PORT=$((PORT + 1))  # a fresh port per run: the last one may still be held
  cat >"$WORK/config.yaml" <<YAML
dataDir: $WORK/data
webBindPort: $PORT
maxRequestBytes: 1099511627776
logLevel: error
httpEngine: ${ENGINE:-pistache}
YAML
  "$BIN" serve --config "$WORK/config.yaml" >"$WORK/log" 2>&1 &
  PID=$!
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$PORT" -d '{"action":"version"}' && break; sleep 0.05; done
  kill -0 "$PID" 2>/dev/null || { echo "ankiconnectd did not start:"; cat "$WORK/log"; exit 1; }
  curl -s -o /dev/null "http://127.0.0.1:$PORT" -d '{"action":"deckNames","version":6}'  # opens the collection
  idle=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
  python3 - "$mib" "$WORK/body.json" <<'PY'
import base64, os, sys
mib, out = int(sys.argv[1]), sys.argv[2]
data = os.urandom(mib << 20)
with open(out, 'wb') as f:
    f.write(b'{"action": "storeMediaFile", "version": 6, "params": {"filename": "big.bin", "data": "')
    f.write(base64.b64encode(data))
    f.write(b'"}}')
PY
  body=$(stat -c %s "$WORK/body.json")
  reply=$(curl -s "http://127.0.0.1:$PORT" -H 'Content-Type: application/json' --data-binary @"$WORK/body.json")
  peak=$(awk '/VmHWM/ {print $2}' /proc/$PID/status)
  kill "$PID"; wait "$PID" || true
  rm -rf "$WORK/data" "$WORK/body.json"
  python3 -c "b=$body; p=$peak*1024; i=$idle*1024; print(f'body {b/1e6:.1f} MB  idle peak {i/1e6:.1f} MB  peak {p/1e6:.1f} MB  (peak-idle)/body {(p-i)/b:.2f}  peak/body {p/b:.2f}')"
  echo "  reply: ${reply:0:60}"
done
