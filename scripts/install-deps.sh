#!/usr/bin/env bash
# Installs the Debian 12 packages ankiconnectd needs to build, test and benchmark.
# Quiet and idempotent: does nothing when everything is present.
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config git python3 sqlite3 curl tzdata
  libpistache-dev libboost-json1.81-dev libsoci-dev libsqlite3-dev
  libcurl4-openssl-dev libzstd-dev libyaml-cpp-dev catch2
  libprotobuf-dev protobuf-compiler libssl-dev libre2-dev libzip-dev
  libutf8proc-dev libicu-dev libargon2-dev libcli11-dev
  clang libclang-rt-14-dev
)
# Tests only: a headless browser renders the admin status page (tests/admin_test.cc; skipped without).
# WITH_BROWSER=0 leaves it out (the Dockerfile's build stage).
if [ "${WITH_BROWSER:-1}" = 1 ]; then PKGS+=(chromium); fi
# Benchmarks only (bench/): nginx and wrk.
if [ "${WITH_BENCH:-0}" = 1 ]; then PKGS+=(nginx-light wrk); fi

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
