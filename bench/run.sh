#!/usr/bin/env bash
# bench/run.sh — ankiconnectd's HTTP speed figures against nginx. Prints figures; it is not a test and
# never fails on them.
#
# What it measures, in one run on this machine:
#   1. `version` throughput (requests/s) and latency (p50, p99) at 1 and 64 connections, with two
#      clients (wrk and ab), against ankiconnectd with `httpEngine: epoll` (the default in
#      src/config.cc), ankiconnectd with `httpEngine: pistache`, and nginx serving the same reply.
#      ROUNDS rounds, each running every (client, connections, server) combination once in turn, so a
#      slow moment of the shared machine hits all servers alike; each row prints the median and the
#      range (min–max) over the rounds, and the ratio to nginx is the median of the per-round ratios.
#   2. At 64 connections (wrk): `webBacklog: 5` (AnkiConnect's default, dropped SYNs show as 1 s
#      retransmits in p99) against the 511 used everywhere else; `logLevel: info` (a log line per
#      request); ankiconnectd in proxy mode in front of a second ankiconnectd. Epoll engine.
#   3. Start-up time and idle memory with bench/startup_bench (empty data dir; the 100k-note / 150k-card
#      collection built by backends/native/search/search_bench, `version` and `deckNames`).
#
# Same conditions on both sides:
#   - the request is `POST /` with the body {"action": "version", "version": 6}; the reply body is
#     {"result": 6, "error": null} from both servers (checked before measuring), with AnkiConnect's
#     Content-Type and CORS headers (nginx: `return 200` plus add_header);
#   - one request per connection: ankiconnectd answers with `Connection: close` as AnkiConnect does,
#     nginx has `keepalive_timeout 0`; wrk reconnects, ab never asks for keep-alive;
#   - the same listen backlog (BACKLOG, default 511: ankiconnectd `webBacklog`, nginx `listen ...
#     backlog=`) and the same number of workers (WORKERS, default 2: ankiconnectd `threads`, nginx
#     `worker_processes`);
#   - logging off (ankiconnectd `logLevel: error`, nginx `access_log off`).
# The clients, the servers and everything else share the machine's cores: compare ratios, not absolute
# numbers, across machines. ab prints latency percentiles in whole milliseconds.
#
# Usage: bench/run.sh
#   environment: DAEMON=<ankiconnectd binary to measure, default $BUILD_DIR/src/ankiconnectd>
#                BUILD_DIR=<cmake build dir for startup_bench and search_bench, default ./build>
#                DURATION=5 (seconds per run)  ROUNDS=3  WORKERS=2  BACKLOG=511  STARTUP_RUNS=30
#                BIG_DIR=<where the 100k collection is kept, default $BUILD_DIR/bench-100k>
#                SKIP_STARTUP=1 (only parts 1 and 2)
# Needs: wrk, ab (apache2-utils), nginx (nginx-light), curl, python3; the startup_bench and
# search_bench targets (built here if missing).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${BUILD_DIR:-$REPO/build}"
DAEMON="${DAEMON:-$BUILD_DIR/src/ankiconnectd}"
DURATION="${DURATION:-5}"
ROUNDS="${ROUNDS:-3}"
WORKERS="${WORKERS:-2}"
BACKLOG="${BACKLOG:-511}"
STARTUP_RUNS="${STARTUP_RUNS:-30}"
BIG_DIR="${BIG_DIR:-$BUILD_DIR/bench-100k}"
DURATION="${DURATION%s}"

for tool in wrk ab curl python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || { echo "bench: nginx is missing (apt-get install nginx-light)" >&2; exit 1; }
[ -x "$DAEMON" ] || { echo "bench: no ankiconnectd at $DAEMON (set DAEMON or BUILD_DIR)" >&2; exit 1; }

source "$REPO/bench/lib.sh"
bench_workdir ankc-bench

REQUEST='{"action": "version", "version": 6}'
REPLY='{"result": 6, "error": null}'
printf '%s' "$REQUEST" >"$WORK/version.json"


# start_daemon NAME PORT [extra YAML lines...]: an ankiconnectd with its own config and data dir.
start_daemon() {
  local name=$1 port=$2; shift 2
  mkdir -p "$WORK/$name/data"
  {
    echo "webBindPort: $port"
    echo "dataDir: $WORK/$name/data"
    echo "threads: $WORKERS"
    # A key may appear only once: the defaults of this script unless the caller sets them.
    case " $* " in *"logLevel:"*) ;; *) echo "logLevel: error" ;; esac
    case " $* " in *"webBacklog:"*) ;; *) echo "webBacklog: $BACKLOG" ;; esac
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
worker_processes $WORKERS;
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
    listen 127.0.0.1:$port backlog=$BACKLOG;
    location / {
      default_type application/json;
      add_header Access-Control-Allow-Origin http://localhost;
      add_header Access-Control-Allow-Headers *;
      return 200 '$REPLY';
    }
  }
}
NGINX
  "$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx/stderr" &
  PIDS+=($!)
  wait_ready "$port"
}

cat >"$WORK/version.lua" <<LUA
wrk.method = "POST"
wrk.body = '$REQUEST'
wrk.headers["Content-Type"] = nil
LUA

# run_wrk PORT CONNECTIONS -> "rps|p50_ms|p99_ms|errors"
run_wrk() {
  local port=$1 conns=$2 threads=1 out
  [ "$conns" -gt 1 ] && threads=2
  out="$(wrk -t"$threads" -c"$conns" -d"${DURATION}s" --latency -s "$WORK/version.lua" "http://127.0.0.1:$port/")"
  python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", v)
    n, u = float(m.group(1)), m.group(2)
    return n / 1000 if u == "us" else n if u == "ms" else n * 1000 if u == "s" else n * 60000
rps = re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)
p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
err = 0
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
if m: err += sum(int(x) for x in m.groups())
m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
if m: err += int(m.group(1))
print(f"{rps}|{p50:.3f}|{p99:.3f}|{err}")
PY
}

# run_ab PORT CONNECTIONS -> "rps|p50_ms|p99_ms|errors" (ab's percentiles are whole milliseconds)
run_ab() {
  local port=$1 conns=$2 out
  out="$(ab -q -t "$DURATION" -n "$((DURATION * 40000))" -c "$conns" -p "$WORK/version.json" -T application/json \
         "http://127.0.0.1:$port/" 2>&1 || true)"
  python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
m = re.search(r"Requests per second:\s+([\d.]+)", out)
if not m:
    print("0|0|0|ab failed: " + out.strip().splitlines()[-1] if out.strip() else "0|0|0|ab failed")
    sys.exit()
rps = m.group(1)
p50 = re.search(r"^\s+50%\s+(\d+)", out, re.M).group(1)
p99 = re.search(r"^\s+99%\s+(\d+)", out, re.M).group(1)
err = int(re.search(r"Failed requests:\s+(\d+)", out).group(1))
m = re.search(r"Non-2xx responses:\s+(\d+)", out)
if m: err += int(m.group(1))
print(f"{rps}|{p50}|{p99}|{err}")
PY
}

echo "bench: $(date -u +%FT%TZ), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"
echo "bench: binary $DAEMON ($(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo '?') checked out)"
echo "bench: ${DURATION} s per run, $ROUNDS rounds interleaved, $WORKERS workers and backlog $BACKLOG on both sides"
echo "bench: request $REQUEST -> reply $REPLY (both servers checked)"

EPOLL_PORT="$(free_port)"; start_daemon epoll "$EPOLL_PORT" "backend: native" "httpEngine: epoll"
PIST_PORT="$(free_port)"; start_daemon pistache "$PIST_PORT" "backend: native" "httpEngine: pistache"
NGINX_PORT="$(free_port)"; start_nginx "$NGINX_PORT"
BACKLOG5_PORT="$(free_port)"; start_daemon backlog5 "$BACKLOG5_PORT" "backend: native" "httpEngine: epoll" "webBacklog: 5"
INFO_PORT="$(free_port)"; start_daemon info "$INFO_PORT" "backend: native" "httpEngine: epoll" "logLevel: info"
PROXY_PORT="$(free_port)"
start_daemon proxy "$PROXY_PORT" "backend: proxy" "httpEngine: epoll" "upstreamUrl: http://127.0.0.1:$EPOLL_PORT"

RESULTS="$WORK/results"
: >"$RESULTS"
# record ROUND CLIENT CONNS LABEL RESULT
record() { echo "$1|$2|$3|$4|$5" >>"$RESULTS"; }

for round in $(seq 1 "$ROUNDS"); do
  echo "bench: round $round/$ROUNDS" >&2
  for client in wrk ab; do
    for conns in 1 64; do
      record "$round" "$client" "$conns" "ankiconnectd httpEngine: epoll" "$(run_$client "$EPOLL_PORT" "$conns")"
      record "$round" "$client" "$conns" "ankiconnectd httpEngine: pistache" "$(run_$client "$PIST_PORT" "$conns")"
      record "$round" "$client" "$conns" "nginx" "$(run_$client "$NGINX_PORT" "$conns")"
    done
  done
  record "$round" wrk 64 "ankiconnectd epoll, webBacklog: 5" "$(run_wrk "$BACKLOG5_PORT" 64)"
  record "$round" wrk 64 "ankiconnectd epoll, logLevel: info" "$(run_wrk "$INFO_PORT" 64)"
  record "$round" wrk 64 "ankiconnectd epoll, proxy -> ankiconnectd" "$(run_wrk "$PROXY_PORT" 64)"
done

python3 - "$RESULTS" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[1]) if l.strip()]
# round, client, conns, label, rps, p50, p99, errors
def fig(vals, d=0):
    return f"{statistics.median(vals):,.{d}f} ({min(vals):,.{d}f}–{max(vals):,.{d}f})"
keys = []
for r in rows:
    k = (r[1], int(r[2]), r[3])
    if k not in keys: keys.append(k)
print(f"{'client':6} {'conns':>5}  {'server':44} {'req/s median (min–max)':>28} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'ratio to nginx':>20}")
for client, conns, label in keys:
    mine = [r for r in rows if r[1] == client and int(r[2]) == conns and r[3] == label]
    rps = [float(r[4]) for r in mine]
    p50 = statistics.median(float(r[5]) for r in mine)
    p99 = statistics.median(float(r[6]) for r in mine)
    errs = []
    for r in mine:
        try: errs.append(int(r[7]))
        except ValueError: errs.append(r[7])
    err = sum(e for e in errs if isinstance(e, int))
    bad = [e for e in errs if not isinstance(e, int)]
    ratio = ""
    if label != "nginx":
        per_round = []
        for r in mine:
            n = [x for x in rows if x[0] == r[0] and x[1] == client and int(x[2]) == conns and x[3] == "nginx"]
            if n and float(n[0][4]) > 0: per_round.append(float(r[4]) / float(n[0][4]))
        if per_round: ratio = fig(per_round, 2)
    print(f"{client:6} {conns:>5}  {label:44} {fig(rps):>28} {p50:>8.2f} {p99:>8.2f} {err:>7} {ratio:>20}" +
          (f"  {bad[0]}" if bad else ""))
PY
echo "(logLevel info wrote $(wc -l <"$WORK/info/log") log lines)"

[ "${SKIP_STARTUP:-0}" = 1 ] && exit 0

if [ ! -x "$BUILD_DIR/bench/startup_bench" ] || [ ! -x "$BUILD_DIR/backends/native/search/search_bench" ]; then
  cmake --build "$BUILD_DIR" --target startup_bench search_bench -j2 >/dev/null
fi
STARTUP_BENCH="$BUILD_DIR/bench/startup_bench"

echo "start-up and idle memory, empty data dir:"
mkdir -p "$WORK/startup/data"
printf 'dataDir: %s\nthreads: %s\nlogLevel: error\n' "$WORK/startup/data" "$WORKERS" >"$WORK/startup/config.yaml"
"$STARTUP_BENCH" --runs "$STARTUP_RUNS" --idle-ms 1000 --body "$REQUEST" -- "$DAEMON" --config "$WORK/startup/config.yaml"

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
printf 'dataDir: %s\nthreads: %s\nlogLevel: error\n' "$WORK/big/data" "$WORKERS" >"$WORK/big/config.yaml"
echo "start-up and idle memory, 100k notes / 150k cards ($(du -h "$WORK/big/data/collection.anki2" | cut -f1)):"
"$STARTUP_BENCH" --runs "$STARTUP_RUNS" --idle-ms 1000 --body "$REQUEST" -- "$DAEMON" --config "$WORK/big/config.yaml"
"$STARTUP_BENCH" --runs "$STARTUP_RUNS" --idle-ms 1000 --body '{"action": "deckNames", "version": 6}' -- "$DAEMON" --config "$WORK/big/config.yaml"
