#!/usr/bin/env bash
# Builds the libFuzzer harnesses of fuzz/ (clang, ASan+UBSan) in build-fuzz and runs each for a bounded
# time. scripts/test.sh runs it with the default 60 s each; pass more for a longer campaign:
#   scripts/fuzz.sh [SECONDS_EACH] [HARNESS...]      (default: 60, every harness of fuzz/CMakeLists.txt)
# Harnesses run side by side, one per core. New inputs accumulate in build-fuzz/corpus/<harness>/ (the
# checked-in seeds under fuzz/corpus/ are only read). A crash, leak, timeout (10 s) or memory blow-up
# (2 GB) stops with a non-zero exit; libFuzzer saves the input under build-fuzz/findings/<harness>/:
# fix the bug and check the input in under fuzz/regressions/<harness>/, where ctest replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[ $# -gt 0 ] && shift
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=(request search template package package_import glob sync)

cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DANKC_FUZZ=ON \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target $(printf 'fuzz_%s ' "${harnesses[@]}")

run_one() {
  local h=$1 log=build-fuzz/fuzz-$1.log
  mkdir -p "build-fuzz/corpus/$h" "build-fuzz/findings/$h"
  if build-fuzz/fuzz/fuzz_"$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="build-fuzz/findings/$h/" "build-fuzz/corpus/$h" "fuzz/corpus/$h" >"$log" 2>&1; then
    echo "fuzz $h: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$') executions in ${seconds} s, no finding"
  else
    echo "fuzz $h: FAILED, see $log and build-fuzz/findings/$h/"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5
    return 1
  fi
}

failed=0
running=0
for h in "${harnesses[@]}"; do
  if [ "$running" -ge "$(nproc)" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
  run_one "$h" &
  running=$((running + 1))
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit $failed
