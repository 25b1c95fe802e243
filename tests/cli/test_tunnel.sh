#!/bin/bash
# CLI tests for `lmds tunnel`: outputs and exit codes of real commands on the shipped data.
# Usage: bash test_tunnel.sh <path-to-lmds> <source-dir>
set -u
LMDS="$1"
SRC="$2"
export LMDS_DATA_DIR="${LMDS_DATA_DIR:-$SRC/data}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect CODE CMD...: run, keep stdout/stderr in $TMP/out and $TMP/err, check the exit code.
expect() {
    local code="$1"; shift
    "$@" >"$TMP/out" 2>"$TMP/err"
    local rc=$?
    [ "$rc" -eq "$code" ] || fail "'$*' exited $rc, expected $code: $(head -c 300 "$TMP/err")"
}

expect 0 "$LMDS" tunnel --help
grep -q "lmds formalisation" "$TMP/out" || fail "help does not label the model as our formalisation"

expect 0 "$LMDS" tunnel models
grep -q "10.5281/zenodo.17967154" "$TMP/out" || fail "models lacks the hypothesis reference"
grep -q "PhysRev.167.331" "$TMP/out" || fail "models lacks McMillan"

# Score: table, JSON, CSV and SVG from the shipped data.
expect 0 "$LMDS" tunnel score
grep -q "^Pb" "$TMP/out" || fail "score has no Pb row"
grep -q "signs right" "$TMP/out" || fail "score has no summary"
expect 0 "$LMDS" tunnel score --json --svg "$TMP/score.svg"
grep -q '"summary"' "$TMP/out" || fail "score --json has no summary"
grep -q "<svg" "$TMP/score.svg" || fail "score --svg wrote no SVG"
expect 0 "$LMDS" tunnel score --csv
head -1 "$TMP/out" | grep -q "^material,quantity" || fail "score --csv header"

# Diagram: Tc(P) of the tunnel model starts at the ambient Tc and does not fall; SVG with regions.
expect 0 "$LMDS" tunnel diagram Pb --P-max 0.01 --n 5 --csv
sed -n 2p "$TMP/out" | grep -q "^0,7.2," || fail "diagram: Tc(0) of Pb is not 7.2 K: $(sed -n 2p "$TMP/out")"
awk -F, 'NR>1 && $2!="inf" { if (prev != "" && $2+0 < prev+0) bad=1; prev=$2 } END { exit bad }' "$TMP/out" ||
    fail "diagram: tunnel Tc(P) decreases"
expect 0 "$LMDS" tunnel diagram Pb --svg "$TMP/pb.svg" --d-ins 3.13 --T-max 300 --P-max 2
grep -q "insulating (tunnel)" "$TMP/pb.svg" || fail "diagram SVG lacks the insulating region"
grep -q "electron-phonon" "$TMP/pb.svg" || fail "diagram SVG lacks the electron-phonon Tc(P)"
expect 0 "$LMDS" tunnel diagram Al --json --n 3
grep -q '"d_sc_A"' "$TMP/out" || fail "diagram --json lacks d_sc"

# Fit to the shipped Al rho(T) table (CRC) and to a plain two-column file.
expect 0 "$LMDS" tunnel fit Al --data "$SRC/data/pressure/measurements.csv"
grep -q "rms residual" "$TMP/out" || fail "fit prints no rms"
expect 0 "$LMDS" tunnel fit Al --data "$SRC/data/pressure/measurements.csv" --lift activated --json
grep -q '"E1"' "$TMP/out" || fail "fit --json lacks E1"
printf 'T_K,rho\n50,0.05\n100,0.44\n200,1.59\n300,2.73\n' > "$TMP/al.csv"
expect 0 "$LMDS" tunnel fit Al --data "$TMP/al.csv"

# Predict: the three modes.
expect 0 "$LMDS" tunnel predict Pb --n 3 --P-max 0.01
expect 0 "$LMDS" tunnel predict Pb --mode rho-p --T 300 --n 3
grep -q "conducting" "$TMP/out" || fail "predict rho-p shows no conducting state at 300 K"
expect 0 "$LMDS" tunnel predict Pb --mode rho-t --P 0 --n 3 --json
grep -q '"rho_tunnel"' "$TMP/out" || fail "predict --json lacks rho"

# Bad input: exit 1 with a message (with location for bad files); usage errors exit 2.
expect 1 "$LMDS" tunnel diagram Unobtainium
grep -q "Unobtainium" "$TMP/err" || fail "unknown material message"
printf 'T_K,rho\n50,0.05\n100,oops\n' > "$TMP/bad.csv"
expect 1 "$LMDS" tunnel fit Al --data "$TMP/bad.csv"
grep -q "bad.csv:3:5" "$TMP/err" || fail "bad data file error has no location: $(cat "$TMP/err")"
expect 1 "$LMDS" tunnel fit Al --data "$TMP/missing.csv"
expect 1 "$LMDS" tunnel diagram Ni
expect 2 "$LMDS" tunnel fit Al
expect 2 "$LMDS" tunnel diagram Pb --P-max abc
expect 2 "$LMDS" tunnel frobnicate
expect 2 "$LMDS" tunnel predict Pb --mode sideways
expect 2 "$LMDS" tunnel

[ "$fails" -eq 0 ] && echo "test_tunnel.sh: all passed"
exit "$fails"
