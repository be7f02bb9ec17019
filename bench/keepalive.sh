#!/usr/bin/env bash
# bench/keepalive.sh — what httpKeepAlive buys: `version` requests/s with wrk at 1 and 64 connections,
# one request per connection (the default: every reply says `Connection: close`) against
# `httpKeepAlive: true` (wrk reuses each connection), on both engines. Prints figures; never fails on
# them. Runs are interleaved ROUNDS times and the median is printed, since the machine is shared.
#
# Usage: bench/keepalive.sh   (environment: BUILD_DIR=<cmake build dir with the ankiconnectd target,
#                              default ./build>, DURATION=5s, ROUNDS=3)
# Needs: wrk, curl, python3.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$REPO/build}"
DURATION="${DURATION:-5s}"
ROUNDS="${ROUNDS:-3}"
DAEMON="$BUILD_DIR/src/ankiconnectd"
[ -x "$DAEMON" ] || { echo "bench: build the ankiconnectd target in $BUILD_DIR first" >&2; exit 1; }

source "$REPO/bench/lib.sh"
bench_workdir ankc-keepalive


# start NAME ENGINE KEEPALIVE -> prints the port
start() {
  local name=$1 port
  port="$(free_port)"
  mkdir -p "$WORK/$name/data"
  printf 'webBindPort: %s\ndataDir: %s\nthreads: 2\nlogLevel: error\nwebBacklog: 511\nhttpEngine: %s\nhttpKeepAlive: %s\n' \
    "$port" "$WORK/$name/data" "$2" "$3" >"$WORK/$name/config.yaml"
  "$DAEMON" --config "$WORK/$name/config.yaml" >"$WORK/$name/log" 2>&1 &
  PIDS+=($!)
  wait_ready "$port"
  echo "$port"
}

cat >"$WORK/version.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"action": "version"}'
wrk.headers["Content-Type"] = nil
LUA

rps() {
  local threads=1
  [ "$2" -gt 1 ] && threads=2
  wrk -t"$threads" -c"$2" -d"$DURATION" -s "$WORK/version.lua" "http://127.0.0.1:$1/" | awk '/^Requests\/sec:/ {print $2}'
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

declare -A PORT
for engine in epoll pistache; do
  for keep in false true; do PORT[$engine-$keep]="$(start "$engine-$keep" "$engine" "$keep")"; done
done

printf '%-9s %5s  %14s  %14s  %6s\n' engine conns "close (req/s)" "keep-alive" ratio
for engine in epoll pistache; do
  for conns in 1 64; do
    declare -a closed=() kept=()
    for _ in $(seq 1 "$ROUNDS"); do
      closed+=("$(rps "${PORT[$engine-false]}" "$conns")")
      kept+=("$(rps "${PORT[$engine-true]}" "$conns")")
    done
    c="$(printf '%s\n' "${closed[@]}" | median)"
    k="$(printf '%s\n' "${kept[@]}" | median)"
    printf '%-9s %5s  %14.0f  %14.0f  %5.1fx\n' "$engine" "$conns" "$c" "$k" "$(echo "$k / $c" | bc -l)"
  done
done
