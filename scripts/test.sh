#!/usr/bin/env bash
# Set-up command 2: install what is missing, build everything, and run every test through ctest.
# Then the same suite again built with ASan+UBSan (build-asan; any sanitizer report, leaks included,
# fails the run), and each libFuzzer harness for a bounded time (scripts/fuzz.sh, ANKC_FUZZ_SECONDS
# each, 60 by default; 0 skips them). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)"
(cd build && ctest --output-on-failure --timeout 900 -j"$(nproc)")

# The sanitizer build. Reports go to files (every process: test binaries and the daemons they start),
# so a report in a child process fails the run too, not only one in a test binary.
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DANKC_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
reports="$PWD/build-asan/sanitizer-reports"
rm -rf "$reports" && mkdir -p "$reports"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:log_path=$reports/asan"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$reports/ubsan"
status=0
(cd build-asan && ctest --output-on-failure --timeout 1800 -j"$(nproc)") || status=1
if [ -n "$(ls -A "$reports")" ]; then
  echo "sanitizer reports:" >&2
  cat "$reports"/* >&2
  status=1
fi
unset ASAN_OPTIONS UBSAN_OPTIONS
[ $status -eq 0 ] || exit $status

if [ "${ANKC_FUZZ_SECONDS:-60}" != 0 ]; then ./scripts/fuzz.sh "${ANKC_FUZZ_SECONDS:-60}"; fi
