#!/usr/bin/env bash
# Packaging checks (issue 14), on the built tree:  packaging_test.sh SOURCE_DIR BUILD_DIR
#  1. packaging/runtime-packages.txt names exactly the Debian packages of the libraries the binary
#     loads (ldd, then dpkg -S) - the Dockerfile's runtime stage and the .deb's Depends use that list;
#  2. `systemd-analyze verify` accepts packaging/ankiconnectd.service;
#  3. `cmake --install` puts the binary, the unit, the example config and the man page in place;
#  4. `cpack -G DEB` builds a .deb; unpacked with `dpkg -x` into a scratch root, its binary serves from
#     there (no systemctl) with the packaged config, and its /healthz answers 200, also to the
#     container's HEALTHCHECK script (packaging/healthcheck). No container image is built here.
# All scratch files live in one folder removed on exit.
set -euo pipefail
src=$1
build=$2
bin=$build/src/ankiconnectd
scratch=$(mktemp -d "${TMPDIR:-/tmp}/ankc_packaging.XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "--- 1. runtime packages = what the binary links"
package_of() {  # the package owning a library path; Debian 12's merged /usr lists some under /usr/lib
  local f=$1 p
  for candidate in "$f" "$(readlink -f "$f")" "/usr$f" "${f#/usr}"; do
    p=$(dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1) || true
    if [ -n "$p" ]; then echo "$p"; return; fi
  done
  fail "no package owns $f"
}
linked=$(ldd "$bin" | awk '/=> \//{print $3}' | while read -r lib; do package_of "$lib"; done | sort -u)
listed=$(grep -E '^[a-z0-9]' "$src/packaging/runtime-packages.txt" | sort -u)
if [ "$linked" != "$listed" ]; then
  diff <(echo "$listed") <(echo "$linked") >&2 || true
  fail "packaging/runtime-packages.txt (<) differs from the packages of the libraries ankiconnectd loads (>)"
fi

grep -q "grep -E '^\[a-z0-9\]' /tmp/runtime-packages.txt | xargs apt-get install" "$src/Dockerfile" \
  || fail "the Dockerfile's runtime stage does not install packaging/runtime-packages.txt"

echo "--- 2. systemd-analyze verify"
if command -v systemd-analyze >/dev/null; then
  mkdir -p "$scratch/unit"
  # The unit names /usr/bin/ankiconnectd, which verify requires to exist: point it at the built binary.
  sed "s#/usr/bin/ankiconnectd#$bin#" "$src/packaging/ankiconnectd.service" > "$scratch/unit/ankiconnectd.service"
  out=$(systemd-analyze verify --man=no "$scratch/unit/ankiconnectd.service" 2>&1) || fail "systemd-analyze verify: $out"
  [ -z "$out" ] || fail "systemd-analyze verify warns: $out"
else
  echo "systemd-analyze is not installed: skipped"
fi

echo "--- 3. cmake --install"
DESTDIR=$scratch/inst cmake --install "$build" --prefix /usr >/dev/null
for f in usr/bin/ankiconnectd usr/lib/systemd/system/ankiconnectd.service usr/share/man/man1/ankiconnectd.1 \
         usr/share/doc/ankiconnectd/config.yaml.example etc/ankiconnectd/config.yaml; do
  [ -f "$scratch/inst/$f" ] || fail "cmake --install did not write /$f"
done
grep -q '^ExecStart=/usr/bin/ankiconnectd serve --config /etc/ankiconnectd/config.yaml$' \
  "$scratch/inst/usr/lib/systemd/system/ankiconnectd.service" || fail "the installed unit's ExecStart"
head -n 1 "$scratch/inst/usr/share/man/man1/ankiconnectd.1" | grep -q '^\.TH ANKICONNECTD 1' || fail "man page header"
grep -q 'serve \[--config FILE\]' "$scratch/inst/usr/share/man/man1/ankiconnectd.1" || fail "man page lacks --help's text"

echo "--- 4. cpack -G DEB, dpkg -x, run"
(cd "$build" && cpack -G DEB -B "$scratch/pkg" >/dev/null)
deb=$(ls "$scratch"/pkg/ankiconnectd_*.deb)
depends=$(dpkg-deb -f "$deb" Depends)
[ "$depends" = "$(echo "$listed" | paste -sd, | sed 's/,/, /g')" ] || fail ".deb Depends: $depends"
dpkg-deb -f "$deb" Package | grep -qx ankiconnectd || fail ".deb Package"
dpkg -x "$deb" "$scratch/root"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port=$(free_port)
admin=$(free_port)
ANKICONNECT_DATA_DIR=$scratch/data ANKICONNECT_WEB_BIND_PORT=$port ANKICONNECT_ADMIN_BIND_PORT=$admin \
  "$scratch/root/usr/bin/ankiconnectd" serve --config "$scratch/root/etc/ankiconnectd/config.yaml" \
  2> "$scratch/server.log" &
server_pid=$!
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$admin/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
health=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$admin/healthz") || true
[ "$health" = 200 ] || { cat "$scratch/server.log" >&2; fail "/healthz of the unpacked .deb answered $health"; }
# The container's HEALTHCHECK script, against the same server.
ANKICONNECT_ADMIN_BIND_PORT=$admin bash "$src/packaging/healthcheck" || fail "packaging/healthcheck failed on a healthy server"
version=$(curl -s "http://127.0.0.1:$port" -d '{"action": "version", "version": 6}')
[ "$version" = '{"result": 6, "error": null}' ] || fail "version answered $version"
kill "$server_pid"
wait "$server_pid" || true
server_pid=""
[ -f "$scratch/data/collection.anki2" ] || fail "no collection in the data folder"
ANKICONNECT_ADMIN_BIND_PORT=$admin bash "$src/packaging/healthcheck" 2>/dev/null && fail "packaging/healthcheck passed with no server"
echo "packaging: all checks passed"
