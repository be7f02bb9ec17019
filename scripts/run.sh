#!/usr/bin/env bash
# Set-up command 1: install what is missing, build ankiconnectd, and start it on 127.0.0.1:8765.
# Extra arguments go to the binary (e.g. --config my.yaml). Without a config it runs on the embedded
# defaults: a collection created under ~/.local/share/ankiconnectd on first start.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --target ankiconnectd -j"$(nproc)"
exec ./build/src/ankiconnectd serve "$@"
