# bench/lib.sh — what the bench scripts share; sourced, not run.
#   bench_workdir NAME   a scratch folder in $WORK (removed on exit) and $PIDS, whose processes are
#                        stopped on exit: append each started server's pid to PIDS.
#   free_port            prints a free loopback port.
#   wait_ready PORT      waits (10 s at most) until `version` is answered on PORT, else exits 1.

bench_workdir() {
  WORK="$(mktemp -d "/tmp/$1.XXXXXX")"
  PIDS=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_ready() {
  local port=$1
  for _ in $(seq 1 200); do
    [ "$(curl -s -m 1 -d '{"action": "version", "version": 6}' "http://127.0.0.1:$port/" 2>/dev/null)" = \
      '{"result": 6, "error": null}' ] && return 0
    sleep 0.05
  done
  echo "bench: nothing answers version on port $port" >&2
  exit 1
}
