#!/usr/bin/env bash
# Build and run every benchmark; raw outputs go to bench/results/<name>.txt. Each benchmark measures its baseline
# in the same run and prints ratios, so results from a noisy machine remain comparable. Run on an idle machine
# (`uptime` load well below the core count); the machine's load is recorded with each result.
# Usage: bash bench/run_all.sh [build-dir]   (python3-xgboost is needed only for the learn baseline)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
export LMDS_DATA_DIR=$PWD/data OMP_WAIT_POLICY=PASSIVE OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j2 --target lmds_cli genome $(cd bench && ls bench_*.c | sed 's/\.c$//') >/dev/null
export LMDS_DB=$PWD/$BUILD/data/genome.sqlite
mkdir -p bench/results
run() { # name, command...
  local name=$1; shift
  echo "== $name: $*"
  { echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"; echo "# command: $*"
    "$@"; } 2>&1 | tee "bench/results/$name.txt"
}
run thermo "$BUILD/bench/bench_thermo" data/tdb/lmds.tdb
run supercon "$BUILD/bench/bench_supercon" data
run genome "$BUILD/bench/bench_genome" data 50
run tunnel "$BUILD/bench/bench_tunnel"
run learn "$BUILD/bench/bench_learn"
run design "$BUILD/bench/bench_design" --elements Bi,Pb,Sn --step 5 --reps 2
run design_mpi1 env OMP_NUM_THREADS=1 mpirun -n 1 "$BUILD/bench/bench_design" --mpi --elements Bi,Pb,Sn --step 5 --reps 2
run design_mpi2 env OMP_NUM_THREADS=1 mpirun -n 2 "$BUILD/bench/bench_design" --mpi --elements Bi,Pb,Sn --step 5 --reps 2
