#!/usr/bin/env bash
# The whole test suite: release build + ctest, the same suite under ASan+UBSan, and the fuzz targets for a
# bounded time (FUZZ_SECONDS each, default 60). Run from the repository root after tools/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-2}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Two tests run at once on two cores: idle OpenMP threads must sleep, not spin (XGBoost slows 30x otherwise).
export OMP_WAIT_POLICY=PASSIVE

echo "== release build and tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$JOBS"
ctest --test-dir build --output-on-failure -j"$JOBS"

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DLMDS_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 LSAN_OPTIONS=suppressions=$PWD/tools/lsan.supp \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$JOBS" -LE slow

if command -v clang >/dev/null; then
  echo "== fuzzing (${FUZZ_SECONDS} s per target)"
  cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DLMDS_FUZZ=ON -DLMDS_WITH_TESTS=OFF -DLMDS_BUILD_GENOME=OFF \
        -DLMDS_WITH_MPI=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build build-fuzz -j"$JOBS" --target $(cd fuzz && ls fuzz_*.c | sed 's/\.c$//')
  for f in fuzz/fuzz_*.c; do
    name=$(basename "$f" .c)
    corpus=build-fuzz/corpus-$name
    mkdir -p "$corpus"
    [ -d "fuzz/seeds/$name" ] && cp -n fuzz/seeds/"$name"/* "$corpus"/ 2>/dev/null || true
    # Real files make the best seeds: the shipped databases and spectra.
    case $name in
      fuzz_tdb) cp -n data/tdb/*.tdb "$corpus"/ ;;
      fuzz_a2f) cp -n data/spectra/*ALPHA2F.OUT "$corpus"/ ;;
      fuzz_thermo_assess) cp -n data/thermo/*.csv "$corpus"/ 2>/dev/null || true ;;
      fuzz_genome_csv) cp -n data/genome/lmds_superconductors.csv "$corpus"/ ;;
    esac
    echo "-- $name"
    ASAN_OPTIONS=detect_leaks=1 ./build-fuzz/"$name" -max_total_time="$FUZZ_SECONDS" -print_final_stats=0 \
      -rss_limit_mb=2048 "$corpus" 2>&1 | tail -n 2
  done
fi
echo "== all test stages passed"
