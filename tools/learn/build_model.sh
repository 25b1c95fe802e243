#!/usr/bin/env bash
# Rebuild the default discovery model of lmds learn and its documents (data/learn/rejects.csv, the model, its card
# and reliability diagram in data/models/), or only the rejects report with --labels-only.
# Run from anywhere after building lmds (cmake --build build); takes 7-16 minutes on 2 shared cores.
# Training is CPU-heavy: it runs under nice, and OpenMP threads sleep instead of spinning while they wait.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-$ROOT/build}
[ -f "$BUILD/liblmds.so" ] || { echo "build_model.sh: no $BUILD/liblmds.so: build lmds first" >&2; exit 1; }
TOOL=$(mktemp -d)
trap 'rm -rf "$TOOL"' EXIT
cc -O2 -Wall -I"$ROOT/include" "$ROOT/tools/learn/build_model.c" -L"$BUILD" -llmds -Wl,-rpath,"$BUILD" \
   -o "$TOOL/build_model"
export LMDS_DATA_DIR="$ROOT/data" OMP_WAIT_POLICY=PASSIVE
nice -n 10 "$TOOL/build_model" "$@"
CARD="$ROOT/data/models/lmds_tc_default.model.json"
if [ $# -eq 0 ]; then
    python3 -m json.tool --indent 1 "$CARD" >"$TOOL/card.json" && mv "$TOOL/card.json" "$CARD"
fi
