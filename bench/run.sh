#!/usr/bin/env bash
# bench/run.sh — ankiconnectd's speed figures. Prints figures; it is not a test and never fails on them.
#
# What it measures, in one run on this machine:
#   1. `version` throughput (requests/s) and latency (p50, p99) with wrk, at 1 and 64 connections,
#      against ankiconnectd (native backend, default httpEngine epoll), ankiconnectd with
#      `httpEngine: pistache`, and, as the yardstick, nginx serving the same reply; the ratios
#      ankiconnectd/nginx are printed per connection count (taken in the same run, back to back).
#   2. At 64 connections: the default webBacklog 5 (AnkiConnect's) against `webBacklog: 511`
#      (nginx's), to show what the small backlog costs (SYN drops and 1 s retransmits appear as p99
#      spikes and wrk timeouts); `logLevel: info` (one log line per request, to a file) against the
#      `error` level of the other runs; and ankiconnectd in proxy mode in front of a second ankiconnectd.
#   3. Start-up time (exec to first answered request, median of many runs) and idle memory (VmRSS,
#      RssAnon, RssFile, Pss, threads) with bench/startup_bench: on an empty data dir (`version`), and
#      on a 100k-note / 150k-card collection built by backends/native/search/search_bench (`version`,
#      and `deckNames`, which opens the collection).
#
# The request: `POST /` with body {"action": "version"} to both servers (wrk Lua script), whose reply
# body is the 1 byte `6`. nginx answers it with `return 200 '6'` (the `return` directive answers any
# method, so no GET/POST asymmetry is needed) and AnkiConnect's Content-Type and CORS headers.
# ankiconnectd answers one request per connection, as AnkiConnect does, so nginx is configured the
# same way (keepalive_timeout 0): both sides pay a TCP connect per request; both say `Connection:
# close`, so wrk reconnects without counting socket errors (bench/keepalive.sh measures
# `httpKeepAlive: true`, which lets wrk reuse its connections). Both servers run
# with 2 worker threads/processes (ankiconnectd `threads: 2`, nginx worker_processes 2); wrk, the
# servers and everything else on the machine share its cores, so compare the ratio, not the
# absolute numbers, across machines.
#
# Usage: bench/run.sh            (environment: BUILD_DIR=<cmake build dir, default ./build-bench>,
#                                 DURATION=10s, STARTUP_RUNS=30, BIG_DIR=<where the 100k collection
#                                 is kept, default $BUILD_DIR/bench-100k>)
# Needs: the ankiconnectd, startup_bench and search_bench targets (built here if missing), wrk, nginx
# (nginx-light), python3 (to pick free ports).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$REPO/build-bench}"
DURATION="${DURATION:-10s}"
STARTUP_RUNS="${STARTUP_RUNS:-30}"
BIG_DIR="${BIG_DIR:-$BUILD_DIR/bench-100k}"

for tool in wrk nginx python3; do
  command -v "$tool" >/dev/null || [ -x "/usr/sbin/$tool" ] || { echo "bench: $tool is missing" >&2; exit 1; }
done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

if [ ! -x "$BUILD_DIR/src/ankiconnectd" ] || [ ! -x "$BUILD_DIR/bench/startup_bench" ] ||
   [ ! -x "$BUILD_DIR/backends/native/search/search_bench" ]; then
  [ -f "$BUILD_DIR/CMakeCache.txt" ] || cmake -S "$REPO" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" --target ankiconnectd startup_bench search_bench -j2 >/dev/null
fi
DAEMON="$BUILD_DIR/src/ankiconnectd"
STARTUP_BENCH="$BUILD_DIR/bench/startup_bench"

WORK="$(mktemp -d /tmp/ankc-bench.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Waits until `version` is answered on the port (10 s at most).
wait_ready() {
  local port=$1
  for _ in $(seq 1 200); do
    curl -s -m 1 -d '{"action": "version"}' "http://127.0.0.1:$port/" 2>/dev/null | grep -q 6 && return 0
    sleep 0.05
  done
  echo "bench: nothing answers on port $port" >&2; exit 1
}

# start_daemon NAME PORT [extra YAML lines...]: an ankiconnectd with its own config and data dir.
start_daemon() {
  local name=$1 port=$2; shift 2
  mkdir -p "$WORK/$name/data"
  {
    echo "webBindPort: $port"
    echo "dataDir: $WORK/$name/data"
    echo "threads: 2"
    # logLevel error unless the caller sets it (a key may appear only once).
    case " $* " in *"logLevel:"*) ;; *) echo "logLevel: error" ;; esac
    for line in "$@"; do echo "$line"; done
  } >"$WORK/$name/config.yaml"
  "$DAEMON" --config "$WORK/$name/config.yaml" >"$WORK/$name/log" 2>&1 &
  PIDS+=($!)
  wait_ready "$port"
}

start_nginx() {
  local port=$1
  mkdir -p "$WORK/nginx"
  cat >"$WORK/nginx/nginx.conf" <<NGINX
worker_processes 2;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log error;
daemon off;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_timeout 0;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    location / {
      default_type application/json;
      add_header Access-Control-Allow-Origin http://localhost;
      add_header Access-Control-Allow-Headers *;
      return 200 '6';
    }
  }
}
NGINX
  "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/stderr" &
  PIDS+=($!)
  wait_ready "$port"
}

cat >"$WORK/version.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"action": "version"}'
wrk.headers["Content-Type"] = nil
LUA

# run_wrk PORT CONNECTIONS -> "rps p50 p99 errors"
run_wrk() {
  local port=$1 conns=$2 threads=1
  [ "$conns" -gt 1 ] && threads=2
  local out
  out="$(wrk -t"$threads" -c"$conns" -d"$DURATION" --latency -s "$WORK/version.lua" "http://127.0.0.1:$port/")"
  local rps p50 p99 errors
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  errors="$(awk '/Socket errors:/ {sub(/.*Socket errors: /, ""); print}' <<<"$out")"
  [ -z "$errors" ] && errors="none"
  echo "$rps|$p50|$p99|$errors"
}

report() {  # report LABEL CONNS RESULT
  IFS='|' read -r rps p50 p99 errors <<<"$3"
  printf '%-28s c=%-3s %10s req/s   p50 %-9s p99 %-9s socket errors: %s\n' "$1" "$2" "$rps" "$p50" "$p99" "$errors"
}

echo "bench: $(nproc) cores, $(uname -r), wrk $DURATION per run, $(date -u +%FT%TZ)"
echo "bench: reply body check: ankiconnectd and nginx must both answer '6'"

ANKC_PORT="$(free_port)"; start_daemon native "$ANKC_PORT" "backend: native" "httpEngine: epoll"
PIST_PORT="$(free_port)"; start_daemon pistache "$PIST_PORT" "backend: native" "httpEngine: pistache"
NGINX_PORT="$(free_port)"; start_nginx "$NGINX_PORT"
a_body="$(curl -s -d '{"action": "version"}' "http://127.0.0.1:$ANKC_PORT/")"
n_body="$(curl -s -d '{"action": "version"}' "http://127.0.0.1:$NGINX_PORT/")"
[ "$a_body" = "6" ] && [ "$n_body" = "6" ] || { echo "bench: bodies differ: '$a_body' vs '$n_body'" >&2; exit 1; }

ratio() {  # ratio LABEL CONNS A N
  awk -v a="${3%%|*}" -v n="${4%%|*}" -v c="$2" -v l="$1" 'BEGIN { printf "%-28s c=%-3s %10.2f\n", l, c, a / n }'
}

for conns in 1 64; do
  a="$(run_wrk "$ANKC_PORT" "$conns")"; report "ankiconnectd (epoll)" "$conns" "$a"
  p="$(run_wrk "$PIST_PORT" "$conns")"; report "ankiconnectd (pistache)" "$conns" "$p"
  n="$(run_wrk "$NGINX_PORT" "$conns")"; report "nginx return 200 '6'" "$conns" "$n"
  ratio "ratio epoll/nginx" "$conns" "$a" "$n"
  ratio "ratio pistache/nginx" "$conns" "$p" "$n"
done

WIDE_PORT="$(free_port)"; start_daemon wide "$WIDE_PORT" "backend: native" "webBacklog: 511"
report "ankiconnectd (pistache) webBacklog 511" 64 "$(run_wrk "$WIDE_PORT" 64)"
report "ankiconnectd (pistache) webBacklog 5" 64 "$(run_wrk "$PIST_PORT" 64)"

INFO_PORT="$(free_port)"; start_daemon info "$INFO_PORT" "backend: native" "logLevel: info"
report "ankiconnectd logLevel info" 64 "$(run_wrk "$INFO_PORT" 64)"
echo "(logLevel info wrote $(wc -l <"$WORK/info/log") log lines)"

PROXY_PORT="$(free_port)"
start_daemon proxy "$PROXY_PORT" "backend: proxy" "upstreamUrl: http://127.0.0.1:$ANKC_PORT"
report "proxy -> ankiconnectd" 64 "$(run_wrk "$PROXY_PORT" 64)"

echo "start-up and idle memory, empty data dir:"
mkdir -p "$WORK/startup/data"
printf 'dataDir: %s\nthreads: 2\nlogLevel: error\n' "$WORK/startup/data" >"$WORK/startup/config.yaml"
"$STARTUP_BENCH" --runs "$STARTUP_RUNS" --idle-ms 1000 -- "$DAEMON" --config "$WORK/startup/config.yaml"

# The 100k-note collection: search_bench builds it once (then times its searches, which we skip).
if [ ! -f "$BIG_DIR/bench.anki2" ]; then
  mkdir -p "$BIG_DIR"
  "$BUILD_DIR/backends/native/search/search_bench" "$BIG_DIR.tmp" >"$WORK/search_bench.out" 2>&1 &
  sb=$!
  until grep -q '^built ' "$WORK/search_bench.out" 2>/dev/null; do
    kill -0 "$sb" 2>/dev/null || { echo "bench: search_bench failed" >&2; cat "$WORK/search_bench.out" >&2; exit 1; }
    sleep 0.2
  done
  kill "$sb" 2>/dev/null || true; wait "$sb" 2>/dev/null || true
  mv "$BIG_DIR.tmp/bench.anki2" "$BIG_DIR/bench.anki2"; rm -rf "$BIG_DIR.tmp"
fi
mkdir -p "$WORK/big/data"
cp "$BIG_DIR/bench.anki2" "$WORK/big/data/collection.anki2"
printf 'dataDir: %s\nthreads: 2\nlogLevel: error\n' "$WORK/big/data" >"$WORK/big/config.yaml"
echo "start-up and idle memory, 100k notes / 150k cards ($(du -h "$WORK/big/data/collection.anki2" | cut -f1)):"
"$STARTUP_BENCH" --runs "$STARTUP_RUNS" --idle-ms 1000 -- "$DAEMON" --config "$WORK/big/config.yaml"
"$STARTUP_BENCH" --runs "$STARTUP_RUNS" --idle-ms 1000 --body '{"action": "deckNames"}' -- "$DAEMON" --config "$WORK/big/config.yaml"
